//! Sentence boundaries inside a block of running text.
//!
//! The cleaner ([`crate::clean`]) cuts the document into blocks that can never
//! share a sentence (lines, paragraphs, list items); this module finds the
//! sentence boundaries inside one block. A boundary is a `.`, `?`, `!` or
//! ellipsis, optionally followed by closing quotes and brackets, then
//! whitespace, then something that can start a sentence. The hard part is the
//! period, which also ends abbreviations and initials; the rules are:
//!
//! * a lower-case next word never starts a sentence;
//! * titles before names (`Mr.`, `Gen.`, `Sen.`, …) and initials (`John F.
//!   Kennedy`) never end one;
//! * abbreviations that can end a sentence (`U.S.`, `Inc.`, `etc.`, `Jan.`)
//!   end one only when the next word is a common sentence opener (`The`,
//!   `He`, `But`, `In`, …) or an opening quote, since a capitalised word
//!   after `U.S.` is far more often a name (`U.S. Treasury`) than a new
//!   sentence;
//! * before a digit, a period after `No.`, `Jan.`, `Fig.` etc. is not final;
//! * decimals and amounts (`3.5%`, `$2.5`) have no space after the period,
//!   so they never come up as candidates.

use crate::normalize::{is_space, unit_at};
use crate::tokens::is_word_char;
use crate::Span;

/// Titles and other abbreviations that stand before a name and so never end a
/// sentence.
const TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Maj",
    "Adm", "Cmdr", "Cdr", "Rev", "Hon", "Pres", "St", "Mt", "Ft", "Supt", "Insp", "Det", "Gens",
    "Sens", "Reps", "Govs", "Atty", "Amb", "Brig", "Cpl", "Pvt", "Messrs", "Mme", "Mlle", "Fr",
    "Lieut", "Sec", "Secs", "Ald", "MR", "MRS", "MS", "DR", "GEN", "SEN", "REP", "GOV", "LT",
    "COL", "ST",
];

pub(crate) fn is_title_abbrev(w: &str) -> bool {
    TITLES.contains(&w)
}

/// Abbreviations that usually sit inside a sentence but can end one
/// (`Apple Inc.`, `the U.S.`, `etc.`).
const OTHER_ABBREVS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "Nos", "vs", "v", "etc", "Inc", "Corp", "Ltd", "Co", "Cos", "Bros", "Jr", "Sr", "al", "approx",
    "est", "dept", "Dept", "Ave", "Blvd", "Rd", "Fig", "Figs", "Ch", "Vol", "Vols", "Art", "pp",
    "cf", "ca", "Pty", "Plc", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat",
    "Assn", "Univ", "Govt", "Natl", "Intl", "INC", "CORP", "LTD", "CO", "NO",
    // US states, AP style (`Seattle, Wash.`).
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Ky",
    "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa",
    "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo",
];

pub(crate) fn is_other_abbrev(w: &str) -> bool {
    OTHER_ABBREVS.contains(&w)
}

/// Abbreviations after which a sentence never ends, whatever follows.
const NEVER_FINAL: &[&str] = &[
    "vs", "v", "cf", "e.g", "i.e", "E.g", "I.e", "al", "approx", "ca",
];

fn never_final(w: &str) -> bool {
    NEVER_FINAL.contains(&w)
}

/// Abbreviations that stand before a number (`No. 1`, `Jan. 5`, `Fig. 3`).
const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "NO", "Fig", "Figs", "Vol", "Vols", "Art", "Sec", "Ch", "pp", "p", "Jan", "Feb",
    "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "approx", "ca", "vs",
    "v", "Rs", "Ref", "Tel", "ext",
];

fn before_number(w: &str) -> bool {
    BEFORE_NUMBER.contains(&w)
}

/// Words that commonly open a sentence and are rarely part of a name; used
/// to decide whether `U.S.` / `Inc.` ends a sentence. Nouns (`Officials`)
/// and auxiliaries (`Will`) are left out on purpose: `U.S. officials`, and
/// wire copy that capitalises after `U.S.` (`the U.S. Will pursue`), make
/// them unreliable.
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their",
    "Our", "My", "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "So",
    "Yet", "In", "On", "At", "As", "After", "Before", "For", "From", "If", "When", "While",
    "Where", "Why", "How", "What", "Who", "Which", "However", "Meanwhile", "Also", "Although",
    "Though", "Despite", "During", "Since", "Some", "Many", "Most", "Both", "Each", "All",
    "Several", "Other", "Others", "Another", "One", "No", "Not", "Now", "Then", "Still", "Last",
    "Earlier", "Later", "Under", "According", "Such", "Separately", "Instead", "Indeed", "Thus",
    "Therefore", "Nevertheless", "Furthermore", "Moreover", "Today", "Yesterday", "Asked",
    "Speaking", "With", "Without", "Among", "Until", "Unlike", "Because", "Once", "Only", "Even",
    "Every", "Any", "Let", "Neither", "Nor", "Few", "Two", "Three", "Over", "By", "To", "Of",
];

