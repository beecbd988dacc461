//! Page metadata: title, publication date, canonical URL, site name.
//!
//! Publishers state these in several overlapping places (Open Graph meta,
//! Dublin Core and vendor meta names, schema.org JSON-LD, `<time>`
//! elements), each with different reliability. One walk over the document
//! collects every candidate; [`Scan::resolve`] then picks by a fixed
//! priority so results are predictable.

use dom_query::{Document, NodeRef};
use serde_json::Value;

use crate::text::{collapse_ws, decode_entities};

/// Everything one pass over the document finds that metadata (and the
/// fallback body extractor) needs.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// `(key, content)` of each `<meta>`, key lowercased from `property`,
    /// `name`, `itemprop` or `http-equiv`.
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    jsonld: Vec<Value>,
    /// `datetime` of `<time>` elements inside `<article>`/`<main>`.
    article_times: Vec<String>,
    /// `datetime`/`content` of elements explicitly marked as the
    /// publication date (`itemprop=datePublished`, `pubdate`).
    marked_times: Vec<String>,
    /// `datetime` of every `<time>` in the page.
    all_times: Vec<String>,
    /// Deepest element nesting seen, to route pathological pages away from
    /// the recursive readability code.
    pub(crate) max_depth: usize,
    /// Number of nodes in the document.
    pub(crate) nodes: usize,
    /// Text of every `<p>`, in document order, for the fallback extractor.
    pub(crate) paragraphs: Vec<String>,
}

/// Metadata fields once resolved.
#[derive(Debug, Default)]
pub(crate) struct Meta {
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) site: Option<String>,
    /// JSON-LD `articleBody`, a full-text fallback when the DOM yields none.
    pub(crate) article_body: Option<String>,
    /// Every headline form the page states (cleaned title, raw `og:title`,
    /// `<h1>`, `<title>`), normalised with [`norm_name`], so the body can
    /// drop a repeated headline.
    pub(crate) headlines: Vec<String>,
}

/// Element names whose subtree holds nothing for metadata or paragraphs.
fn is_opaque(name: &str) -> bool {
    matches!(name, "style" | "svg" | "math" | "template" | "noscript")
}

/// Concatenated text of a subtree, without recursion (pages can nest
/// thousands of levels deep).
pub(crate) fn subtree_text(node: NodeRef<'_>) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            out.push_str(&n.text());
        } else if n.is_element() || n.is_document() || n.is_fragment() {
            stack.extend(n.children_it(true));
        }
    }
    out
}

impl Scan {
    /// Walks the whole document once.
    pub(crate) fn new(doc: &Document) -> Scan {
        let mut scan = Scan::default();
        // (node, depth, inside <article>/<main>)
        let mut stack: Vec<(NodeRef<'_>, usize, bool)> = vec![(doc.root(), 0, false)];
        while let Some((node, depth, in_article)) = stack.pop() {
            scan.nodes += 1;
            scan.max_depth = scan.max_depth.max(depth);
            let Some(name) = node.node_name() else {
                if node.is_document() || node.is_fragment() {
                    stack.extend(node.children_it(true).map(|c| (c, depth + 1, in_article)));
                }
                continue;
            };
            let name = name.to_ascii_lowercase();
            let mut descend = !is_opaque(&name);
            match name.as_str() {
                "meta" => scan.meta(node),
                "link" => {
                    let rel = node.attr("rel").map(|r| r.to_ascii_lowercase());
                    if scan.canonical.is_none()
                        && rel.is_some_and(|r| r.split_whitespace().any(|t| t == "canonical"))
                    {
                        scan.canonical = nonempty(node.attr("href").as_deref());
                    }
                }
                "title" => {
                    if scan.title_tag.is_none() {
                        scan.title_tag = nonempty(Some(&subtree_text(node)));
                    }
                    descend = false;
                }
                "h1" if scan.h1.is_none() => {
                    scan.h1 = nonempty(Some(&subtree_text(node)));
                }
                "script" => {
                    let ty = node
                        .attr("type")
                        .map(|t| t.to_ascii_lowercase())
                        .unwrap_or_default();
                    if ty.contains("ld+json") {
                        if let Some(v) = parse_jsonld(&subtree_text(node)) {
                            scan.jsonld.push(v);
                        }
                    }
                    descend = false;
                }
                "time" => {
                    if let Some(dt) = nonempty(node.attr("datetime").as_deref()) {
                        if in_article {
                            scan.article_times.push(dt.clone());
                        }
                        scan.all_times.push(dt);
                    }
                }
                "p" => {
                    let t = collapse_ws(&subtree_text(node));
                    if !t.is_empty() {
                        scan.paragraphs.push(t);
                    }
                }
                _ => {}
            }
            if name != "meta" && is_date_published(node) {
                if let Some(v) = nonempty(
                    node.attr("datetime")
                        .or_else(|| node.attr("content"))
                        .as_deref(),
                ) {
                    scan.marked_times.push(v);
                }
            }
            if descend {
                let inside = in_article || name == "article" || name == "main";
                stack.extend(node.children_it(true).map(|c| (c, depth + 1, inside)));
            }
        }
        scan
    }

    fn meta(&mut self, node: NodeRef<'_>) {
        let Some(content) = nonempty(node.attr("content").as_deref()) else {
            return;
        };
        for key_attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(key) = node.attr(key_attr) {
                let key = key.trim().to_ascii_lowercase();
                if !key.is_empty() {
                    self.metas.push((key, content.clone()));
                }
            }
        }
    }

