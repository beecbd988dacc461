//! Documents from JSON values (JSONL lines, JSON files) and from HTML pages.
//!
//! The JSON document schema is small and strict about types, because a wrong
//! type (a number where a date belongs) is a mistake in the export that the
//! user should hear about, with the field named:
//! `id` (string or number), `text` or `html` (string), `published` (date or
//! RFC 3339), and optional `url`, `title`, `source` (strings). Other fields
//! are ignored.

use std::io::BufRead;

use dyad_text::Document;
use serde_json::{Map, Value};

use crate::{date::normalize_published, decode, Origin, ReadError, Warning};

/// One document read from a structured input, or why it could not be.
pub(crate) type Parsed = Result<(Document, Origin, Vec<Warning>), ReadError>;

/// A stable id for a document that has none: a 64-bit FNV-1a hash of its
/// text, so the same text always gets the same id.
pub(crate) fn content_id(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("sha-fnv1a-{h:016x}")
}

/// A document from an HTML page: the article text, with the page's title,
/// date, URL and site name as metadata.
pub(crate) fn from_html(html: &str, id: String, origin: &Origin) -> (Document, Vec<Warning>) {
    let page = dyad_html::extract(html);
    let mut warnings = Vec::new();
    let published = page.published.as_deref().and_then(|raw| {
        normalize_published(raw)
            .map_err(|reason| {
                warnings.push(Warning {
                    origin: origin.clone(),
                    message: format!("page date ignored: {reason}"),
                })
            })
            .ok()
    });
    if page.text.trim().is_empty() {
        warnings.push(Warning {
            origin: origin.clone(),
            message: "no article text found in the page".into(),
        });
    }
    let doc = Document {
        id,
        published,
        title: page.title,
        url: page.url,
        source: page.site,
        text: page.text,
    };
    (doc, warnings)
}

/// Documents from a `.json` file: one object, or an array of objects (each
/// reported by its position, from 1).
pub(crate) fn from_json_text(text: &str, file: &str) -> Vec<Parsed> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return vec![Err(ReadError::Json {
                origin: Origin::at(file, e.line()),
                message: strip_position(&e),
            })]
        }
    };
    match value {
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| from_value(v, Origin::at(file, i + 1)))
            .collect(),
        v => vec![from_value(v, Origin::file(file))],
    }
}

/// serde_json's message without its "at line L column C" suffix, with the column kept.
fn strip_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let base = msg
        .split(" at line ")
        .next()
        .unwrap_or(msg.as_str())
        .to_string();
    format!("{base} (column {})", e.column())
}

/// A document from one JSON value.
pub(crate) fn from_value(value: Value, origin: Origin) -> Parsed {
    let Value::Object(mut obj) = value else {
        return Err(ReadError::Json {
            origin,
            message: format!("expected a document object, found {}", kind_of(&value)),
        });
    };
    let field_err = |field: &str, message: String| ReadError::Field {
        origin: origin.clone(),
        field: field.to_string(),
        message,
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
        Some(Value::String(_)) => return Err(field_err("id", "empty string".into())),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(v) => {
            return Err(field_err(
                "id",
                format!("expected a string or number, found {}", kind_of(&v)),
            ))
        }
    };
    let text = optional_string(&mut obj, "text").map_err(|m| field_err("text", m))?;
    let html = optional_string(&mut obj, "html").map_err(|m| field_err("html", m))?;
    let published =
        match optional_string(&mut obj, "published").map_err(|m| field_err("published", m))? {
            Some(raw) => Some(normalize_published(&raw).map_err(|m| field_err("published", m))?),
            None => None,
        };
    let url = optional_string(&mut obj, "url").map_err(|m| field_err("url", m))?;
    let title = optional_string(&mut obj, "title").map_err(|m| field_err("title", m))?;
    let source = optional_string(&mut obj, "source").map_err(|m| field_err("source", m))?;
    let mut warnings = Vec::new();
    let doc = match (text, html) {
        (Some(text), _) => Document {
            id: id.unwrap_or_else(|| content_id(&text)),
            published,
            title,
            url,
            source,
            text,
        },
        (None, Some(html)) => {
            let (page, w) = from_html(&html, String::new(), &origin);
            warnings = w;
            Document {
                id: id.unwrap_or_else(|| content_id(&page.text)),
                published: published.or(page.published),
                title: title.or(page.title),
                url: url.or(page.url),
                source: source.or(page.source),
                text: page.text,
            }
        }
        (None, None) => {
            return Err(field_err(
                "text",
                "missing: a document needs a `text` or an `html` field".into(),
            ))
        }
    };
    Ok((doc, origin, warnings))
}

