//! Normalisation without rewriting: a normalised view of the text that always
//! knows where each of its bytes came from.
//!
//! News text arrives with typographic variants that mean the same thing as
//! their ASCII forms (curly quotes, en and em dashes, non-breaking and
//! zero-width spaces, soft hyphens) and, quite often, HTML entities that leaked
//! through extraction (`&amp;`, `&#8217;`, `&nbsp;`). Later stages want to
//! compare `’s` with `'s` and `&amp;` with `&`, but every offset dyad reports
//! must index the original text. So instead of rewriting the text, this module
//! reads it one *unit* at a time ([`unit_at`]): a unit is either one character
//! or one whole HTML entity, together with its byte length in the original.
//! [`norm_of`] says what a unit becomes once normalised, and [`Normalized`]
//! builds the whole normalised copy with a byte-by-byte alignment back to the
//! original, in the manner of a tokenizer's "normalised string".
//!
//! The tokenizer and sentence splitter read units directly (the hot path never
//! builds a normalised copy of the document); [`normalize_str`] normalises a
//! single token when, and only when, it contains something to normalise.

use std::borrow::Cow;

/// One unit of the original text: a character, or a whole HTML entity
/// decoded to the character it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// The character (for an entity, the decoded character; not yet normalised).
    pub ch: char,
    /// Length of the unit in the original text, in bytes.
    pub len: usize,
}

/// What a character becomes in the normalised text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    /// Kept as it is.
    Keep,
    /// Replaced by another character (`’` → `'`).
    Char(char),
    /// Replaced by a short string (`…` → `...`, `—` → `--`).
    Str(&'static str),
    /// Any kind of space or control character: becomes one ASCII space and
    /// separates tokens.
    Space,
    /// Invisible (zero-width spaces and joiners, soft hyphen, direction
    /// marks): dropped, and never splits a word.
    Drop,
}

/// Reads the unit that starts at byte `i` of `text`, looking no further than
/// byte `limit` (an entity must end before `limit` to be decoded).
///
/// Returns `None` only when `i >= limit` or `i` is not a character boundary
/// inside `text`. Never panics.
#[inline]
pub fn unit_at(text: &str, i: usize, limit: usize) -> Option<Unit> {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    if i >= limit {
        return None;
    }
    let b = bytes[i];
    if b < 0x80 {
        if b == b'&' {
            if let Some(u) = entity_at(bytes, i, limit) {
                return Some(u);
            }
        }
        return Some(Unit {
            ch: b as char,
            len: 1,
        });
    }
    let ch = text.get(i..)?.chars().next()?;
    let len = ch.len_utf8();
    if i + len > limit {
        return None;
    }
    Some(Unit { ch, len })
}

/// Decodes an HTML entity (`&amp;`, `&#8217;`, `&#x2019;`) at `i`, if there
/// is a well-formed, known one there.
fn entity_at(bytes: &[u8], i: usize, limit: usize) -> Option<Unit> {
    // The longest entity we know is `&#x10FFFF;` / `&thinsp;` (10 bytes).
    let end = limit.min(i + 12);
    let semi = bytes.get(i + 1..end)?.iter().position(|&b| b == b';')? + i + 1;
    let body = &bytes[i + 1..semi];
    let ch = if let Some(num) = body.strip_prefix(b"#") {
        let (digits, radix) = match num.first() {
            Some(b'x') | Some(b'X') => (&num[1..], 16),
            _ => (num, 10),
        };
        if digits.is_empty() || digits.len() > 7 {
            return None;
        }
        let mut v: u32 = 0;
        for &d in digits {
            v = v * radix + (d as char).to_digit(radix)?;
        }
        if v == 0 {
            return None;
        }
        char::from_u32(v)?
    } else {
        named_entity(body)?
    };
    Some(Unit {
        ch,
        len: semi + 1 - i,
    })
}

