//! The shared corpora (Wikinews 2019–2021 and Reuters-21578) read record
//! by record with their metadata, for the benchmarks and for the tests
//! that run dyad over a fixed real corpus.

use std::path::{Path, PathBuf};

/// The corpus files of the shared folder: Wikinews (`.csv`), then
/// Reuters-21578 (`.sgm`), each in sorted order; a missing corpus is skipped
/// with a note on stderr.
pub fn corpus_files(shared: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for (dir, ext) in [
        ("corpus/wikinews-2019-2021", "csv"),
        ("corpus/reuters21578", "sgm"),
    ] {
        let dir = shared.join(dir);
        let Ok(rd) = std::fs::read_dir(&dir) else {
            eprintln!("skipping missing {}", dir.display());
            continue;
        };
        let mut v: Vec<PathBuf> = rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        v.sort();
        files.extend(v);
    }
    Ok(files)
}

/// A corpus document with what the corpus says about it.
pub struct Record {
    /// `wikinews_2019.csv:12` (the record number) or `reuters:NEWID`.
    pub id: String,
    /// The article's URL (Wikinews).
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// `Wikinews` or `Reuters`.
    pub source: &'static str,
    /// The text (Reuters: the `<BODY>`, entities decoded).
    pub text: String,
}

/// Calls `f` with each document of one corpus file and its metadata.
pub fn for_each_record(path: &Path, mut f: impl FnMut(&Record)) -> Result<(), String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => {
            let err = |e: csv::Error| format!("{}: {e}", path.display());
            let mut rd = csv::Reader::from_reader(raw.as_slice());
            let headers = rd.headers().map_err(err)?.clone();
            let col = |name: &str| headers.iter().position(|h| h == name);
            let text =
                col("text").ok_or_else(|| format!("{}: no `text` column", path.display()))?;
            let (url, date, title) = (col("url"), col("date"), col("title"));
            // One record buffer, reused: documents are streamed.
            let mut rec = csv::StringRecord::new();
            let mut n = 0usize;
            while rd.read_record(&mut rec).map_err(err)? {
                n += 1;
                let get = |c: Option<usize>| {
                    c.and_then(|c| rec.get(c))
                        .filter(|v| !v.is_empty())
                        .map(str::to_string)
                };
                f(&Record {
                    id: format!("{file_name}:{n}"),
                    url: get(url),
                    published: get(date),
                    title: get(title),
                    source: "Wikinews",
                    text: rec.get(text).unwrap_or("").to_string(),
                });
            }
        }
        Some("sgm") => {
            // Reuters-21578 is ASCII with a few stray high bytes: read them as Latin-1.
            let text = String::from_utf8(raw)
                .unwrap_or_else(|e| e.into_bytes().iter().map(|&b| b as char).collect());
            for article in text.split("<REUTERS").skip(1) {
                let Some(i) = article.find("<BODY>") else {
                    continue;
                };
                let body = &article[i + 6..];
                let Some(j) = body.find("</BODY>") else {
                    continue;
                };
                let newid = between(article, "NEWID=\"", "\"").unwrap_or("0");
                f(&Record {
                    id: format!("reuters:{newid}"),
                    url: None,
                    published: between(article, "<DATE>", "</DATE>").and_then(reuters_date),
                    title: between(article, "<TITLE>", "</TITLE>").map(decode_sgml),
                    source: "Reuters",
                    text: decode_sgml(&body[..j]),
                });
            }
        }
        _ => {}
    }
    Ok(())
}

/// The text between the first `open` and the `close` after it.
fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let i = s.find(open)? + open.len();
    let j = s[i..].find(close)?;
    Some(&s[i..i + j])
}

/// Reuters' ` 26-FEB-1987 15:01:01.79` as `1987-02-26`.
fn reuters_date(raw: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let day_part = raw.split_whitespace().next()?;
    let mut parts = day_part.split('-');
    let d: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let m = MONTHS.iter().position(|m| *m == month)? + 1;
    let y: u32 = parts.next()?.parse().ok()?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// Decodes the SGML entities of Reuters-21578 (`&lt;`, `&gt;`, `&amp;`, `&#N;`).
pub fn decode_sgml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let semi = rest[..rest.len().min(10)].find(';');
        let decoded = semi.and_then(|k| {
            let name = &rest[1..k];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                _ => char::from_u32(name.strip_prefix('#')?.parse().ok()?)?,
            };
            Some((c, k + 1))
        });
        match decoded {
            Some((c, n)) => {
                out.push(c);
                rest = &rest[n..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The shared corpora as dyad's JSON Lines input (`id`, `url`,
/// `published`, `title`, `source`, `text`), Wikinews first, then at most
/// `reuters` Reuters articles, `max_docs` in all: one fixed input for the
/// benchmarks and tests that compare two ways of running dyad. Returns the
/// documents written and how many came from Reuters.
pub fn write_jsonl(
    shared: &Path,
    max_docs: usize,
    reuters: usize,
    out: &mut impl std::io::Write,
) -> Result<(usize, usize), String> {
    let (mut n, mut from_reuters) = (0usize, 0usize);
    let mut failed = None;
    for path in corpus_files(shared)? {
        for_each_record(&path, |r| {
            let is_reuters = r.source == "Reuters";
            if n >= max_docs || (is_reuters && from_reuters >= reuters) || failed.is_some() {
                return;
            }
            let line = serde_json::json!({
                "id": r.id,
                "url": r.url,
                "published": r.published,
                "title": r.title,
                "source": r.source,
                "text": r.text,
            });
            if let Err(e) = writeln!(out, "{line}") {
                failed = Some(e.to_string());
            }
            n += 1;
            from_reuters += usize::from(is_reuters);
        })?;
    }
    if let Some(e) = failed {
        return Err(format!("writing the corpus: {e}"));
    }
    out.flush()
        .map_err(|e| format!("writing the corpus: {e}"))?;
    Ok((n, from_reuters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuters_dates() {
        assert_eq!(
            reuters_date(" 2-MAR-1987 06:18:48.35").as_deref(),
            Some("1987-03-02")
        );
        assert_eq!(reuters_date("26-XYZ-1987"), None);
    }

    #[test]
    fn sgml_entities() {
        assert_eq!(decode_sgml("a &lt;TWA> &amp; b&#3;"), "a <TWA> & b\u{3}");
        assert_eq!(decode_sgml("AT&T &bogus"), "AT&T &bogus");
    }
}
