//! Line-based cleaning: boilerplate, headings, list items, the dateline, and
//! the blocks of running text that sentences are split from.
//!
//! News text extracted from the web carries lines that are not part of the
//! report ("ALSO READ: …", "Advertisement", photo credits, share buttons,
//! copyright notices) and lines that are part of it but are not sentences
//! (section headings). Coding either produces false events, so the cleaner
//! takes them out, keeping each with its span and the reason it was removed
//! so that nothing silently disappears.
//!
//! The cleaner also decides where newlines end sentences. Most web text has
//! one paragraph (or one sentence) per line, so every newline ends a
//! sentence; wire text such as Reuters-21578 is *hard-wrapped* at about 70
//! columns, where a newline inside a paragraph is just a space. The two are
//! told apart from line-length statistics ([`is_hard_wrapped`]). In wrapped
//! text a blank line or an indented line starts a new paragraph.

use crate::normalize::is_space;
use crate::sentences::{skip_space, trim_end};
use crate::{Dateline, Heading, Removed, SentenceKind};

/// A block of text that sentences are split from: a line, a paragraph of a
/// hard-wrapped text, or a list item (marker excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First byte (after any dateline or list marker).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether the sentences of this block are running text or list items.
    pub kind: SentenceKind,
}

/// The result of cleaning one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// Boilerplate lines.
    pub removed: Vec<Removed>,
    /// Heading lines.
    pub headings: Vec<Heading>,
    /// The dateline, if the first paragraph opens with one.
    pub dateline: Option<Dateline>,
    /// The blocks of text to split into sentences, in order.
    pub blocks: Vec<Block>,
    /// Whether the text was judged hard-wrapped.
    pub hard_wrapped: bool,
}

/// One line: its raw start and its trimmed content span.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indented: bool,
}

impl Line {
    fn blank(&self) -> bool {
        self.start >= self.end
    }
}

/// Iterates over the lines of `text` (split at `\n`), trimmed.
fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        // A text ending in `\n` yields a last, empty line: harmless.
        if pos > bytes.len() {
            return None;
        }
        let raw_start = pos;
        let raw_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        pos = raw_end + 1;
        let s = skip_space(text, raw_start, raw_end);
        let e = if s < raw_end {
            trim_end(text, s, raw_end)
        } else {
            s
        };
        Some(Line {
            start: s,
            end: e,
            indented: s > raw_start && s < e,
        })
    })
}

/// Number of characters in `s`, counting no further than `cap`.
fn char_len(s: &str, cap: usize) -> usize {
    if s.len() <= cap {
        return s.bytes().filter(|b| (b & 0xC0) != 0x80).count();
    }
    s.chars().take(cap + 1).count()
}

/// Whether the last visible character of the line is terminal punctuation
/// (`. ! ? : ;`, possibly followed by closing quotes or brackets).
fn ends_terminal(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', ')', ']', '”', '’', '»']);
    t.ends_with(['.', '!', '?', ':', ';', '…', '。'])
}

/// Judges whether `text` is hard-wrapped: paragraphs broken into lines of
/// bounded length, many of which end mid-sentence. Web text with one
/// paragraph per line has long lines; wrapped wire text has almost none.
pub fn is_hard_wrapped(text: &str) -> bool {
    let mut nonblank = 0usize;
    let mut long = 0usize;
    let mut followed = 0usize;
    let mut cont = 0usize;
    let mut max_len = 0usize;
    let mut longest_cont = 0usize;
    let mut prev: Option<(usize, bool)> = None;
    for l in lines(text) {
        if l.blank() {
            prev = None;
            continue;
        }
        let s = &text[l.start..l.end];
        nonblank += 1;
        let len = char_len(s, 110);
        if len > 110 {
            long += 1;
        }
        max_len = max_len.max(len);
        if let Some((plen, pterm)) = prev {
            if !l.indented {
                followed += 1;
                let lower = s.chars().next().is_some_and(char::is_lowercase);
                if plen >= 35 && (!pterm || lower) {
                    cont += 1;
                    longest_cont = longest_cont.max(plen);
                }
            }
        }
        prev = Some((len, ends_terminal(s)));
    }
    // A short wire story may have a single wrapped line; accept it when every
    // line is short and the wrapped one is near the usual wrap width.
    let short_story = cont == 1 && max_len <= 80 && longest_cont >= 55;
    (cont >= 2 || short_story) && long * 5 < nonblank && cont * 3 >= followed
}

