//! Tokenisation after the conventions of the UD English (EWT) treebank.
//!
//! dyad's parser and event coder are trained on and tuned to EWT tokens, so
//! this tokenizer reproduces EWT's choices rather than inventing its own:
//! punctuation is split off, clitics are separate tokens (`China` `'s`,
//! `do` `n't`, `ca` `n't`, `wo` `n't`, `can` `not`), hyphenated compounds
//! stay whole (`no-limits`, `China-Russia`), numbers keep their internal
//! separators (`1,000`, `2.5`) while currency signs and `%` are split
//! (`$` `2.5`, `3.5` `%`), abbreviations keep their period (`U.S.`, `Mr.`),
//! and URLs, e-mail addresses and `...` are single tokens.
//!
//! The tokenizer reads the original text unit by unit
//! ([`crate::normalize::unit_at`]), so curly apostrophes and HTML entities
//! behave like their ASCII forms (`China’s` splits like `China's`, `&amp;`
//! is one token) while every span still indexes the original bytes. Most
//! whitespace-delimited chunks are plain ASCII words and take a fast path.

use crate::normalize::{is_drop, is_space, normalize_str, unit_at};
use crate::sentences::{is_other_abbrev, is_title_abbrev};
use crate::Token;
use std::borrow::Cow;

/// Tokenises `text[start..end]` (usually one sentence) and appends the
/// tokens, with spans in `text`'s coordinates, to `out`.
///
/// A token's `norm` is set only when its normalised form differs from its
/// original bytes. `end` is clamped to the text; a span that does not lie
/// on character boundaries yields no tokens.
pub fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    token_spans(text, start, end, |s, e| {
        let orig = &text[s..e];
        let norm = match normalize_str(orig) {
            Cow::Borrowed(_) => None,
            Cow::Owned(n) => Some(n),
        };
        out.push(Token {
            text: orig.to_string(),
            start: s,
            end: e,
            norm,
        });
    });
}

/// Tokenises `text[start..end]` into a new vector. See [`tokenize_into`].
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token> {
    let mut v = Vec::new();
    tokenize_into(text, start, end, &mut v);
    v
}

/// The allocation-free core of the tokenizer: calls `emit(start, end)` for
/// each token of `text[start..end]`, in order. Every span is non-empty, lies
/// on character boundaries and inside `start..end`.
pub fn token_spans(text: &str, start: usize, end: usize, mut emit: impl FnMut(usize, usize)) {
    let end = end.min(text.len());
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return;
    }
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if b <= b' ' || b == 0x7f {
            i += 1;
            continue;
        }
        if b >= 0x80 || b == b'&' {
            match unit_at(text, i, end) {
                Some(u) if is_space(u.ch) || is_drop(u.ch) => {
                    i += u.len;
                    continue;
                }
                Some(_) => {}
                None => return,
            }
        }
        let j = chunk_end(text, i, end);
        tokenize_chunk(text, i, j, end, &mut emit);
        i = j;
    }
}

/// End of the whitespace-delimited chunk starting at `i`.
#[inline]
fn chunk_end(text: &str, mut j: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while j < end {
        let b = bytes[j];
        if b < 0x80 && b != b'&' {
            if b <= b' ' || b == 0x7f {
                break;
            }
            j += 1;
            continue;
        }
        match unit_at(text, j, end) {
            Some(u) if is_space(u.ch) => break,
            Some(u) => j += u.len,
            None => break,
        }
    }
    j
}

/// Letters, digits and combining marks: the characters words are made of.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (accents, vowel signs) that `char::is_alphanumeric`
/// does not count but that belong inside words.
fn is_mark(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2
        | 0x05C4..=0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06DC | 0x06DF..=0x06E4 | 0x06E7..=0x06E8 | 0x06EA..=0x06ED
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
        || ((0x0900..=0x0DFF).contains(&u) && !matches!(u, 0x0964 | 0x0965 | 0x0970))
}

/// Ideographs and kana, written without spaces: each is its own token.
#[inline]
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

#[inline]
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// What an apostrophe inside a chunk is doing.
enum Apos {
    /// Starts a clitic (`'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`) of this many bytes after the apostrophe.
    Clitic(usize),
    /// The apostrophe of `n't`.
    Nt,
    /// Inside a word (`O'Brien`).
    Inner,
    /// Not followed by a letter: a quote or a plural possessive.
    End,
}