fn is_starter(w: &str) -> bool {
    STARTERS.contains(&w)
}

#[inline]
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›')
}

#[inline]
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '(' | '[' | '“' | '‘' | '«' | '‹' | '¿' | '¡'
    )
}

/// Splits the block `text[start..end]` into sentences and returns their
/// spans (trimmed of surrounding whitespace). See [`split_with`].
pub fn split(text: &str, start: usize, end: usize) -> Vec<Span> {
    let mut v = Vec::new();
    split_with(text, start, end, |s, e| v.push(Span::new(s, e)));
    v
}

/// Splits the block `text[start..end]` into sentences, calling `emit(start,
/// end)` for each, in order. Spans are non-empty, trimmed of whitespace and
/// lie inside the block. A block end is always a sentence end; newlines
/// inside the block are plain whitespace (the cleaner has already cut
/// wherever a newline should end a sentence).
pub fn split_with(text: &str, start: usize, end: usize, mut out: impl FnMut(usize, usize)) {
    let end = end.min(text.len());
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return;
    }
    let bytes = text.as_bytes();
    // A piece without letters or digits (`"[...]`, a stray `".`) is not a
    // sentence: it is held back and joined to its neighbour, the next one if
    // it opens with a quote or bracket, else the previous one.
    let mut pending: Option<(usize, usize, bool)> = None;
    let mut emit = |s: usize, e: usize| {
        let has_alnum = text[s..e].chars().any(char::is_alphanumeric);
        let piece = &text[s..e];
        let opens =
            piece.chars().next().is_some_and(is_opener) && !piece.ends_with(['.', '!', '?', '…']);
        pending = match pending {
            Some((ps, pe, true)) if !has_alnum && opens => {
                out(ps, pe);
                Some((s, e, false))
            }
            Some((ps, pe, p_alnum)) if !has_alnum => Some((ps, e.max(pe), p_alnum)),
            Some((ps, _, false)) => Some((ps, e, true)),
            Some((ps, pe, true)) => {
                out(ps, pe);
                Some((s, e, true))
            }
            None => Some((s, e, has_alnum)),
        };
    };
    let mut cur = skip_space(text, start, end);
    let mut i = cur;
    while i < end {
        let b = bytes[i];
        let candidate = match b {
            b'.' | b'!' | b'?' => true,
            // `…`, `。`, `！`, `？` and entities such as `&hellip;`
            0xE2 | 0xE3 | 0xEF | b'&' => unit_at(text, i, end)
                .is_some_and(|u| matches!(u.ch, '…' | '。' | '！' | '？' | '.' | '!' | '?')),
            _ => false,
        };
        if !candidate {
            i += 1;
            continue;
        }
        let t0 = i;
        let mut j = i;
        let mut dots = 0;
        let mut question = false;
        let mut ellipsis = false;
        let mut wide = false;
        while let Some(u) = unit_at(text, j, end) {
            match u.ch {
                '.' => dots += 1,
                '!' | '?' => question = true,
                '…' => ellipsis = true,
                '。' | '！' | '？' => wide = true,
                _ => break,
            }
            j += u.len;
        }
        ellipsis |= dots >= 2;
        let mut closed = false;
        while let Some(u) = unit_at(text, j, end) {
            if is_closer(u.ch) {
                closed = true;
            } else if !(closed && matches!(u.ch, '.' | '!' | '?')) {
                break;
            }
            j += u.len;
        }
        if j >= end {
            break;
        }
        let next_is_space = unit_at(text, j, end).is_some_and(|u| is_space(u.ch));
        if !next_is_space {
            if wide {
                emit_trimmed(text, cur, j, &mut emit);
                cur = j;
            }
            i = j;
            continue;
        }
        let k = skip_space(text, j, end);
        if k >= end {
            break;
        }
        let boundary = wide
            || ends_sentence(
                text,
                cur,
                t0,
                k,
                end,
                Terminator {
                    dots,
                    question,
                    ellipsis,
                    closed,
                },
            );
        if boundary {
            emit_trimmed(text, cur, j, &mut emit);
            cur = k;
        }
        i = k;
    }
    if cur < end {
        emit_trimmed(text, cur, end, &mut emit);
    }
    if let Some((s, e, _)) = pending {
        out(s, e);
    }
}

/// What kind of terminator a candidate boundary has.
#[derive(Clone, Copy)]
struct Terminator {
    dots: usize,
    question: bool,
    ellipsis: bool,
    closed: bool,
}