/// Cleans `text`: finds boilerplate, headings, list items and the dateline,
/// and cuts the rest into blocks for the sentence splitter.
pub fn clean(text: &str) -> Cleaned {
    let hard = is_hard_wrapped(text);
    let mut out = Cleaned {
        hard_wrapped: hard,
        ..Cleaned::default()
    };
    let mut open: Option<Block> = None;
    let mut seen_content = false;
    // Whether the previous line ended a paragraph (blank, boilerplate or
    // heading): in wrapped text only such lines, or indented ones, can start
    // a heading, a list item or a boilerplate line.
    let mut after_break = true;
    let mut prev_terminal = true;
    let mut prev_last_char = ' ';
    let mut it = lines(text).peekable();
    while let Some(l) = it.next() {
        if l.blank() {
            close(&mut open, &mut out.blocks);
            after_break = true;
            prev_terminal = true;
            continue;
        }
        let next_breaks = it.peek().is_none_or(|n| n.blank() || n.indented);
        let para_start = !hard || after_break || l.indented;
        let s = &text[l.start..l.end];
        let terminal = ends_terminal(s);
        let prev_was_terminal = prev_terminal;
        prev_terminal = terminal;
        let prev_last =
            std::mem::replace(&mut prev_last_char, s.chars().next_back().unwrap_or(' '));
        // A line that starts in lower case (or with a number after a line
        // ending in a lower-case word or a comma) after a line without
        // final punctuation continues the sentence, wrapped or not.
        let first_char = s.chars().next().unwrap_or(' ');
        let lower_continuation = !prev_was_terminal
            && (first_char.is_lowercase()
                || (first_char.is_ascii_digit() && (prev_last.is_lowercase() || prev_last == ',')));
        let may_start = para_start && !lower_continuation;
        let reason = if may_start || prev_was_terminal {
            boilerplate_reason(s).filter(|&r| may_start || r == "signoff")
        } else {
            None
        };
        if let Some(reason) = reason {
            close(&mut open, &mut out.blocks);
            out.removed.push(Removed {
                text: s.to_string(),
                start: l.start,
                end: l.end,
                reason: reason.to_string(),
            });
            after_break = true;
            prev_terminal = true;
            continue;
        }
        let mut start = l.start;
        if !seen_content {
            if let Some(d) = parse_dateline(text, l.start, l.end) {
                start = skip_space(text, d.end, l.end);
                out.dateline = Some(d);
                seen_content = true;
                if start >= l.end {
                    continue;
                }
            }
        }
        let s = &text[start..l.end];
        if let Some(m) = item_marker(s).filter(|_| para_start) {
            close(&mut open, &mut out.blocks);
            open = Some(Block {
                start: start + m,
                end: l.end,
                kind: SentenceKind::Item,
            });
            seen_content = true;
            after_break = false;
            continue;
        }
        if start == l.start && para_start && (!hard || next_breaks) && is_heading(s) {
            close(&mut open, &mut out.blocks);
            out.headings.push(Heading {
                text: s.to_string(),
                start: l.start,
                end: l.end,
            });
            after_break = true;
            prev_terminal = true;
            continue;
        }
        seen_content = true;
        after_break = false;
        // Wrapped text: a line continues its paragraph unless indented.
        // Otherwise: only a line that starts in lower case after a line
        // without final punctuation continues the sentence.
        let continues = if hard {
            !l.indented
        } else {
            lower_continuation
        };
        match &mut open {
            Some(b) if continues => b.end = l.end,
            _ => {
                close(&mut open, &mut out.blocks);
                open = Some(Block {
                    start,
                    end: l.end,
                    kind: SentenceKind::Sentence,
                });
            }
        }
    }
    close(&mut open, &mut out.blocks);
    out
}

fn close(open: &mut Option<Block>, blocks: &mut Vec<Block>) {
    if let Some(b) = open.take() {
        if b.start < b.end {
            blocks.push(b);
        }
    }
}

/// If the line starts with a list marker (`- `, `• `, `* `, `– `, `1. `,
/// `2) `, `(a) `), the byte length of the marker and the space after it.
pub fn item_marker(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let marker = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if d > 3 || !matches!(b.get(d), Some(b'.') | Some(b')')) {
                return None;
            }
            d + 1
        }
        b'(' => {
            let d = b[1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            if d == 0 || d > 3 || b.get(d + 1) != Some(&b')') {
                return None;
            }
            if !b[1..=d].iter().all(u8::is_ascii_digit) && d > 1 {
                // `(a)`, `(b)`, `(1)`, `(12)` but not `(AP)`.
                return None;
            }
            d + 2
        }
        b'a'..=b'z' if b.get(1) == Some(&b')') => 2,
        _ => {
            let c = line.chars().next()?;
            if matches!(
                c,
                '•' | '–'
                    | '·'
                    | '▪'
                    | '►'
                    | '‣'
                    | '◦'
                    | '●'
                    | '■'
                    | '○'
                    | '→'
                    | '✓'
                    | '✔'
            ) {
                c.len_utf8()
            } else {
                return None;
            }
        }
    };
    let rest = line.get(marker..)?;
    let after = rest.trim_start_matches([' ', '\t', '\u{a0}']);
    if after.len() == rest.len() || !after.chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    Some(line.len() - after.len())
}