/// The named HTML entities that turn up in news text.
fn named_entity(name: &[u8]) -> Option<char> {
    Some(match name {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        b"nbsp" => '\u{a0}',
        b"ensp" => '\u{2002}',
        b"emsp" => '\u{2003}',
        b"thinsp" => '\u{2009}',
        b"zwsp" => '\u{200b}',
        b"zwnj" => '\u{200c}',
        b"zwj" => '\u{200d}',
        b"shy" => '\u{ad}',
        b"ndash" => '–',
        b"mdash" => '—',
        b"lsquo" => '‘',
        b"rsquo" => '’',
        b"sbquo" => '‚',
        b"ldquo" => '“',
        b"rdquo" => '”',
        b"bdquo" => '„',
        b"laquo" => '«',
        b"raquo" => '»',
        b"lsaquo" => '‹',
        b"rsaquo" => '›',
        b"hellip" => '…',
        b"copy" => '©',
        b"reg" => '®',
        b"trade" => '™',
        b"euro" => '€',
        b"pound" => '£',
        b"yen" => '¥',
        b"cent" => '¢',
        b"deg" => '°',
        b"middot" => '·',
        b"bull" => '•',
        b"times" => '×',
        b"divide" => '÷',
        b"sect" => '§',
        b"para" => '¶',
        b"minus" => '−',
        b"eacute" => 'é',
        b"egrave" => 'è',
        b"aacute" => 'á',
        b"iacute" => 'í',
        b"oacute" => 'ó',
        b"uacute" => 'ú',
        b"ntilde" => 'ñ',
        b"ccedil" => 'ç',
        b"ouml" => 'ö',
        b"uuml" => 'ü',
        b"auml" => 'ä',
        _ => return None,
    })
}

