//! Bytes to text: gzip detection, binary detection, UTF-16 with a byte-order
//! mark, and lossy UTF-8 that counts what it replaced.

use crate::{Origin, ReadError, Warning};

/// Whether a stream starts with the gzip magic bytes.
pub(crate) fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

/// Decodes a whole file. Binary content is an error; invalid UTF-8 is
/// replaced (U+FFFD) and counted in a warning, since messy text is data.
pub(crate) fn decode(
    bytes: &[u8],
    origin: &Origin,
) -> Result<(String, Option<Warning>), ReadError> {
    if let Some(text) = utf16(bytes) {
        return Ok((text, None));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(reason) = binary_reason(bytes) {
        return Err(ReadError::Binary {
            origin: origin.clone(),
            reason,
        });
    }
    Ok(lossy(bytes, origin))
}

/// Decodes one line or value: lossy UTF-8 with a counted warning.
pub(crate) fn lossy(bytes: &[u8], origin: &Origin) -> (String, Option<Warning>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) => {
            let bad = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            let warning = Warning {
                origin: origin.clone(),
                message: format!(
                    "invalid UTF-8: {bad} byte sequence{} replaced with U+FFFD",
                    if bad == 1 { "" } else { "s" }
                ),
            };
            (String::from_utf8_lossy(bytes).into_owned(), Some(warning))
        }
    }
}

/// Text that starts with a UTF-16 byte-order mark, decoded.
fn utf16(bytes: &[u8]) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// Why the first 8 KiB look like binary data, if they do: NUL bytes, or more
/// than one in ten bytes being control characters other than white space.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("contains NUL bytes".into());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if !head.is_empty() && control * 10 > head.len() {
        return Some(format!(
            "{control} control bytes in the first {}",
            head.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            file: "x".into(),
            line: None,
        }
    }

    #[test]
    fn lossy_counts_sequences() {
        let (s, w) = decode(b"caf\xe9 and \xff\xfe ok", &origin()).unwrap();
        assert!(s.starts_with("caf\u{FFFD} and"));
        assert!(w.unwrap().message.contains("3 byte sequences"));
    }

    #[test]
    fn binary_and_bom() {
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\x00\x00", &origin()),
            Err(ReadError::Binary { .. })
        ));
        let (s, w) = decode(b"\xEF\xBB\xBFhello", &origin()).unwrap();
        assert_eq!((s.as_str(), w), ("hello", None));
        let utf16: Vec<u8> = [0xFF, 0xFE, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&utf16, &origin()).unwrap().0, "hi");
    }
}
