//! Which reader a file needs: by its name first, by its first bytes otherwise.

/// The input formats dyad reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: the whole file is one document.
    Text,
    /// A web page: its main article is the document.
    Html,
    /// JSON Lines: one document per line.
    Jsonl,
    /// JSON: one document object or an array of them.
    Json,
    /// An RSS or Atom feed: each item is a document.
    Feed,
}

impl Format {
    /// The format a (lower-case, `.gz`-less) extension names, if any.
    /// `.xml` names none: it may hold a feed or a page, so its content decides.
    pub fn from_extension(ext: Option<&str>) -> Option<Format> {
        Some(match ext? {
            "txt" | "text" => Format::Text,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl,
            "json" => Format::Json,
            "rss" | "atom" | "feed" => Format::Feed,
            _ => return None,
        })
    }
}

/// The lower-case extension of a file name (`a.TXT` → `txt`), if it has one.
pub(crate) fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() || ext.contains('/') {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// A file name without `.gz` and without a known format extension, used as
/// the id of the document a text or HTML file holds.
pub(crate) fn strip_extensions(name: &str) -> String {
    let name = name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".GZ"))
        .unwrap_or(name);
    match extension(name) {
        Some(ext) if Format::from_extension(Some(&ext)).is_some() || ext == "xml" => {
            name[..name.len() - ext.len() - 1].to_string()
        }
        _ => name.to_string(),
    }
}

/// Guesses the format from the first bytes of a file. Plain text is only a
/// guess for files without an extension; the caller decides.
pub(crate) fn sniff(head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..head.len().min(start + 2048)];
    let lower = head.to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    match head[0] {
        b'{' => Some(Format::Jsonl),
        b'[' => Some(Format::Json),
        b'<' if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") => Some(Format::Feed),
        b'<' if has(b"<html") || has(b"<!doctype html") || has(b"<body") || has(b"<p>") => {
            Some(Format::Html)
        }
        _ if head.contains(&0) => None,
        _ => Some(Format::Text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(extension("a.TXT").as_deref(), Some("txt"));
        assert_eq!(extension(".bashrc"), None);
        assert_eq!(extension("README"), None);
        assert_eq!(strip_extensions("news.jsonl.gz"), "news");
        assert_eq!(strip_extensions("2025/a.b.html"), "2025/a.b");
        assert_eq!(strip_extensions("data.csv"), "data.csv");
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  {\"id\":1}"), Some(Format::Jsonl));
        assert_eq!(sniff(b"[{}]"), Some(Format::Json));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            Some(Format::Feed)
        );
        assert_eq!(
            sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Some(Format::Feed)
        );
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Some(Format::Html));
        assert_eq!(sniff(b"BEIJING (Reuters) - "), Some(Format::Text));
        assert_eq!(sniff(b"\x7fELF\x02\x01\x00\x00"), None);
        assert_eq!(sniff(b"   "), None);
    }
}