/// What `ch` becomes in the normalised text.
#[inline]
pub fn norm_of(ch: char) -> Norm {
    match ch {
        '\t' | '\n' | '\r' | ' ' | '\u{b}' | '\u{c}' => Norm::Space,
        c if (c as u32) < 0x20 || c == '\u{7f}' => Norm::Space,
        c if (c as u32) < 0x80 => Norm::Keep,
        '\u{80}'..='\u{9f}' => Norm::Space,
        '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}' => Norm::Space,
        '\u{ad}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => Norm::Drop,
        '‘' | '’' | '‚' | '‛' | 'ʼ' => Norm::Char('\''),
        '“' | '”' | '„' | '‟' => Norm::Char('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '–' | '−' => Norm::Char('-'),
        '—' | '\u{2015}' => Norm::Str("--"),
        '…' => Norm::Str("..."),
        _ => Norm::Keep,
    }
}

/// True for characters that separate tokens (all spaces and control characters).
#[inline]
pub fn is_space(ch: char) -> bool {
    matches!(norm_of(ch), Norm::Space)
}

/// True for invisible characters that are dropped by normalisation.
#[inline]
pub fn is_drop(ch: char) -> bool {
    matches!(norm_of(ch), Norm::Drop)
}

/// Normalises one piece of text (typically a token). Borrows when there is
/// nothing to change, which is the common case, so the caller can tell
/// cheaply whether the normalised form differs.
pub fn normalize_str(s: &str) -> Cow<'_, str> {
    let simple = s.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'&');
    if simple {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(u) = unit_at(s, i, s.len()) {
        match norm_of(u.ch) {
            Norm::Keep => out.push(u.ch),
            Norm::Char(c) => out.push(c),
            Norm::Str(t) => out.push_str(t),
            Norm::Space => out.push(' '),
            Norm::Drop => {}
        }
        i += u.len;
    }
    if out != s {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// A normalised copy of a text with an alignment back to the original.
///
/// `map[k]` is the original byte offset of the unit that produced normalised
/// byte `k`, so any normalised span can be reported in original coordinates
/// with [`Normalized::original_span`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    map: Vec<usize>,
    ends: Vec<usize>,
    original_len: usize,
}

impl Normalized {
    /// Normalises `original`, recording where every output byte came from.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len());
        let mut ends = Vec::with_capacity(original.len());
        let mut i = 0;
        while let Some(u) = unit_at(original, i, original.len()) {
            let before = text.len();
            match norm_of(u.ch) {
                Norm::Keep => text.push(u.ch),
                Norm::Char(c) => text.push(c),
                Norm::Str(t) => text.push_str(t),
                Norm::Space => text.push(' '),
                Norm::Drop => {}
            }
            for _ in before..text.len() {
                map.push(i);
                ends.push(i + u.len);
            }
            i += u.len;
        }
        Normalized {
            text,
            map,
            ends,
            original_len: original.len(),
        }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original byte span covered by normalised bytes `start..end`.
    /// Out-of-range or empty spans are clamped, never a panic.
    pub fn original_span(&self, start: usize, end: usize) -> crate::Span {
        let n = self.map.len();
        let end = end.min(n);
        let start = start.min(end);
        if start == end {
            let at = self.map.get(start).copied().unwrap_or(self.original_len);
            return crate::Span::new(at, at);
        }
        crate::Span::new(self.map[start], self.ends[end - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decode_as_one_unit() {
        let t = "a&amp;b&#8217;s&#x2019;&nbsp;&bogus;";
        assert_eq!(unit_at(t, 1, t.len()), Some(Unit { ch: '&', len: 5 }));
        assert_eq!(unit_at(t, 7, t.len()), Some(Unit { ch: '’', len: 7 }));
        assert_eq!(unit_at(t, 15, t.len()), Some(Unit { ch: '’', len: 8 }));
        assert_eq!(
            unit_at(t, 23, t.len()),
            Some(Unit {
                ch: '\u{a0}',
                len: 6
            })
        );
        assert_eq!(unit_at(t, 29, t.len()), Some(Unit { ch: '&', len: 1 }));
        // An entity cut by the limit is not decoded.
        assert_eq!(unit_at(t, 1, 4), Some(Unit { ch: '&', len: 1 }));
        assert_eq!(unit_at("&#0;", 0, 4), Some(Unit { ch: '&', len: 1 }));
        assert_eq!(
            unit_at("&#99999999;", 0, 11),
            Some(Unit { ch: '&', len: 1 })
        );
    }

    #[test]
    fn unit_at_is_total() {
        let t = "é";
        assert_eq!(unit_at(t, 1, 2), None);
        assert_eq!(unit_at(t, 5, 9), None);
        assert_eq!(unit_at(t, 0, 1), None);
    }

    #[test]
    fn normalize_str_borrows_when_unchanged() {
        assert!(matches!(normalize_str("China"), Cow::Borrowed(_)));
        assert!(matches!(normalize_str("Straße"), Cow::Borrowed(_)));
        assert_eq!(normalize_str("’s"), "'s");
        assert_eq!(normalize_str("&amp;"), "&");
        assert_eq!(normalize_str("“Hi”"), "\"Hi\"");
        assert_eq!(normalize_str("co\u{ad}op"), "coop");
        assert_eq!(normalize_str("wait…"), "wait...");
        assert_eq!(normalize_str("—"), "--");
        assert_eq!(normalize_str("&#8217;"), "'");
    }

    #[test]
    fn alignment_maps_back() {
        let t = "He said “yes” &amp; left\u{200b}.";
        let n = Normalized::new(t);
        assert_eq!(n.as_str(), "He said \"yes\" & left.");
        let k = n.as_str().find('&').unwrap();
        let sp = n.original_span(k, k + 1);
        assert_eq!(sp.slice(t), "&amp;");
        let q = n.as_str().find('"').unwrap();
        assert_eq!(n.original_span(q, q + 5).slice(t), "“yes”");
        assert_eq!(
            n.original_span(100, 200),
            crate::Span::new(t.len(), t.len())
        );
    }
}