/// Small words that stay lower case in title-case headings.
#[rustfmt::skip]
const TITLE_STOPWORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "into", "onto", "over", "under", "via", "per", "vs", "vs.", "versus", "up",
    "out", "off", "about", "after", "before", "between", "against", "among", "amid", "without",
    "within", "upon", "than", "so", "yet", "if", "is", "are", "was", "be", "de", "la", "le", "du",
    "van", "von", "der", "al", "bin", "da", "del", "y", "et",
];

/// Whether a line is a heading: short, title case or all capitals, and
/// without final punctuation. Lower-case content words ("said", "met")
/// rule a line out, which keeps short sentences that lack a period from
/// being taken for headings.
pub fn is_heading(line: &str) -> bool {
    if line.is_empty() || line.len() > 400 || char_len(line, 120) > 120 {
        return false;
    }
    let last = line.chars().next_back().unwrap_or('.');
    if matches!(
        last,
        '.' | ',' | ';' | ':' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | '-' | '–' | '—'
    ) {
        return false;
    }
    let mut words = 0;
    let mut capitalised = 0;
    let mut first = true;
    for w in line.split(|c: char| is_space(c)).filter(|w| !w.is_empty()) {
        words += 1;
        if words > 14 {
            return false;
        }
        let letter = w.chars().find(|c| c.is_alphabetic());
        let Some(letter) = letter else {
            continue;
        };
        // Words must start with their letter (after opening punctuation).
        let lead = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        if lead.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        if letter.is_uppercase() {
            capitalised += 1;
        } else if first
            || !TITLE_STOPWORDS.contains(&lead.trim_end_matches(|c: char| !c.is_alphanumeric()))
        {
            return false;
        }
        first = false;
    }
    capitalised >= 1 && (words >= 2 || line.chars().filter(|c| c.is_alphabetic()).count() >= 4)
}

/// Why a line is boilerplate, or `None` if it is not.
pub fn boilerplate_reason(line: &str) -> Option<&'static str> {
    if !line.chars().any(char::is_alphanumeric) {
        return Some("separator");
    }
    if let Some(r) = phrase_reason(line) {
        return Some(r);
    }
    if line.len() <= 200 {
        return short_line_reason(line);
    }
    None
}

/// The rules that look only at how a line starts (or whether it is exactly a
/// boilerplate phrase): cheap enough to run on every sentence too.
fn phrase_reason(line: &str) -> Option<&'static str> {
    let bytes = line.as_bytes();
    // Lower-cased prefix, enough for every rule below.
    let mut buf = [0u8; 64];
    let n = bytes.len().min(64);
    for (d, s) in buf.iter_mut().zip(&bytes[..n]) {
        *d = s.to_ascii_lowercase();
    }
    let low = &buf[..n];
    let whole = n == bytes.len();
    let core = trim_decor(low);

    let &first = core.first()?;
    // Lines that are exactly a boilerplate phrase.
    if whole && core.len() <= 40 {
        if let Some(r) = exact_reason(core) {
            return Some(r);
        }
    }
    // A phrase followed by a separator (`:`, `|`, `-`, `»`) or nothing.
    for &(p, r) in PREFIX_SEP {
        if p.as_bytes()[0] != first {
            continue;
        }
        if let Some(rest) = core.strip_prefix(p.as_bytes()) {
            let rest = rest.trim_ascii_start();
            if rest.is_empty() && (whole || core.len() < low.len())
                || matches!(rest.first(), Some(b':' | b'|' | b'>' | b'-'))
                || rest.starts_with("»".as_bytes())
                || rest.starts_with("–".as_bytes())
                || rest.starts_with("—".as_bytes())
            {
                return Some(r);
            }
        }
    }
    // A phrase followed by anything.
    for &(p, r) in PREFIX_ANY {
        if p.as_bytes()[0] == first && core.starts_with(p.as_bytes()) {
            return Some(r);
        }
    }
    None
}

/// The reasons whose rules are safe to apply to single sentences.
#[rustfmt::skip]
const SENTENCE_REASONS: &[&str] = &[
    "photo", "read-more", "related", "advertisement", "signoff", "share", "credit", "copyright",
    "subscribe", "newsletter", "click-here", "follow", "cookie",
];

/// Why a short sentence is boilerplate, if it is: a photo credit or a
/// sign-off that shares its line with real text (`Protesters at the march.
/// Image: Jane Doe.`, `… an ounce. REUTER`). Only the rules that cannot
/// match ordinary sentences apply (no date, byline or heading-like rules).
pub fn sentence_boilerplate(sentence: &str) -> Option<&'static str> {
    if sentence.len() > 120 {
        return None;
    }
    phrase_reason(sentence).filter(|r| SENTENCE_REASONS.contains(r))
}