fn optional_string(obj: &mut Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match obj.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v) => Err(format!("expected a string, found {}", kind_of(&v))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// JSON Lines read a line at a time, so a dump of any size streams.
pub(crate) struct JsonlStream {
    reader: Box<dyn BufRead + Send>,
    file: String,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlStream {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, file: String) -> Self {
        JsonlStream {
            reader,
            file,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }
}

impl Iterator for JsonlStream {
    type Item = Parsed;

    fn next(&mut self) -> Option<Parsed> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let origin = Origin::at(&self.file, self.line);
                    let trimmed = self.buf.trim_ascii();
                    if trimmed.is_empty() {
                        continue;
                    }
                    let (line, warning) = decode::lossy(trimmed, &origin);
                    return Some(match serde_json::from_str::<Value>(&line) {
                        Ok(v) => from_value(v, origin).map(|(d, o, mut w)| {
                            w.extend(warning);
                            (d, o, w)
                        }),
                        Err(e) => Err(ReadError::Json {
                            origin,
                            message: strip_position(&e),
                        }),
                    });
                }
                Err(source) => {
                    self.done = true;
                    return Some(Err(ReadError::Io {
                        origin: Origin::at(&self.file, self.line + 1),
                        source,
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn o() -> Origin {
        Origin::at("f.jsonl", 3)
    }

    #[test]
    fn full_document() {
        let (d, _, w) = from_value(
            json!({"id": 7, "text": "Hi.", "published": "2025-11-04T09:00:00+01:00", "url": "u", "title": "t", "source": "s", "extra": [1]}),
            o(),
        )
        .unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.published.as_deref(), Some("2025-11-04T09:00:00+01:00"));
        assert_eq!(
            (d.url.as_deref(), d.title.as_deref(), d.source.as_deref()),
            (Some("u"), Some("t"), Some("s"))
        );
        assert!(w.is_empty());
    }

    #[test]
    fn errors_name_the_field() {
        let e = from_value(json!({"id": "a", "text": "x", "published": "soon"}), o()).unwrap_err();
        assert!(
            e.to_string().starts_with("f.jsonl:3: field `published`"),
            "{e}"
        );
        let e = from_value(json!({"id": "a"}), o()).unwrap_err();
        assert!(e.to_string().contains("field `text`: missing"), "{e}");
        let e = from_value(json!({"text": 5}), o()).unwrap_err();
        assert!(
            e.to_string()
                .contains("field `text`: expected a string, found a number"),
            "{e}"
        );
        let e = from_value(json!(["x"]), o()).unwrap_err();
        assert!(e.to_string().contains("expected a document object"), "{e}");
    }

    #[test]
    fn id_from_content_is_stable() {
        let a = from_value(json!({"text": "Same text."}), o()).unwrap().0.id;
        let b = from_value(json!({"text": "Same text."}), o()).unwrap().0.id;
        assert_eq!(a, b);
        assert_ne!(a, from_value(json!({"text": "Other."}), o()).unwrap().0.id);
    }

    #[test]
    fn jsonl_stream_goes_on_after_bad_lines() {
        let data =
            "{\"id\":\"a\",\"text\":\"One.\"}\n\n{bad json\n{\"id\":\"c\",\"text\":\"Three.\"}\n";
        let items: Vec<Parsed> =
            JsonlStream::new(Box::new(data.as_bytes()), "f.jsonl".into()).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok());
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("f.jsonl:3: invalid JSON"), "{err}");
        assert_eq!(items[2].as_ref().unwrap().1.line, Some(4));
    }
}