    /// The page's `<time datetime>` when every such element agrees: a page
    /// without `<article>` markup whose only timestamp is the story's own.
    /// Several different values (comment times, teaser dates) prove nothing.
    fn only_time(&self) -> Option<String> {
        let first = self.all_times.first()?;
        self.all_times
            .iter()
            .all(|t| t == first)
            .then(|| first.clone())
    }

    fn meta_value(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            self.metas
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }

    /// Picks each field from its most reliable source.
    pub(crate) fn resolve(&self) -> Meta {
        let article = self.jsonld.iter().find_map(find_article);
        let ld_str = |key: &str| article.and_then(|a| json_text(a.get(key)?));
        let ld_site = article.and_then(|a| {
            let p = a.get("publisher")?;
            let p = p.as_array().and_then(|a| a.first()).unwrap_or(p);
            json_text(p.get("name")?)
        });
        let ld_date = ld_str("datePublished").or_else(|| self.jsonld.iter().find_map(find_date));

        let site = self
            .meta_value(&["og:site_name"])
            .or(ld_site)
            .map(|s| collapse_ws(&s))
            .filter(|s| !s.is_empty());
        let raw_title = self
            .meta_value(&["og:title", "twitter:title"])
            .or_else(|| ld_str("headline"))
            .or_else(|| self.h1.clone())
            .or_else(|| self.title_tag.clone());
        let title = raw_title
            .map(|t| clean_title(&collapse_ws(&decode_entities(&t)), site.as_deref()))
            .filter(|t| !t.is_empty());

        let published = self
            .meta_value(&[
                "article:published_time",
                "og:article:published_time",
                "article:published",
                "datepublished",
                "pubdate",
                "publishdate",
                "publish-date",
                "publish_date",
                "published_time",
                "date",
                "parsely-pub-date",
                "dc.date.issued",
                "dcterms.issued",
                "dc.date",
                "dcterms.created",
                "dc.date.created",
                "sailthru.date",
                "article.published",
                "original-publish-date",
                "og:published_time",
                "release_date",
            ])
            .or(ld_date)
            .or_else(|| self.marked_times.first().cloned())
            .or_else(|| self.article_times.first().cloned())
            .or_else(|| self.only_time())
            .map(|d| d.trim().to_owned());

        let url = self
            .canonical
            .clone()
            .or_else(|| self.meta_value(&["og:url"]))
            .map(|u| u.trim().to_owned());

        let mut headlines: Vec<String> = [
            title.clone(),
            self.meta_value(&["og:title"]),
            ld_str("headline"),
            self.h1.clone(),
            self.title_tag.clone(),
        ]
        .into_iter()
        .flatten()
        .map(|t| norm_name(&decode_entities(&t)))
        .filter(|t| !t.is_empty())
        .collect();
        headlines.sort();
        headlines.dedup();
        let article_body = ld_str("articleBody").filter(|b| b.split_whitespace().count() >= 20);
        Meta {
            title,
            published,
            url,
            site,
            article_body,
            headlines,
        }
    }
}