/// Drops leading decoration (`►`, `»`, `|`, `>`, `*`, `#`) before matching.
fn trim_decor(low: &[u8]) -> &[u8] {
    let mut s = low;
    loop {
        let t = s.trim_ascii_start();
        let t = if let Some(r) = t
            .strip_prefix("►".as_bytes())
            .or_else(|| t.strip_prefix("»".as_bytes()))
        {
            r
        } else if let Some(r) = t
            .strip_prefix(b">")
            .or_else(|| t.strip_prefix(b"|"))
            .or_else(|| t.strip_prefix(b"#"))
        {
            r
        } else {
            return t;
        };
        s = t;
    }
}

/// Whole lines that are boilerplate (lower case, trailing punctuation
/// ignored), by reason.
#[rustfmt::skip]
const EXACT: &[(&str, &[&str])] = &[
    ("advertisement", &[
        "advertisement", "advertising", "ad", "sponsored", "sponsored content", "paid content",
        "promoted", "story continues below advertisement",
    ]),
    ("share", &[
        "share", "share this", "share this article", "share this story", "share article",
        "share on facebook", "share on twitter", "tweet", "email", "e-mail", "print", "copy link",
        "copy link to clipboard", "facebook", "twitter", "whatsapp", "linkedin", "reddit",
        "pinterest", "save", "bookmark", "share via",
    ]),
    ("signoff", &[
        "reuter", "reuters", "ap", "afp", "(ap)", "(reuters)", "(afp)", "upi", "xinhua", "end",
        "-30-", "###",
    ]),
    ("related", &[
        "related", "related articles", "related stories", "related news", "related content",
        "related coverage", "related posts", "related topics", "related links", "related reading",
        "related videos", "related video", "more stories", "more news", "top stories",
        "recommended", "recommended stories", "you may also like", "you might also like",
        "most read", "most popular", "trending", "trending now", "more from this section",
    ]),
    ("read-more", &[
        "read more", "read also", "also read", "see more", "show more", "continue reading",
        "read the full story", "read full article", "read full story", "keep reading",
    ]),
    ("navigation", &[
        "comments", "leave a comment", "loading", "skip to content", "skip to main content",
        "back to top", "menu", "close", "home", "listen to this article", "listen", "play",
        "watch", "next", "previous",
    ]),
    ("subscribe", &[
        "subscribe", "subscribe now", "sign up", "sign in", "log in", "register",
    ]),
    ("copyright", &[
        "all rights reserved",
    ]),
];

fn exact_reason(core: &[u8]) -> Option<&'static str> {
    let mut t = core;
    while let Some((&last, rest)) = t.split_last() {
        if matches!(last, b'.' | b':' | b' ' | b'!' | b'>' | b'|') {
            t = rest;
        } else {
            break;
        }
    }
    let t = t.strip_suffix("…".as_bytes()).unwrap_or(t);
    EXACT
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| p.as_bytes() == t))
        .map(|&(reason, _)| reason)
}

/// Phrases that mark a line as boilerplate when a separator or the line's end follows.
const PREFIX_SEP: &[(&str, &str)] = &[
    ("also read", "read-more"),
    ("read more", "read-more"),
    ("read also", "read-more"),
    ("see also", "read-more"),
    ("more on this", "read-more"),
    ("must read", "read-more"),
    ("don't miss", "read-more"),
    ("recommended", "related"),
    ("related", "related"),
    ("related articles", "related"),
    ("related stories", "related"),
    ("related news", "related"),
    ("related coverage", "related"),
    ("related content", "related"),
    ("more from", "related"),
    ("photo", "photo"),
    ("photos", "photo"),
    ("photograph", "photo"),
    ("image", "photo"),
    ("images", "photo"),
    ("picture", "photo"),
    ("file photo", "photo"),
    ("photo credit", "photo"),
    ("image credit", "photo"),
    ("credit", "photo"),
    ("caption", "photo"),
    ("watch", "media"),
    ("video", "media"),
    ("listen", "media"),
    ("advertisement", "advertisement"),
    ("sponsored", "advertisement"),
    ("updated", "date"),
    ("published", "date"),
    ("last updated", "date"),
    ("posted", "date"),
    ("first published", "date"),
    ("tags", "tags"),
    ("topics", "tags"),
    ("filed under", "tags"),
    ("copyright", "copyright"),
];

