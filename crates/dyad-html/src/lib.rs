//! # dyad-html: the article inside a news page
//!
//! Event coding only works on the article's own sentences: navigation,
//! "related stories" lists and comment threads would inject actors and
//! verbs from other stories. This crate finds the main text of a news page
//! and its metadata.
//!
//! Choosing the article container is delegated to [`dom_smoothie`], a
//! pure-Rust port of Mozilla's Readability: on its own it scores ≈0.95 mean
//! token F1 on the shared article-extraction benchmark, as does the Rust
//! trafilatura port, with half the dependencies and twice the speed.
//! Everything around it is ours and lifts the score to ≈0.97
//! (`dyad-eval`'s `extraction` module measures it):
//!
//! * rendering the container in dyad's text layout while dropping what
//!   Readability lets through: class-hinted furniture (captions, bylines,
//!   share bars, galleries), link lists, date stamps, repeated captions and
//!   the repeated headline;
//! * metadata from meta tags, JSON-LD and `<time>`, in a fixed priority;
//! * the publisher's JSON-LD `articleBody` as a fallback and a cross-check;
//! * charset decoding for windows-1252/latin-1 pages;
//! * guards that keep hostile input (absurd nesting, binary garbage, a
//!   panic inside the dependency) from slowing down or taking down a run.
#![deny(missing_docs)]

mod charset;
mod guard;
mod meta;
mod render;
mod text;

use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_query::Document;
use dom_smoothie::{Config, Readability};

pub use charset::decode;

/// What [`extract`] finds in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The article's main text: one paragraph (or heading, or list item
    /// prefixed with `- `) per line, paragraphs separated by a blank line.
    pub text: String,
    /// The article's title.
    pub title: Option<String>,
    /// The publication date as found in the page (meta `article:published_time`,
    /// JSON-LD `datePublished`, `<time datetime>`), unparsed.
    pub published: Option<String>,
    /// The canonical URL, if the page names one.
    pub url: Option<String>,
    /// The site or publisher name, if the page names one (`og:site_name`).
    pub site: Option<String>,
}

/// Pages nested deeper than this (after [`guard`] has flattened absurd
/// nesting) skip the readability pass, whose tree walks recurse and could
/// overflow the stack; the paragraph fallback is iterative.
const MAX_DEPTH: usize = 512;

/// Extracts the main article of an HTML page. Never panics.
///
/// Malformed markup is repaired by the HTML5 parsing algorithm, as a browser
/// would. Input with no article (or no HTML at all) yields whatever prose
/// paragraphs it has, possibly none; undecodable binary yields no text.
pub fn extract(html: &str) -> Extracted {
    catch_unwind(AssertUnwindSafe(|| extract_inner(html))).unwrap_or_default()
}

/// [`extract`] for raw bytes as fetched: decodes them with [`decode`] first,
/// so windows-1252 pages keep their punctuation and accents.
pub fn extract_bytes(bytes: &[u8]) -> Extracted {
    extract(&decode(bytes))
}

/// The text of an HTML fragment that is all article, such as a feed item's
/// `description` or `content:encoded`: rendered in the same layout as
/// [`extract`]'s text (paragraphs separated by a blank line, list items as
/// `- ` lines), without the search for a main block, which would discard
/// most of a short fragment. Never panics.
pub fn fragment_text(html: &str) -> String {
    catch_unwind(AssertUnwindSafe(|| {
        let html = guard::flatten_if_deep(html);
        let doc = Document::fragment(html.as_ref());
        render::render(doc.root())
    }))
    .unwrap_or_default()
}

fn extract_inner(html: &str) -> Extracted {
    let html = guard::flatten_if_deep(html);
    let doc = Document::from(html.as_ref());
    let scan = meta::Scan::new(&doc);
    let meta = scan.resolve();

    let mut body = String::new();
    if scan.max_depth <= MAX_DEPTH {
        body = catch_unwind(AssertUnwindSafe(|| readability_text(doc))).unwrap_or_default();
    }
    if let Some(ld) = &meta.article_body {
        // Readability picked the wrong block when the publisher's own
        // articleBody is mostly absent from its choice.
        let ld = paragraphs_from_plain(&text::strip_tags(&text::decode_entities(ld)));
        if coverage(&ld, &body) < 0.5 && word_count(&ld) > word_count(&body) / 2 {
            body = ld;
        }
    }
    if word_count(&body) < 25 {
        // Readability found nothing usable (or was skipped): prefer the
        // publisher's own articleBody, then every reasonably long <p>.
        let fallback = match &meta.article_body {
            Some(b) => paragraphs_from_plain(&text::strip_tags(&text::decode_entities(b))),
            None => fallback_paragraphs(&scan.paragraphs),
        };
        if word_count(&fallback) > word_count(&body) {
            body = fallback;
        }
    }

    // The headline is metadata; pages often repeat it inside the article
    // container (an <h2>, a kicker block) where it would read as a sentence.
    let body = body
        .split("\n\n")
        .filter(|p| !meta.headlines.contains(&meta::norm_name(p)) && !text::is_mojibake(p))
        .collect::<Vec<_>>()
        .join("\n\n");

    Extracted {
        text: body,
        title: meta.title,
        published: meta.published,
        url: meta.url,
        site: meta.site,
    }
}

/// Share of `reference`'s distinct lowercase words that occur in `text`.
fn coverage(reference: &str, text: &str) -> f64 {
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (r, t) = (words(reference), words(text));
    if r.is_empty() {
        return 1.0;
    }
    r.iter().filter(|w| t.contains(*w)).count() as f64 / r.len() as f64
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn readability_text(doc: Document) -> String {
    let cfg = Config {
        max_elements_to_parse: 0,
        keep_classes: true,
        ..Config::default()
    };
    let Ok(mut r) = Readability::with_document(doc, None, Some(cfg)) else {
        return String::new();
    };
    let Ok(article) = r.parse() else {
        return String::new();
    };
    let content = Document::fragment(article.content.to_string());
    render::render(content.root())
}

/// Body text from a plain string whose paragraphs are separated by newlines.
fn paragraphs_from_plain(s: &str) -> String {
    s.split('\n')
        .map(text::collapse_ws)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Last resort: the page's `<p>` paragraphs that look like prose (long
/// enough to be more than a label or link).
fn fallback_paragraphs(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .filter(|p| p.split_whitespace().count() >= 8)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n")
}