fn classify_apostrophe(text: &str, after: usize, limit: usize, prev: char) -> Apos {
    let bytes = text.as_bytes();
    let mut k = after;
    while k < limit && bytes[k].is_ascii_alphabetic() {
        k += 1;
    }
    let n = k - after;
    let next_is_word = unit_at(text, k, limit).is_some_and(|u| is_word_char(u.ch));
    if n == 0 {
        return if next_is_word { Apos::Inner } else { Apos::End };
    }
    if !next_is_word && n <= 2 {
        let mut w = [0u8; 2];
        for (d, s) in w.iter_mut().zip(&bytes[after..k]) {
            *d = s.to_ascii_lowercase();
        }
        match &w[..n] {
            b"s" | b"re" | b"ve" | b"ll" | b"d" | b"m" => return Apos::Clitic(n),
            b"t" if matches!(prev, 'n' | 'N') => return Apos::Nt,
            _ => {}
        }
    }
    Apos::Inner
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

/// If a URL starts at `q`, its end (trailing punctuation excluded).
fn url_end(text: &str, q: usize, b: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[q..b];
    let prefix = [&b"https://"[..], b"http://", b"ftp://", b"www."]
        .into_iter()
        .find(|p| starts_with_ci(bytes, p))?;
    if bytes.len() <= prefix.len() + 1 {
        return None;
    }
    let mut e = bytes.len();
    let opens = bytes.iter().filter(|&&c| c == b'(').count();
    let closes = bytes.iter().filter(|&&c| c == b')').count();
    let mut extra_closes = closes.saturating_sub(opens);
    while e > prefix.len() {
        let c = bytes[e - 1];
        let strip = match c {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b']' | b'>' | b'}' => true,
            b')' if extra_closes > 0 => {
                extra_closes -= 1;
                true
            }
            _ if c >= 0x80 => {
                // Strip a trailing curly quote (3 bytes: E2 80 9x).
                e >= 3 && bytes[e - 3] == 0xE2 && bytes[e - 2] == 0x80 && (0x98..=0x9F).contains(&c)
            }
            _ => false,
        };
        if !strip {
            break;
        }
        e -= if c >= 0x80 { 3 } else { 1 };
    }
    (e > prefix.len()).then_some(q + e)
}

/// If an e-mail address starts at `q`, its end.
fn email_end(text: &str, q: usize, b: usize) -> Option<usize> {
    let bytes = &text.as_bytes()[q..b];
    let local = bytes
        .iter()
        .take(65)
        .take_while(|&&c| {
            c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
        })
        .count();
    // Local parts are at most 64 bytes, which also bounds the work per try.
    if local == 0 || local > 64 || bytes.get(local) != Some(&b'@') {
        return None;
    }
    let mut e = local + 1;
    let mut labels = 0;
    loop {
        let l = bytes[e..]
            .iter()
            .take(64)
            .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'-')
            .count();
        if l == 0 {
            break;
        }
        e += l;
        labels += 1;
        if labels > 16 {
            break;
        }
        if bytes.get(e) == Some(&b'.')
            && bytes.get(e + 1).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            e += 1;
        } else {
            break;
        }
    }
    (labels >= 2).then_some(q + e)
}