fn is_date_published(node: NodeRef<'_>) -> bool {
    node.attr("itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
        || node.has_attr("pubdate")
}

fn nonempty(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Parses a JSON-LD block leniently: CMSes wrap it in CDATA or HTML
/// comments, and leave trailing semicolons or raw control characters.
fn parse_jsonld(raw: &str) -> Option<Value> {
    let mut s = raw.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = s.strip_prefix(open) {
            s = inner.trim();
            if let Some(inner) = s.strip_suffix(close) {
                s = inner.trim();
            }
        }
    }
    let s = s.trim_end_matches(';').trim();
    if let Ok(v) = serde_json::from_str(s) {
        return Some(v);
    }
    // Raw newlines/tabs inside strings are the usual breakage.
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&cleaned).ok()
}

/// Whether a JSON-LD `@type` names an article-like thing.
fn is_article_type(v: &Value) -> bool {
    let check = |t: &str| {
        t.ends_with("Article") || t.ends_with("Posting") || t == "Report" || t == "NewsArticle"
    };
    match v {
        Value::String(s) => check(s),
        Value::Array(a) => a.iter().any(|t| t.as_str().is_some_and(check)),
        _ => false,
    }
}

/// Depth-first search (bounded by serde_json's own nesting limit) for the
/// first article-typed object, looking inside `@graph` and arrays.
fn find_article(v: &Value) -> Option<&serde_json::Map<String, Value>> {
    match v {
        Value::Object(o) => {
            if o.get("@type").is_some_and(is_article_type) {
                return Some(o);
            }
            o.values().find_map(find_article)
        }
        Value::Array(a) => a.iter().find_map(find_article),
        _ => None,
    }
}

/// Any `datePublished` anywhere (e.g. on a `WebPage` node), for pages that
/// type their article oddly.
fn find_date(v: &Value) -> Option<String> {
    match v {
        Value::Object(o) => o
            .get("datePublished")
            .and_then(json_text)
            .or_else(|| o.values().find_map(find_date)),
        Value::Array(a) => a.iter().find_map(find_date),
        _ => None,
    }
}

fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => nonempty(Some(s)),
        Value::Array(a) => a.iter().find_map(json_text),
        _ => None,
    }
}

const TITLE_SEPARATORS: [&str; 7] = [
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    " :: ",
    " \u{bb} ",
    " / ",
];