/// Phrases that mark a line as boilerplate whatever follows them.
const PREFIX_ANY: &[(&str, &str)] = &[
    ("(photo", "photo"),
    ("(photos", "photo"),
    ("(image", "photo"),
    ("(file photo", "photo"),
    ("(ap photo", "photo"),
    ("(reuters photo", "photo"),
    ("(afp photo", "photo"),
    ("(getty", "photo"),
    ("photo by ", "photo"),
    ("photos by ", "photo"),
    ("photo courtesy", "photo"),
    ("image caption", "photo"),
    ("image source", "photo"),
    ("image copyright", "photo"),
    ("media caption", "photo"),
    ("subscribe ", "subscribe"),
    ("subscribe to ", "subscribe"),
    ("sign up for ", "newsletter"),
    ("sign up to ", "newsletter"),
    ("sign up now", "newsletter"),
    ("get our newsletter", "newsletter"),
    ("get the newsletter", "newsletter"),
    ("click here", "click-here"),
    ("tap here", "click-here"),
    ("follow us ", "follow"),
    ("follow us:", "follow"),
    ("follow our ", "follow"),
    ("like us on ", "follow"),
    ("join us on ", "follow"),
    ("share this ", "share"),
    ("share on ", "share"),
    ("copyright ©", "copyright"),
    ("copyright (c)", "copyright"),
    ("copyright 1", "copyright"),
    ("copyright 2", "copyright"),
    ("©", "copyright"),
    ("(c) 1", "copyright"),
    ("(c) 2", "copyright"),
    ("all rights reserved", "copyright"),
    ("we use cookies", "cookie"),
    ("this site uses cookies", "cookie"),
    ("this website uses cookies", "cookie"),
    ("by continuing to use", "cookie"),
    ("accept cookies", "cookie"),
    ("cookie policy", "cookie"),
    ("cookie settings", "cookie"),
    ("(reporting by", "credit"),
    ("reporting by ", "credit"),
    ("(writing by", "credit"),
    ("writing by ", "credit"),
    ("(editing by", "credit"),
    ("editing by ", "credit"),
    ("(additional reporting", "credit"),
    ("additional reporting by", "credit"),
    ("compiled by ", "credit"),
    ("story continues below", "advertisement"),
    ("continue reading", "read-more"),
    ("skip to ", "navigation"),
    ("download our app", "navigation"),
    ("download the app", "navigation"),
    ("this article was originally", "note"),
    ("this story was originally", "note"),
    ("this article first appeared", "note"),
    ("this article originally appeared", "note"),
    ("originally published", "note"),
];

/// Rules that need the whole (short) line: bylines, date lines, share bars,
/// photo credits and copyright notices anywhere in the line.
fn short_line_reason(line: &str) -> Option<&'static str> {
    // ASCII lower case keeps the bytes valid UTF-8; no allocation.
    let mut buf = [0u8; 200];
    let n = line.len().min(200);
    for (d, s) in buf.iter_mut().zip(&line.as_bytes()[..n]) {
        *d = s.to_ascii_lowercase();
    }
    let low = &buf[..n];
    // Haystacks are short: find the first byte, then compare.
    let has = |needle: &str| {
        let n = needle.as_bytes();
        memchr::memchr_iter(n[0], low).any(|i| low[i..].starts_with(n))
    };
    if has("all rights reserved") || line.contains('©') {
        return Some("copyright");
    }
    if line.len() <= 120
        && (line.contains("REUTERS/") || has("getty images") || has("/afp") || has("/ap photo"))
    {
        return Some("photo");
    }
    if has("newsletter") && (has("sign up") || has("subscribe") || has("inbox")) {
        return Some("newsletter");
    }
    if has("cookies") && (has("we use") || has("accept") || has("this site")) {
        return Some("cookie");
    }
    let lower = std::str::from_utf8(low).unwrap_or("");
    if is_byline(line) {
        return Some("byline");
    }
    if is_attribution(line) {
        return Some("attribution");
    }
    if is_date_line(lower) {
        return Some("date");
    }
    if is_share_bar(lower) {
        return Some("share");
    }
    None
}

/// `—Jane Doe, Reuters` under a pull quote: a dash, then a short name.
fn is_attribution(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('—').or_else(|| line.strip_prefix('―')) else {
        return false;
    };
    let rest = rest.trim_start();
    rest.chars().next().is_some_and(char::is_uppercase)
        && rest.len() <= 80
        && !ends_terminal(rest)
        && rest.split(' ').count() <= 8
}

/// `By Jane Doe` or `By Jane Doe and John Roe, Reuters`: few, capitalised words.
fn is_byline(line: &str) -> bool {
    let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    else {
        return false;
    };
    if ends_terminal(line) {
        return false;
    }
    let mut n = 0;
    for w in rest.split([' ', ',']).filter(|w| !w.is_empty()) {
        n += 1;
        let first = w.chars().next().unwrap_or(' ');
        if n > 8
            || !(first.is_uppercase()
                || matches!(w, "and" | "in" | "of" | "&" | "|" | "-" | "–" | "—"))
        {
            return false;
        }
    }
    n >= 1
}

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
    "jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov",
    "november", "dec", "december",
];
#[rustfmt::skip]
const WEEKDAYS: &[&str] = &[
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
];

fn is_month(w: &str) -> bool {
    MONTHS.contains(&w.trim_end_matches('.'))
}

/// Words that may stand in a date line besides day and month names and numbers.
#[rustfmt::skip]
const DATE_WORDS: &[&str] = &[
    "am", "pm", "a.m", "p.m", "gmt", "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "cet",
    "cest", "bst", "ist", "jst", "et", "pt", "updated", "published", "posted", "last", "on", "at",
    "-", "–", "—", "·", "•", "/", "hours", "ago", "minutes", "min", "read",
];