/// Tokenises the chunk `text[a..b]` (no spaces inside); `sent_end` is the end
/// of the sentence, used to tell a final period from an abbreviation's.
fn tokenize_chunk(
    text: &str,
    a: usize,
    b: usize,
    sent_end: usize,
    emit: &mut impl FnMut(usize, usize),
) {
    let bytes = text.as_bytes();
    let chunk = &bytes[a..b];
    // Fast path: an ASCII word, possibly followed by punctuation that never
    // joins anything (`said,` `Russia;` `(AP)`); a final period is left to
    // the general path, which knows abbreviations.
    let word_len = chunk
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if word_len == chunk.len() {
        emit_word(chunk, a, b, emit);
        return;
    }
    if word_len > 0
        && chunk[word_len..]
            .iter()
            .all(|c| matches!(c, b',' | b';' | b':' | b')' | b'"'))
    {
        emit_word(&chunk[..word_len], a, a + word_len, emit);
        for k in a + word_len..b {
            emit(k, k + 1);
        }
        return;
    }
    let has_at = memchr::memchr(b'@', chunk).is_some();
    let mut q = a;
    let mut at_word_start = true;
    while q < b {
        let Some(u) = unit_at(text, q, b) else {
            return;
        };
        let c = u.ch;
        if at_word_start {
            if let Some(e) = url_end(text, q, b) {
                emit(q, e);
                q = e;
                continue;
            }
            if has_at {
                if let Some(e) = email_end(text, q, b) {
                    emit(q, e);
                    q = e;
                    continue;
                }
            }
        }
        if is_word_char(c) {
            q = scan_word(text, q, b, sent_end, emit);
            at_word_start = false;
            continue;
        }
        at_word_start = true;
        if is_drop(c) {
            q += u.len;
            continue;
        }
        let e = match c {
            '.' | '-' | '!' | '?' => {
                let run_of = |x: u8| bytes[q..b].iter().take_while(|&&y| y == x).count();
                match c {
                    '!' | '?' => {
                        q + bytes[q..b]
                            .iter()
                            .take_while(|&&y| y == b'!' || y == b'?')
                            .count()
                    }
                    '.' => q + run_of(b'.'),
                    _ => q + run_of(b'-'),
                }
            }
            _ => q + u.len,
        };
        // A run counted on the original bytes is empty when the character
        // came from an entity ("&#063;" is "?"): the token is then the whole
        // entity, and the scan always moves on.
        let e = e.max(q + u.len);
        emit(q, e);
        q = e;
    }
}

/// Emits one plain ASCII alphanumeric word, splitting `cannot` and
/// `gonna`/`wanna`/`gotta` as EWT does.
#[inline]
fn emit_word(w: &[u8], a: usize, b: usize, emit: &mut impl FnMut(usize, usize)) {
    let split = (w.len() == 6 && w.eq_ignore_ascii_case(b"cannot"))
        || (w.len() == 5
            && (w.eq_ignore_ascii_case(b"gonna")
                || w.eq_ignore_ascii_case(b"wanna")
                || w.eq_ignore_ascii_case(b"gotta")));
    if split {
        emit(a, a + 3);
        emit(a + 3, b);
    } else {
        emit(a, b);
    }
}

/// Scans the word starting at `q` (a word character) and emits it with any
/// clitic or abbreviation period; returns where scanning should resume.
fn scan_word(
    text: &str,
    q: usize,
    b: usize,
    sent_end: usize,
    emit: &mut impl FnMut(usize, usize),
) -> usize {
    let mut p = q;
    let mut last = '\0';
    // Where the part after the last joiner other than `.` starts: `S.C` in
    // `R-S.C.`, which decides whether a final period is an abbreviation's.
    let mut tail_start = q;
    while let Some(u) = unit_at(text, p, b) {
        let c = u.ch;
        if is_word_char(c) {
            if is_cjk(c) {
                if p == q {
                    p += u.len;
                }
                break;
            }
            p += u.len;
            last = c;
            continue;
        }
        let after = p + u.len;
        let next = unit_at(text, after, b).map(|n| n.ch);
        let next_word = next.is_some_and(|n| is_word_char(n) && !is_cjk(n));
        let join = match c {
            _ if is_drop(c) => next_word,
            _ if is_hyphen(c) => next_word,
            '.' => next_word,
            ',' => {
                let digits = &text.as_bytes()[after..b];
                last.is_ascii_digit()
                    && digits.len() >= 3
                    && digits[..3].iter().all(u8::is_ascii_digit)
                    && !digits.get(3).is_some_and(u8::is_ascii_digit)
            }
            '&' => last.is_uppercase() && next.is_some_and(char::is_uppercase),
            '/' | ':' => last.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
            _ if is_apostrophe(c) => {
                matches!(classify_apostrophe(text, after, b, last), Apos::Inner)
            }
            _ => false,
        };
        if !join {
            break;
        }
        p += u.len;
        if c != '.' && !is_drop(c) {
            tail_start = p;
        }
    }

    let Some(u) = unit_at(text, p, b) else {
        // The word runs to the end of the chunk.
        finish_plain(text, q, p, emit);
        return p;
    };
    let after = p + u.len;
    if is_apostrophe(u.ch) {
        match classify_apostrophe(text, after, b, last) {
            Apos::Nt => {
                // `don't` → `do` `n't`: the clitic starts at the `n`.
                let n_at = p - 1;
                if n_at > q {
                    emit(q, n_at);
                    emit(n_at, after + 1);
                } else {
                    emit(q, after + 1);
                }
                return after + 1;
            }
            Apos::Clitic(n) => {
                emit(q, p);
                emit(p, after + n);
                return after + n;
            }
            Apos::Inner | Apos::End => {}
        }
    }
    if u.ch == '.' && text.as_bytes().get(after).is_none_or(|&c| c != b'.') {
        let tail = &text[tail_start..p];
        let abbrev = if tail.contains('.') {
            // U.S, J.R.R, e.g, a.m: single letters between periods.
            tail.split('.').all(|seg| {
                let mut cs = seg.chars();
                cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
            })
        } else {
            is_title_abbrev(tail)
                || is_other_abbrev(tail)
                || (last.is_uppercase() && tail.chars().nth(1).is_none() && after < sent_end)
        };
        if abbrev {
            emit(q, after);
            return after;
        }
    }
    finish_plain(text, q, p, emit);
    p
}

