//! Bytes → text for crawled pages.
//!
//! Nearly every page we see is UTF-8, but older news sites still declare
//! `windows-1252` or `iso-8859-1`. Decoding those as lossy UTF-8 would turn
//! every curly quote and accented letter into U+FFFD and split tokens, so
//! the two single-byte Western charsets are decoded with a small table here
//! instead of pulling in a full encoding crate.

/// Windows-1252 code points for bytes 0x80..=0x9F (the only range where it
/// differs from ISO-8859-1). Undefined bytes map to their C1 control, as
/// browsers do.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// Decodes the raw bytes of an HTML page.
///
/// Valid UTF-8 (with or without a BOM) is taken as is, whatever the page
/// declares: a wrong `<meta charset>` is far more common than a page that
/// happens to be valid UTF-8 by accident. Otherwise a declared
/// latin-1/windows-1252 charset (which browsers treat as the same thing) is
/// decoded with a table, and anything else falls back to lossy UTF-8.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_owned();
    }
    match declared_charset(bytes) {
        Some(cs) if is_western_single_byte(&cs) => decode_cp1252(bytes),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn is_western_single_byte(label: &str) -> bool {
    matches!(
        label,
        "windows-1252"
            | "cp1252"
            | "x-cp1252"
            | "iso-8859-1"
            | "iso8859-1"
            | "iso_8859-1"
            | "latin1"
            | "latin-1"
            | "l1"
            | "us-ascii"
            | "ascii"
            | "iso-8859-15"
            | "latin-9"
    )
}

/// Decodes bytes as windows-1252 (a superset of the printable latin-1 range).
pub(crate) fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Finds the charset label declared in the first few KiB of a page, as
/// `<meta charset=...>` or `<meta http-equiv content="...; charset=...">`.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let needle = b"charset";
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], needle) {
        let mut i = from + pos + needle.len();
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < lower.len() && lower[i] == b'=' {
            i += 1;
            while i < lower.len()
                && (lower[i].is_ascii_whitespace() || lower[i] == b'"' || lower[i] == b'\'')
            {
                i += 1;
            }
            let start = i;
            while i < lower.len()
                && (lower[i].is_ascii_alphanumeric()
                    || matches!(lower[i], b'-' | b'_' | b':' | b'.'))
            {
                i += 1;
            }
            if i > start {
                return Some(String::from_utf8_lossy(&lower[start..i]).into_owned());
            }
        }
        from = from + pos + needle.len();
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_bom_is_dropped() {
        assert_eq!(decode("\u{FEFF}caf\u{e9}".as_bytes()), "caf\u{e9}");
    }

    #[test]
    fn windows_1252_is_decoded_from_meta() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><p>\x93caf\xe9\x94 \x80</p>";
        let s = decode(page);
        assert!(s.contains("\u{201C}caf\u{e9}\u{201D} \u{20AC}"), "{s}");
    }

    #[test]
    fn http_equiv_latin1_is_found() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><p>na\xefve</p>";
        assert_eq!(declared_charset(page).as_deref(), Some("iso-8859-1"));
        assert!(decode(page).contains("na\u{ef}ve"));
    }

    #[test]
    fn unknown_charset_falls_back_to_lossy() {
        let page = b"<meta charset=shift_jis><p>\x82\xa0</p>";
        assert!(decode(page).contains('\u{FFFD}'));
    }
}