/// A line that is only a date or timestamp (`Friday, January 4, 2019`,
/// `Updated 10:32 AM EST, Nov 4, 2025`, `2025-11-04`).
fn is_date_line(lower: &str) -> bool {
    if lower.len() > 80 || lower.ends_with('.') {
        return false;
    }
    let mut named = false;
    let mut iso = false;
    let mut number = false;
    for w in lower
        .split(|c: char| is_space(c) || c == ',' || c == '|')
        .filter(|w| !w.is_empty())
    {
        let w = w.trim_end_matches('.');
        if is_month(w) || WEEKDAYS.contains(&w) {
            named = true;
        } else if (w.bytes().all(|b| b.is_ascii_digit()) && matches!(w.len(), 1 | 2 | 4))
            || (w.len() <= 4
                && w.len() > 2
                && w.as_bytes()[0].is_ascii_digit()
                && (w.ends_with("st")
                    || w.ends_with("nd")
                    || w.ends_with("rd")
                    || w.ends_with("th")))
        {
            // A day, a year, or an ordinal (`4th`).
            number = true;
        } else if w.bytes().all(|b| {
            b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.' | b':' | b'+' | b't' | b'z')
        }) && w.bytes().filter(u8::is_ascii_digit).count() >= 4
            && w.bytes().any(|b| matches!(b, b'-' | b'/' | b':'))
        {
            if w.contains(':') {
                number = true;
            } else {
                iso = true;
            }
        } else if !DATE_WORDS.contains(&w) {
            return false;
        }
    }
    (named && number) || iso
}

/// Words of a row of share buttons.
#[rustfmt::skip]
const SHARE_WORDS: &[&str] = &[
    "facebook", "twitter", "x", "whatsapp", "linkedin", "email", "e-mail", "print", "reddit",
    "pinterest", "telegram", "share", "tweet", "copy", "link", "messenger", "flipboard",
    "comments", "save",
];

/// A row of social-media share buttons.
fn is_share_bar(lower: &str) -> bool {
    if lower.len() > 100 {
        return false;
    }
    let mut n = 0;
    for w in lower
        .split(|c: char| is_space(c) || matches!(c, '|' | '·' | ',' | '•' | '/'))
        .filter(|w| !w.is_empty())
    {
        if !SHARE_WORDS.contains(&w) {
            return false;
        }
        n += 1;
    }
    n >= 2
}

/// A dateline at the start of the first paragraph: `BEIJING (Reuters) -`,
/// `MOSCOW, Nov 4 (AP) —`, `WASHINGTON —`, `KYIV, Ukraine (AP) —`,
/// `SALVADOR, Feb 26 -`. The place is in capitals unless an agency is
/// named (`London (CNN) —`), which keeps ordinary sentences that happen to
/// contain a dash from being read as datelines.
pub fn parse_dateline(text: &str, start: usize, end: usize) -> Option<Dateline> {
    let s = text.get(start..end)?;
    let b = s.as_bytes();
    // The place: up to four words of capitals (or title case).
    let mut p = 0;
    let mut words = 0;
    let mut all_caps = true;
    let mut letters = 0;
    loop {
        let w_start = p;
        for c in s[p..].chars() {
            if c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '’') {
                if c.is_lowercase() {
                    all_caps = false;
                }
                if c.is_alphabetic() {
                    letters += 1;
                }
                p += c.len_utf8();
            } else {
                break;
            }
        }
        if p == w_start || !s[w_start..].chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        words += 1;
        if words > 4 {
            return None;
        }
        if b.get(p) == Some(&b' ')
            && s[p + 1..].chars().next().is_some_and(char::is_uppercase)
            && !next_is_agency_or_dash(&s[p + 1..])
        {
            p += 1;
            continue;
        }
        break;
    }
    if letters < 2 {
        return None;
    }
    let mut place_end = p;
    let mut date: Option<(usize, usize)> = None;
    // Comma parts: a date (`Nov 4`, `Nov. 4, 2025`) or a region (`Ukraine`).
    for _ in 0..3 {
        if !s[p..].starts_with(", ") {
            break;
        }
        let ps = p + 2;
        let pe = ps
            + s[ps..]
                .find([',', '(', '-', '–', '—'])
                .unwrap_or(s.len() - ps);
        let part = s[ps..pe].trim_end();
        if part.is_empty() || part.len() > 30 {
            return None;
        }
        let pe = ps + part.len();
        if is_date_part(part) {
            date = Some((ps, pe));
        } else if let (Some((ds, _)), true) = (
            date,
            part.len() == 4 && part.bytes().all(|c| c.is_ascii_digit()),
        ) {
            date = Some((ds, pe));
        } else if date.is_none()
            && part.split(' ').count() <= 3
            && part
                .split(' ')
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            place_end = pe;
        } else {
            return None;
        }
        p = pe;
    }
    let mut agency = None;
    let q = p + s[p..].len() - s[p..].trim_start_matches(' ').len();
    if s[q..].starts_with('(') {
        let close = s[q..].find(')')?;
        let inner = &s[q + 1..q + close];
        if inner.is_empty()
            || inner.len() > 40
            || !inner.chars().next().is_some_and(char::is_alphabetic)
            || inner.contains(['.', ',', ';']) && inner.len() > 20
        {
            return None;
        }
        agency = Some(inner.to_string());
        p = q + close + 1;
    }
    let q = p + s[p..].len() - s[p..].trim_start_matches(' ').len();
    if q == p {
        return None;
    }
    let dash = ["--", "-", "–", "—", "―"]
        .into_iter()
        .find(|d| s[q..].starts_with(d))?;
    let dash_end = q + dash.len();
    let after = &s[dash_end..];
    if !(after.is_empty() || after.starts_with(|c: char| is_space(c))) {
        return None;
    }
    if !all_caps && agency.is_none() {
        return None;
    }
    // A bare place (`WASHINGTON —`) needs a real dash: `ZINC - prices` is a
    // table heading, not a dateline.
    if agency.is_none() && date.is_none() && dash == "-" {
        return None;
    }
    Some(Dateline {
        text: s[..dash_end].to_string(),
        start,
        end: start + dash_end,
        place: s[..place_end].to_string(),
        agency,
        date: date.map(|(a, e)| s[a..e].to_string()),
    })
}