/// Decides whether the terminator at `t0` (after which the next sentence
/// would start at `k`) ends the sentence that began at `cur`.
fn ends_sentence(text: &str, cur: usize, t0: usize, k: usize, end: usize, t: Terminator) -> bool {
    // The next word, past any opening quotes or brackets.
    let mut n = k;
    let mut opener = false;
    let mut first = None;
    while let Some(u) = unit_at(text, n, end) {
        if is_opener(u.ch) && !opener {
            opener = true;
            n += u.len;
            continue;
        }
        first = Some(u.ch);
        break;
    }
    let Some(first) = first else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    if t.question && !t.ellipsis {
        return true;
    }
    if t.ellipsis {
        return first.is_uppercase() || (opener && !first.is_ascii_digit());
    }
    if t.closed {
        return true;
    }
    debug_assert!(t.dots == 1);
    let word = word_before(text, cur, t0);
    if word.is_empty() {
        return true;
    }
    if first.is_ascii_digit() {
        return !before_number(word);
    }
    let next = next_word(text, n, end);
    let starter = opener || is_starter(next);
    if word.contains('.') {
        // U.S, U.N, e.g, a.m, J.R.R
        let letters = word.split('.').all(|s| {
            let mut cs = s.chars();
            cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
        });
        if !letters {
            return true;
        }
        return !never_final(word) && starter;
    }
    let mut cs = word.chars();
    if cs.next().is_some_and(char::is_uppercase) && cs.next().is_none() {
        // An initial: John F. Kennedy.
        return false;
    }
    if is_title_abbrev(word) {
        return false;
    }
    if is_other_abbrev(word) {
        return !never_final(word) && starter;
    }
    true
}

/// The word (letters, digits and inner periods) just before byte `t0`.
fn word_before(text: &str, cur: usize, t0: usize) -> &str {
    let Some(s) = text.get(cur..t0) else {
        return "";
    };
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        if is_word_char(c) || c == '.' {
            start = i;
        } else {
            break;
        }
    }
    s[start..].trim_start_matches('.')
}

/// The run of ASCII letters starting at `n`.
fn next_word(text: &str, n: usize, end: usize) -> &str {
    let bytes = text.as_bytes();
    let mut e = n;
    while e < end && bytes[e].is_ascii_alphabetic() {
        e += 1;
    }
    &text[n..e]
}

/// Skips whitespace (and invisible characters) from `i`.
pub(crate) fn skip_space(text: &str, mut i: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while i < end {
        let b = bytes[i];
        if b == b' ' || b == b'\n' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        match unit_at(text, i, end) {
            Some(u) if is_space(u.ch) || crate::normalize::is_drop(u.ch) => i += u.len,
            _ => break,
        }
    }
    i
}

/// Trims whitespace (including non-breaking and zero-width spaces and
/// `&nbsp;`) from the end of `text[start..end]`.
pub(crate) fn trim_end(text: &str, start: usize, mut end: usize) -> usize {
    loop {
        let s = &text[start..end];
        let t = s.trim_end_matches(|c: char| is_space(c) || crate::normalize::is_drop(c));
        let t = t
            .strip_suffix("&nbsp;")
            .or_else(|| t.strip_suffix("&#160;"))
            .unwrap_or(t);
        if t.len() == s.len() {
            return end;
        }
        end = start + t.len();
    }
}