fn finish_plain(text: &str, q: usize, p: usize, emit: &mut impl FnMut(usize, usize)) {
    let w = &text.as_bytes()[q..p];
    if w.iter().all(u8::is_ascii_alphanumeric) {
        emit_word(w, q, p, emit);
    } else {
        emit(q, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }
    fn forms(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len())
            .iter()
            .map(|t| t.form().to_string())
            .collect()
    }

    #[test]
    fn punctuation_is_split() {
        assert_eq!(toks("Hello, world!"), ["Hello", ",", "world", "!"]);
        assert_eq!(toks("(Reuters) said:"), ["(", "Reuters", ")", "said", ":"]);
        assert_eq!(toks("\"Yes.\""), ["\"", "Yes", ".", "\""]);
    }

    #[test]
    fn clitics() {
        assert_eq!(toks("China's"), ["China", "'s"]);
        assert_eq!(toks("China’s"), ["China", "’s"]);
        assert_eq!(forms("China’s"), ["China", "'s"]);
        assert_eq!(toks("don't"), ["do", "n't"]);
        assert_eq!(toks("can't"), ["ca", "n't"]);
        assert_eq!(toks("won't"), ["wo", "n't"]);
        assert_eq!(toks("Don’t"), ["Do", "n’t"]);
        assert_eq!(forms("isn’t"), ["is", "n't"]);
        assert_eq!(toks("cannot"), ["can", "not"]);
        assert_eq!(
            toks("we're they've I'll she'd I'm"),
            ["we", "'re", "they", "'ve", "I", "'ll", "she", "'d", "I", "'m"]
        );
        assert_eq!(toks("WE'RE"), ["WE", "'RE"]);
        assert_eq!(toks("O'Brien"), ["O'Brien"]);
        assert_eq!(toks("countries' leaders"), ["countries", "'", "leaders"]);
        assert_eq!(toks("'tis"), ["'", "tis"]);
        assert_eq!(toks("gonna"), ["gon", "na"]);
    }

    #[test]
    fn hyphens_and_numbers() {
        assert_eq!(
            toks("no-limits higher-level China-Russia"),
            ["no-limits", "higher-level", "China-Russia"]
        );
        assert_eq!(toks("1,000 2.5 3.5%"), ["1,000", "2.5", "3.5", "%"]);
        assert_eq!(toks("$2.5 billion"), ["$", "2.5", "billion"]);
        assert_eq!(toks("€40"), ["€", "40"]);
        assert_eq!(toks("1,00 a"), ["1", ",", "00", "a"]);
        assert_eq!(toks("12,345,678"), ["12,345,678"]);
        assert_eq!(toks("10:30 24/7"), ["10:30", "24/7"]);
        assert_eq!(toks("2017–2018"), ["2017", "–", "2018"]);
        assert_eq!(toks("end -- then"), ["end", "--", "then"]);
        assert_eq!(toks("-5"), ["-", "5"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(
            toks("the U.S. and Mr. Li"),
            ["the", "U.S.", "and", "Mr.", "Li"]
        );
        assert_eq!(toks("from the U.S."), ["from", "the", "U.S."]);
        assert_eq!(toks("John F. Kennedy"), ["John", "F.", "Kennedy"]);
        assert_eq!(toks("J.R.R. Tolkien"), ["J.R.R.", "Tolkien"]);
        assert_eq!(toks("Apple Inc. said"), ["Apple", "Inc.", "said"]);
        assert_eq!(toks("Plan B."), ["Plan", "B", "."]);
        assert_eq!(toks("at 6 p.m. today"), ["at", "6", "p.m.", "today"]);
        assert_eq!(toks("The end."), ["The", "end", "."]);
        assert_eq!(toks("wait..."), ["wait", "..."]);
        assert_eq!(toks("wait…"), ["wait", "…"]);
        assert_eq!(forms("wait…"), ["wait", "..."]);
        assert_eq!(toks("etc..."), ["etc", "..."]);
        assert_eq!(toks("AT&T S&P"), ["AT&T", "S&P"]);
        assert_eq!(
            toks("Graham, R-S.C., and Smith, D-Wash., said"),
            ["Graham", ",", "R-S.C.", ",", "and", "Smith", ",", "D-Wash.", ",", "said"]
        );
        assert_eq!(toks("v1.2. x"), ["v1.2", ".", "x"]);
        assert_eq!(toks("3.5. x"), ["3.5", ".", "x"]);
    }

    #[test]
    fn urls_and_emails() {
        assert_eq!(
            toks("see https://example.com/a?b=1."),
            ["see", "https://example.com/a?b=1", "."]
        );
        assert_eq!(toks("(www.bbc.co.uk)"), ["(", "www.bbc.co.uk", ")"]);
        assert_eq!(toks("mail press@un.org."), ["mail", "press@un.org", "."]);
        assert_eq!(toks("example.com"), ["example.com"]);
        assert_eq!(toks("@user #tag"), ["@", "user", "#", "tag"]);
    }

    #[test]
    fn entities_and_invisibles() {
        let t = tokenize("R&amp;D &amp; more", 0, 18);
        let f: Vec<_> = t
            .iter()
            .map(|t| (t.text.as_str(), t.norm.as_deref()))
            .collect();
        assert_eq!(
            f,
            [
                ("R&amp;D", Some("R&D")),
                ("&amp;", Some("&")),
                ("more", None)
            ]
        );
        assert_eq!(toks("Bei\u{200b}jing"), ["Bei\u{200b}jing"]);
        assert_eq!(forms("Bei\u{200b}jing"), ["Beijing"]);
        assert_eq!(toks("co\u{ad}operate"), ["co\u{ad}operate"]);
        assert_eq!(toks("a\u{a0}b&nbsp;c"), ["a", "b", "c"]);
        assert_eq!(toks("\u{200b} x \u{200b}"), ["x"]);
        assert_eq!(toks("China&#8217;s"), ["China", "&#8217;s"]);
        assert_eq!(forms("China&#8217;s"), ["China", "'s"]);
        assert_eq!(forms("“Yes”"), ["\"", "Yes", "\""]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            " ",
            "&",
            "&#",
            "&#x;",
            "'",
            "n't",
            "’",
            "😀😀 :-) ¯\\_(ツ)_/¯",
            "中华人民共和国",
            "a.",
            ".a",
            "--",
            "$",
            "%%",
            "@",
            "x@",
            "@x.y",
            "http://",
            "\u{300}",
        ] {
            for t in tokenize(s, 0, s.len()) {
                assert_eq!(&s[t.start..t.end], t.text);
                assert!(t.start < t.end);
            }
        }
        assert_eq!(toks("中华"), ["中", "华"]);
        assert_eq!(toks("n't"), ["n't"]);
        assert_eq!(tokenize("abc", 1, 100)[0].text, "bc");
        assert!(tokenize("é", 1, 2).is_empty());
    }

    #[test]
    fn spans_are_offsets_into_the_original() {
        let s = "  He said “no”, didn’t he?";
        for t in tokenize(s, 0, s.len()) {
            assert_eq!(&s[t.start..t.end], t.text);
        }
        assert_eq!(
            toks(s),
            ["He", "said", "“", "no", "”", ",", "did", "n’t", "he", "?"]
        );
    }
}