/// Removes a site-name prefix or suffix (`"Story | The Site"`) and a
/// section label prefix (`"Opinion | Story"`).
///
/// A segment is dropped when it names the site, or when it is short (≤ 4
/// words) and what remains still reads as a headline (≥ 3 words); the
/// headline itself is never dropped.
pub(crate) fn clean_title(title: &str, site: Option<&str>) -> String {
    let site_norm = site.map(norm_name);
    let mut t = title.trim().to_owned();
    for _ in 0..3 {
        let mut changed = false;
        // suffix
        if let Some((pos, sep)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|s| t.rfind(s).map(|p| (p, *s)))
            .max_by_key(|x| x.0)
        {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            if droppable(tail, head, site_norm.as_deref()) {
                t = head.trim().to_owned();
                changed = true;
            }
        }
        // prefix naming the site
        if let Some((pos, sep)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|s| t.find(s).map(|p| (p, *s)))
            .min_by_key(|x| x.0)
        {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            // "Site | Headline", or a section label as in "Opinion | Headline"
            let names_site = site_norm.as_deref().is_some_and(|s| norm_name(head) == s);
            let section_label = sep == " | "
                && head.split_whitespace().count() <= 2
                && tail.split_whitespace().count() >= 3;
            if (names_site || section_label) && !tail.trim().is_empty() {
                t = tail.trim().to_owned();
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    t
}

pub(crate) fn norm_name(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn droppable(segment: &str, rest: &str, site: Option<&str>) -> bool {
    let seg = norm_name(segment);
    if seg.is_empty() || rest.trim().is_empty() {
        return false;
    }
    if let Some(site) = site {
        if !site.is_empty() && (seg == site || seg.contains(site) || site.contains(&seg)) {
            return true;
        }
    }
    let segment = segment.trim();
    let domain_like = !segment.contains(' ') && segment.contains('.') && !segment.ends_with('.');
    // site names are short ("BBC News", "Los Angeles Times"); a longer
    // tail is more likely part of the headline
    let short_label =
        segment.split_whitespace().count() <= 3 && !segment.contains(['.', '?', '!', ',']);
    let rest_words = rest.split_whitespace().count();
    (domain_like || short_label)
        && rest_words >= 3
        && rest_words > segment.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str) -> Meta {
        Scan::new(&Document::from(html)).resolve()
    }

    #[test]
    fn title_suffix_and_prefix_cleaning() {
        assert_eq!(
            clean_title("Floods hit the north | Daily Planet", None),
            "Floods hit the north"
        );
        assert_eq!(
            clean_title("Daily Planet - Floods hit the north", Some("Daily Planet")),
            "Floods hit the north"
        );
        assert_eq!(
            clean_title(
                "Floods hit the north - World - Daily Planet",
                Some("Daily Planet")
            ),
            "Floods hit the north"
        );
        assert_eq!(clean_title("Short one", None), "Short one");
        assert_eq!(
            clean_title("Opinion | Is football violence a crime?", None),
            "Is football violence a crime?"
        );
        assert_eq!(
            clean_title("Milan Design Week 2018 | Light installation for FLOS", None),
            "Milan Design Week 2018 | Light installation for FLOS"
        );
        assert_eq!(
            clean_title("Q&A: peace talks - what next?", None),
            "Q&A: peace talks - what next?"
        );
    }

    #[test]
    fn date_sources_in_priority_order() {
        let m = meta_of(
            r#"<head><meta property="article:published_time" content="2020-01-02T03:04:05Z"><meta name="date" content="1999"></head>"#,
        );
        assert_eq!(m.published.as_deref(), Some("2020-01-02T03:04:05Z"));
        for (html, want) in [
            (
                r#"<meta name="parsely-pub-date" content="2021-05-06">"#,
                "2021-05-06",
            ),
            (
                r#"<meta name="DC.date.issued" content="2019-11-20">"#,
                "2019-11-20",
            ),
            (
                r#"<meta itemprop="datePublished" content="2018-01-01">"#,
                "2018-01-01",
            ),
            (r#"<meta name="pubdate" content="20200101">"#, "20200101"),
            (
                r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2017-03-04"}</script>"#,
                "2017-03-04",
            ),
            (
                r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},{"@type":["NewsArticle"],"datePublished":"2016-02-03"}]}</script>"#,
                "2016-02-03",
            ),
            (
                r#"<script type="application/ld+json">[{"@type":"BlogPosting","datePublished":"2015-01-01"}]</script>"#,
                "2015-01-01",
            ),
            (
                r#"<body><nav><time datetime="2000-01-01">x</time></nav><article><time datetime="2014-07-08T09:00">July</time></article></body>"#,
                "2014-07-08T09:00",
            ),
            (
                r#"<body><span itemprop="datePublished" content="2013-01-01">Jan</span></body>"#,
                "2013-01-01",
            ),
        ] {
            assert_eq!(meta_of(html).published.as_deref(), Some(want), "{html}");
        }
        let agreeing =
            "<p><time datetime='2000-01-01'>x</time> <time datetime='2000-01-01'>y</time></p>";
        assert_eq!(meta_of(agreeing).published.as_deref(), Some("2000-01-01"));
        let differing =
            "<p><time datetime='2000-01-01'>x</time><time datetime='2001-01-01'>y</time></p>";
        assert_eq!(meta_of(differing).published, None);
    }

    #[test]
    fn title_url_site_sources() {
        let m = meta_of(
            r#"<head><title>Old title | Site</title><meta property="og:title" content="Big news &amp; more | The Post">
            <meta property="og:site_name" content="The Post"><link rel="canonical" href="https://post.example/a">
            <meta property="og:url" content="https://post.example/b"></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Big news & more"));
        assert_eq!(m.site.as_deref(), Some("The Post"));
        assert_eq!(m.url.as_deref(), Some("https://post.example/a"));

        let m = meta_of(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Rates rise &#8217;again&#8217;","publisher":{"@type":"Organization","name":"Wire"}}</script><title>T</title>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Rates rise \u{2019}again\u{2019}"));
        assert_eq!(m.site.as_deref(), Some("Wire"));

        let m =
            meta_of("<title>Only the title tag here - Example.com</title><body><p>x</p></body>");
        assert_eq!(m.title.as_deref(), Some("Only the title tag here"));
        let m = meta_of("<title>Tag</title><body><h1> Heading  one </h1></body>");
        assert_eq!(m.title.as_deref(), Some("Heading one"));
        let m = meta_of(r#"<meta property="og:url" content=" https://x.example/y ">"#);
        assert_eq!(m.url.as_deref(), Some("https://x.example/y"));
    }

    #[test]
    fn lenient_jsonld() {
        assert!(parse_jsonld("<!-- {\"a\": 1}; -->").is_some());
        assert!(parse_jsonld("{\"a\": \"line\nbreak\"}").is_some());
        assert!(parse_jsonld("{not json").is_none());
    }
}