fn emit_trimmed(text: &str, s: usize, e: usize, emit: &mut impl FnMut(usize, usize)) {
    let s = skip_space(text, s, e);
    let e = trim_end(text, s, e);
    if s < e {
        emit(s, e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(s: &str) -> Vec<&str> {
        split(s, 0, s.len())
            .into_iter()
            .map(|sp| sp.slice(s))
            .collect()
    }

    #[test]
    fn simple() {
        assert_eq!(
            sents("One. Two! Three? Four"),
            ["One.", "Two!", "Three?", "Four"]
        );
        assert_eq!(sents("  padded.  "), ["padded."]);
        assert!(sents("   ").is_empty());
        assert!(sents("").is_empty());
    }

    #[test]
    fn titles_and_initials() {
        assert_eq!(
            sents("Mr. Smith met Gen. Lee. Then he left."),
            ["Mr. Smith met Gen. Lee.", "Then he left."]
        );
        assert_eq!(
            sents("John F. Kennedy was shot. J.R.R. Tolkien wrote."),
            ["John F. Kennedy was shot.", "J.R.R. Tolkien wrote."]
        );
        assert_eq!(
            sents("Sen. Warren and Rep. Jones met Lt. Col. Smith and Dr. No."),
            ["Sen. Warren and Rep. Jones met Lt. Col. Smith and Dr. No."]
        );
        assert_eq!(
            sents("Prof. Li, Gov. Newsom, St. Louis, Mrs. May, Ms. Ardern."),
            ["Prof. Li, Gov. Newsom, St. Louis, Mrs. May, Ms. Ardern."]
        );
    }

    #[test]
    fn us_and_other_abbreviations() {
        assert_eq!(
            sents("The U.S. Treasury said so."),
            ["The U.S. Treasury said so."]
        );
        assert_eq!(
            sents("pressure from the U.S. over trade."),
            ["pressure from the U.S. over trade."]
        );
        assert_eq!(
            sents("He flew to the U.S. The trip was long."),
            ["He flew to the U.S.", "The trip was long."]
        );
        assert_eq!(
            sents("Talks at the U.N. and E.U. and U.K. ended."),
            ["Talks at the U.N. and E.U. and U.K. ended."]
        );
        assert_eq!(
            sents("Apple Inc. Chief Tim Cook spoke. Apple Inc. He said."),
            ["Apple Inc. Chief Tim Cook spoke.", "Apple Inc.", "He said."]
        );
        assert_eq!(
            sents("Sales, costs, etc. But not now."),
            ["Sales, costs, etc.", "But not now."]
        );
        assert_eq!(
            sents("It was Jan. 5 and Feb. 6, Sept. 9."),
            ["It was Jan. 5 and Feb. 6, Sept. 9."]
        );
        assert_eq!(
            sents("He is No. 1 in Acme Corp. and Foo Co. Ltd. rankings."),
            ["He is No. 1 in Acme Corp. and Foo Co. Ltd. rankings."]
        );
        assert_eq!(
            sents("Smith vs. Jones. Next."),
            ["Smith vs. Jones.", "Next."]
        );
        assert_eq!(sents("at 6 p.m. The rest"), ["at 6 p.m.", "The rest"]);
        assert_eq!(sents("e.g. The thing"), ["e.g. The thing"]);
    }

    #[test]
    fn numbers_and_amounts() {
        assert_eq!(
            sents("It rose 3.5% to $2.5 billion. Then fell."),
            ["It rose 3.5% to $2.5 billion.", "Then fell."]
        );
        assert_eq!(
            sents("It ended in 1986. 1987 was better."),
            ["It ended in 1986.", "1987 was better."]
        );
    }

    #[test]
    fn quotes_brackets_and_ellipses() {
        assert_eq!(
            sents("He said: “We will win.” Next day."),
            ["He said: “We will win.”", "Next day."]
        );
        assert_eq!(
            sents("\"We will win.\" he said."),
            ["\"We will win.\" he said."]
        );
        assert_eq!(
            sents("\"Why?\" he asked. \"Now!\" She left."),
            ["\"Why?\" he asked.", "\"Now!\"", "She left."]
        );
        assert_eq!(
            sents("(It rained.) Then it stopped."),
            ["(It rained.)", "Then it stopped."]
        );
        assert_eq!(
            sents("He paused... Then spoke. And… Again."),
            ["He paused...", "Then spoke.", "And…", "Again."]
        );
        assert_eq!(sents("wait... and see"), ["wait... and see"]);
        assert_eq!(sents("He said. “Go.”"), ["He said.", "“Go.”"]);
        assert_eq!(sents("Really?! Yes."), ["Really?!", "Yes."]);
        assert_eq!(sents("[...] It fell."), ["[...] It fell."]);
        assert_eq!(
            sents("He said. \"[...] Then it rose.\""),
            ["He said.", "\"[...] Then it rose.\""]
        );
        assert_eq!(
            sents("It fell. [...] Then it rose."),
            ["It fell.", "[...] Then it rose."]
        );
        assert_eq!(
            sents("\"Am I going to die?' \". Next one."),
            ["\"Am I going to die?' \".", "Next one."]
        );
    }

    #[test]
    fn no_space_no_boundary() {
        assert_eq!(
            sents("Visit example.com today. OK"),
            ["Visit example.com today.", "OK"]
        );
        assert_eq!(sents("中国。俄罗斯。"), ["中国。", "俄罗斯。"]);
    }

    #[test]
    fn newlines_inside_a_block_are_spaces() {
        assert_eq!(
            sents("the interests of U.S.\nSecurities dealers differ.\nNext one."),
            [
                "the interests of U.S.\nSecurities dealers differ.",
                "Next one."
            ]
        );
    }

    #[test]
    fn odd_input() {
        for s in [
            ".",
            "...",
            "?!",
            ". . .",
            "“.”",
            "a.b.c. d",
            "&hellip; X",
            "Mr.",
            "U.S.",
        ] {
            for sp in split(s, 0, s.len()) {
                assert!(sp.start < sp.end);
                let _ = sp.slice(s);
            }
        }
        assert!(split("é", 1, 2).is_empty());
    }
}