fn next_is_agency_or_dash(s: &str) -> bool {
    s.starts_with('(') || s.starts_with('-') || s.starts_with('–') || s.starts_with('—')
}

/// `Nov 4`, `Nov. 4`, `November 4`, `Tuesday`, `4 Nov`.
fn is_date_part(part: &str) -> bool {
    let mut ws = part.split(' ');
    let (Some(a), b, None) = (ws.next(), ws.next(), ws.next()) else {
        return false;
    };
    let a_low = a.to_ascii_lowercase();
    let is_day = |w: &str| !w.is_empty() && w.len() <= 2 && w.bytes().all(|c| c.is_ascii_digit());
    match b {
        None => WEEKDAYS.contains(&a_low.as_str()),
        Some(b) => {
            let b_low = b.to_ascii_lowercase();
            (is_month(&a_low) && is_day(b)) || (is_day(a) && is_month(&b_low))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_lines() {
        let cases = [
            (
                "ALSO READ: Travel Chaos: Internet Outage Strands Passengers After Tanzania Vote",
                "read-more",
            ),
            ("READ MORE: Xi meets Putin", "read-more"),
            ("Read more: Xi meets Putin", "read-more"),
            ("Read more", "read-more"),
            ("Related: Putin visits Beijing", "related"),
            ("RELATED ARTICLES", "related"),
            ("Advertisement", "advertisement"),
            ("ADVERTISEMENT", "advertisement"),
            ("Photo: Reuters", "photo"),
            ("Image: Getty", "photo"),
            ("(Photo by Li Wei/AFP via Getty Images)", "photo"),
            ("Photo by Li Wei", "photo"),
            ("Subscribe to our daily briefing", "subscribe"),
            ("Sign up for our newsletter", "newsletter"),
            ("Share this article", "share"),
            ("Click here to read the full report", "click-here"),
            ("Follow us on Twitter", "follow"),
            ("© 2025 Example News", "copyright"),
            (
                "Copyright 2025 The Associated Press. All rights reserved.",
                "copyright",
            ),
            ("All rights reserved", "copyright"),
            ("We use cookies to improve your experience.", "cookie"),
            ("(Reporting by Jane Doe; Editing by John Roe)", "credit"),
            ("Reuter", "signoff"),
            ("REUTER", "signoff"),
            ("Friday, January 4, 2019", "date"),
            ("Updated 10:32 AM EST, Tue November 4, 2025", "date"),
            ("2025-11-04", "date"),
            ("By Jane Doe and John Roe", "byline"),
            ("Facebook Twitter WhatsApp Email", "share"),
            ("***", "separator"),
            ("—Natasha Gownaris", "attribution"),
            ("— Mike DeWine, Twitter", "attribution"),
            ("► Read more: something", "read-more"),
        ];
        for (line, reason) in cases {
            assert_eq!(boilerplate_reason(line), Some(reason), "{line}");
        }
    }

    #[test]
    fn real_sentences_are_not_boilerplate() {
        for line in [
            "Photo evidence was presented to the court.",
            "The photo showed the minister at the scene.",
            "Related talks will continue next week.",
            "Share prices fell 3% on Monday.",
            "Subscribers complained about the service.",
            "By Tuesday, the talks had collapsed.",
            "By the end of the year, trade had fallen.",
            "Copyrighted material was seized.",
            "Watch officials said the ceasefire held.",
            "Image problems have plagued the government.",
            "Updated figures show growth slowed.",
            "Posted troops were withdrawn.",
            "Chinese President Xi Jinping held a bilateral meeting.",
            "May 4 was chosen as the date of the vote, officials said.",
            "February 1987.",
            "— and then he left.",
        ] {
            assert_eq!(boilerplate_reason(line), None, "{line}");
        }
    }

    #[test]
    fn headings() {
        for h in [
            "Deepening the Strategic Partnership",
            "Call for Favorable Investment Conditions",
            "Joint Diplomatic Pledges",
            "RUSSIA AND CHINA SIGN DEAL",
            "Background",
            "Xi's Visit to Moscow in 2025",
        ] {
            assert!(is_heading(h), "{h}");
        }
        for h in [
            "He said no",
            "Officials met on Monday",
            "Prices rose.",
            "The President Resigned.",
            "What Happens Next?",
            "Energy and agriculture",
            "Shr 12 cts vs 10 cts",
            "in Beijing",
            "NEW",
        ] {
            assert!(!is_heading(h), "{h}");
        }
    }

    #[test]
    fn items() {
        assert_eq!(item_marker("- Energy and Agriculture"), Some(2));
        assert_eq!(item_marker("• Energy"), Some(4));
        assert_eq!(item_marker("* Energy"), Some(2));
        assert_eq!(item_marker("– Energy"), Some(4));
        assert_eq!(item_marker("1. Energy"), Some(3));
        assert_eq!(item_marker("12) Energy"), Some(4));
        assert_eq!(item_marker("(a) Energy"), Some(4));
        assert_eq!(item_marker("-5% growth"), None);
        assert_eq!(item_marker("1987 was a year"), None);
        assert_eq!(item_marker("3.5 million people"), None);
        assert_eq!(item_marker("(AP) something"), None);
        assert_eq!(item_marker("- "), None);
        assert_eq!(item_marker("Energy"), None);
    }

    fn dl(s: &str) -> Option<(String, String, Option<String>, Option<String>)> {
        parse_dateline(s, 0, s.len()).map(|d| (d.text, d.place, d.agency, d.date))
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dl("BEIJING (Reuters) - China said"),
            Some((
                "BEIJING (Reuters) -".into(),
                "BEIJING".into(),
                Some("Reuters".into()),
                None
            ))
        );
        assert_eq!(
            dl("MOSCOW, Nov 4 (AP) — Russia said"),
            Some((
                "MOSCOW, Nov 4 (AP) —".into(),
                "MOSCOW".into(),
                Some("AP".into()),
                Some("Nov 4".into())
            ))
        );
        assert_eq!(
            dl("WASHINGTON — The"),
            Some(("WASHINGTON —".into(), "WASHINGTON".into(), None, None))
        );
        assert_eq!(
            dl("KYIV, Ukraine (AP) — Ukraine"),
            Some((
                "KYIV, Ukraine (AP) —".into(),
                "KYIV, Ukraine".into(),
                Some("AP".into()),
                None
            ))
        );
        assert_eq!(
            dl("SALVADOR, Feb 26 - Brazil"),
            Some((
                "SALVADOR, Feb 26 -".into(),
                "SALVADOR".into(),
                None,
                Some("Feb 26".into())
            ))
        );
        assert_eq!(
            dl("NEW YORK, Nov. 4, 2025 (AFP) -- Stocks"),
            Some((
                "NEW YORK, Nov. 4, 2025 (AFP) --".into(),
                "NEW YORK".into(),
                Some("AFP".into()),
                Some("Nov. 4, 2025".into())
            ))
        );
        assert_eq!(
            dl("London (CNN) — Britain"),
            Some((
                "London (CNN) —".into(),
                "London".into(),
                Some("CNN".into()),
                None
            ))
        );
        assert_eq!(dl("Chinese President Xi Jinping held - a meeting"), None);
        assert_eq!(dl("Beijing - the capital"), None);
        assert_eq!(dl("ALSO READ: Travel - Chaos"), None);
        assert_eq!(dl("US-China talks resumed"), None);
        assert_eq!(dl("-"), None);
        assert_eq!(dl("ZINC - prices rose"), None);
        assert_eq!(dl("AT THE CLOSE - prices"), None);
        assert_eq!(dl(""), None);
    }

    #[test]
    fn hard_wrap_detection() {
        let wrapped = "An existing New York Stock Exchange,\nNYSE, rule might be used to limit the trading activities of its\nmembers in London in stocks listed on both exchanges, sources\nat the London Exchange said.\n    This could arise if the London Stock Exchange goes ahead\nwith plans to close its trading floor.\n";
        assert!(is_hard_wrapped(wrapped));
        let web = "Chinese President Xi Jinping held a bilateral meeting with Russian Prime Minister Mikhail Mishustin on Tuesday in Beijing.\nHe resolutely confirmed Beijing’s dedication to strengthening the partnership despite what he characterized.\nDeepening the Strategic Partnership\nThe Russian government consistently highlights the importance of Mishustin’s visit to the region today.\n";
        assert!(!is_hard_wrapped(web));
        assert!(!is_hard_wrapped(""));
    }
}
