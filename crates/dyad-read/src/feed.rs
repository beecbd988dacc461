//! RSS and Atom feeds: each item is a document, with the item's date as its
//! publication date and the feed's title as its source.

use dyad_text::Document;
use quick_xml::events::{BytesStart, Event};

use crate::date::normalize_published;
use crate::fields::{content_id, Parsed};
use crate::{Origin, ReadError, Warning};

/// The fields of one item (RSS) or entry (Atom) as written.
#[derive(Default)]
struct Entry {
    title: String,
    link: String,
    id: String,
    date: String,
    updated: String,
    /// `content:encoded` or Atom `content`: the full article, preferred.
    content: String,
    /// `description` or Atom `summary`.
    summary: String,
}

/// Which field the text being read belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    FeedTitle,
    Title,
    Link,
    Id,
    Date,
    Updated,
    Content,
    Summary,
}

/// Reads every item of an RSS 2.0, RSS 1.0 or Atom feed. A feed that is not
/// well-formed XML is one error for the file. Dates keep the offset they were
/// written with, like every other input's.
pub(crate) fn read_feed(bytes: &[u8], file: &str) -> Result<Vec<Parsed>, ReadError> {
    let text = String::from_utf8_lossy(bytes);
    let mut reader = quick_xml::Reader::from_str(&text);
    let err = |pos: u64, message: String| {
        let upto = (pos as usize).min(text.len());
        let line = text.as_bytes()[..upto]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        ReadError::Feed {
            origin: Origin::at(file, line),
            message,
        }
    };
    let mut source = String::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut field: Option<(Field, usize)> = None;
    let mut depth = 0usize;
    let mut saw_root = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = local(&e);
                if depth == 1 {
                    if !matches!(name.as_str(), "rss" | "feed" | "rdf") {
                        return Err(err(
                            0,
                            format!("not an RSS or Atom feed (root element <{name}>)"),
                        ));
                    }
                    saw_root = true;
                }
                if field.is_some() {
                    continue;
                }
                if matches!(name.as_str(), "item" | "entry") {
                    current = Some(Entry::default());
                } else if let Some(entry) = current.as_mut() {
                    if name == "link" {
                        take_link(&e, entry);
                    }
                    field = entry_field(&name, &e).map(|f| (f, depth));
                } else if name == "title" && source.is_empty() && depth <= 3 {
                    field = Some((Field::FeedTitle, depth));
                }
            }
            Event::Empty(e) => {
                if let (Some(entry), None) = (current.as_mut(), field) {
                    if local(&e) == "link" {
                        take_link(&e, entry);
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if field.is_some_and(|(_, d)| d == depth) {
                    field = None;
                }
                if field.is_none() && matches!(name.as_str(), "item" | "entry") {
                    entries.extend(current.take());
                }
                depth = depth.saturating_sub(1);
            }
            Event::Text(t) => push(&mut field, &mut current, &mut source, &t.into_inner()),
            Event::CData(t) => push(&mut field, &mut current, &mut source, &t.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.into_inner().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                push(&mut field, &mut current, &mut source, &resolved);
            }
            Event::Eof if depth > 0 => {
                return Err(err(
                    text.len() as u64,
                    format!("unexpected end of file: {depth} element(s) not closed"),
                ))
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_root {
        return Err(err(0, "no RSS or Atom content".into()));
    }
    let source = (!source.trim().is_empty()).then(|| source.trim().to_string());
    Ok(entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| Ok(to_document(entry, Origin::at(file, i + 1), &source)))
        .collect())
}

fn to_document(
    entry: Entry,
    origin: Origin,
    source: &Option<String>,
) -> (Document, Origin, Vec<Warning>) {
    let body = if entry.content.trim().is_empty() {
        entry.summary
    } else {
        entry.content
    };
    let text = if body.contains('<') || body.contains('&') {
        dyad_html::fragment_text(&body)
    } else {
        body.trim().to_string()
    };
    let mut warnings = Vec::new();
    let raw_date = if entry.date.trim().is_empty() {
        entry.updated
    } else {
        entry.date
    };
    let published = if raw_date.trim().is_empty() {
        None
    } else {
        match normalize_published(&raw_date) {
            Ok(d) => Some(d),
            Err(reason) => {
                warnings.push(Warning {
                    origin: origin.clone(),
                    message: format!("item date ignored: {reason}"),
                });
                None
            }
        }
    };
    let url = Some(entry.link.trim().to_string()).filter(|u| !u.is_empty());
    let id = if !entry.id.trim().is_empty() {
        entry.id.trim().to_string()
    } else if let Some(u) = &url {
        u.clone()
    } else {
        content_id(&text)
    };
    let title = Some(entry.title.trim().to_string()).filter(|t| !t.is_empty());
    let doc = Document {
        id,
        published,
        title,
        url,
        source: source.clone(),
        text,
    };
    (doc, origin, warnings)
}

/// The lower-case local name of an element (`content:encoded` → `encoded`).
fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_ascii_lowercase()
}

fn entry_field(name: &str, e: &BytesStart) -> Option<Field> {
    Some(match name {
        "title" => Field::Title,
        "link" if !has_attr(e, "href") => Field::Link,
        "guid" | "id" => Field::Id,
        "pubdate" | "published" | "date" | "issued" => Field::Date,
        "updated" | "modified" => Field::Updated,
        "encoded" | "content" => Field::Content,
        "description" | "summary" => Field::Summary,
        _ => return None,
    })
}

fn has_attr(e: &BytesStart, key: &str) -> bool {
    attr(e, key).is_some()
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == key)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(|v| v.into_owned())
                    .ok()
            })
            .flatten()
    })
}

/// An Atom `<link href=…>`: the first alternate (or untyped) link is the article's.
fn take_link(e: &BytesStart, entry: &mut Entry) {
    if let Some(href) = attr(e, "href") {
        let rel = attr(e, "rel").unwrap_or_else(|| "alternate".into());
        if rel == "alternate" && entry.link.is_empty() {
            entry.link = href;
        }
    }
}

fn push(
    field: &mut Option<(Field, usize)>,
    current: &mut Option<Entry>,
    source: &mut String,
    text: &str,
) {
    let Some((f, _)) = *field else { return };
    if f == Field::FeedTitle {
        source.push_str(text);
        return;
    }
    let Some(entry) = current.as_mut() else {
        return;
    };
    let slot = match f {
        Field::Title => &mut entry.title,
        Field::Link => &mut entry.link,
        Field::Id => &mut entry.id,
        Field::Date => &mut entry.date,
        Field::Updated => &mut entry.updated,
        Field::Content => &mut entry.content,
        Field::Summary => &mut entry.summary,
        Field::FeedTitle => return,
    };
    slot.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_are_documents() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Talks</title><link>https://n.example/1</link><guid>n-1</guid>
<pubDate>Tue, 04 Nov 2025 10:00:00 +0000</pubDate><description>Leaders met in Beijing.</description></item>
<item><title>Two</title><link>https://n.example/2</link><description>&lt;p&gt;Protesters marched.&lt;/p&gt;</description></item>
</channel></rss>"#;
        let docs = read_feed(rss.as_bytes(), "w.rss").unwrap();
        assert_eq!(docs.len(), 2);
        let (d, o, _) = docs[0].as_ref().unwrap();
        assert_eq!(d.id, "n-1");
        assert_eq!(d.published.as_deref(), Some("2025-11-04T10:00:00Z"));
        assert_eq!(d.source.as_deref(), Some("Wire"));
        assert_eq!(d.text, "Leaders met in Beijing.");
        assert_eq!(o.line, Some(1));
        assert_eq!(d.url.as_deref(), Some("https://n.example/1"));
        let (d, _, _) = docs[1].as_ref().unwrap();
        assert_eq!(d.text.trim(), "Protesters marched.");
        assert!(d.published.is_none());
    }

    #[test]
    fn atom_entries_are_documents() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:d</id><updated>2025-11-04T00:00:00Z</updated>
<entry><title>Sanctions</title><id>urn:e1</id><link href="https://n.example/e1"/>
<published>2025-11-03T08:00:00+02:00</published><updated>2025-11-03T09:00:00Z</updated>
<content type="html">&lt;p&gt;The EU imposed sanctions.&lt;/p&gt;</content></entry></feed>"#;
        let docs = read_feed(atom.as_bytes(), "d.atom").unwrap();
        let (d, _, _) = docs[0].as_ref().unwrap();
        assert_eq!(d.id, "urn:e1");
        assert_eq!(d.published.as_deref(), Some("2025-11-03T08:00:00+02:00"));
        assert_eq!(d.text.trim(), "The EU imposed sanctions.");
    }

    #[test]
    fn broken_feed_is_an_error() {
        assert!(read_feed(b"<rss><channel><item>", "x.rss").is_err());
    }
}
