//! Turns the chosen article subtree into dyad's plain-text layout.
//!
//! Downstream stages split sentences per paragraph and treat list items and
//! headings differently from prose, so the layout is fixed: one paragraph
//! per line, blank line between paragraphs, list items as `- ` lines.

use dom_query::NodeRef;

use crate::text::is_invisible;

/// Elements that end the current paragraph when they open or close.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "caption"
            | "figure"
            | "hr"
            | "br"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "form"
            | "fieldset"
            | "body"
            | "html"
    )
}

/// Elements whose content is never article prose.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "option"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "figcaption"
            | "nav"
            | "head"
            | "title"
            | "h1"
    )
}

fn is_hidden(node: NodeRef<'_>) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    node.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Class/id fragments of page furniture that Readability's scoring lets
/// through when it sits inside the article container: captions and photo
/// credits, galleries, bylines and datelines, share bars, tag lists,
/// "related"/"read more" boxes, newsletter and ad slots.
const NEGATIVE_HINTS: &[&str] = &[
    "caption",
    "credit",
    "gallery",
    "slideshow",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "share",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "sponsor",
    "comment",
    "breadcrumb",
    "sidebar",
    "widget",
    "recommend",
    "readmore",
    "read-more",
    "more-stories",
    "outbrain",
    "taboola",
    "cookie",
    "consent",
    "signup",
    "sign-up",
    "popup",
    "modal",
    "toolbar",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "tags",
    "tag-list",
];

/// Whole words of class/id names (split at `-`, `_` and spaces) that mark
/// furniture but are too short to match as fragments ("rail" is in
/// "trail", "ad" in "header").
const NEGATIVE_WORDS: &[&str] = &[
    "ad", "ads", "rail", "teaser", "teasers", "cta", "promoted", "trending", "more",
];

/// Fragments that mark the article text itself; an element carrying one is
/// kept whatever else its class says (`article-body share-enabled`).
const POSITIVE_HINTS: &[&str] = &[
    "articlebody",
    "article-body",
    "article__body",
    "story-body",
    "entry-content",
    "post-content",
    "article-content",
    "story-content",
];

/// Whether an element's class/id marks it as furniture rather than prose.
fn has_negative_hint(node: NodeRef<'_>) -> bool {
    let mut hints = String::new();
    if let Some(c) = node.attr("class") {
        hints.push_str(&c);
    }
    if let Some(i) = node.attr("id") {
        hints.push(' ');
        hints.push_str(&i);
    }
    if hints.is_empty() {
        return false;
    }
    let hints = hints.to_ascii_lowercase();
    let tokens = || hints.split_whitespace();
    let negative = tokens().any(|t| NEGATIVE_HINTS.iter().any(|n| t.contains(n)))
        || hints
            .split(['-', '_', ' '])
            .any(|w| NEGATIVE_WORDS.contains(&w));
    negative && !tokens().any(|t| POSITIVE_HINTS.iter().any(|p| t.contains(p)))
}

/// Text length of a subtree, counting no further than `limit`.
fn text_len_capped(node: NodeRef<'_>, limit: usize) -> usize {
    let mut len = 0;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.is_text() {
            len += n.text().trim().len();
            if len > limit {
                break;
            }
        } else if n.is_element() || n.is_document() || n.is_fragment() {
            stack.extend(n.children_it(true));
        }
    }
    len
}

/// `<article>` elements inside the content other than the main one: on
/// many sites story cards ("more stories") are marked up as articles of
/// their own. When several exist, those with less than half the text of
/// the largest one, or under a quarter of all the text, are teasers.
fn teaser_articles(root: NodeRef<'_>) -> std::collections::HashSet<dom_query::NodeId> {
    let mut articles = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.node_name()
            .is_some_and(|name| name.eq_ignore_ascii_case("article"))
        {
            articles.push((n, text_len_capped(n, usize::MAX)));
        }
        if n.is_element() || n.is_document() || n.is_fragment() {
            stack.extend(n.children_it(true));
        }
    }
    if articles.len() < 2 {
        return Default::default();
    }
    let largest = articles.iter().map(|a| a.1).max().unwrap_or(0);
    let total = text_len_capped(root, usize::MAX);
    articles
        .into_iter()
        .filter(|a| a.1 * 2 < largest || a.1 * 4 < total)
        .map(|a| a.0.id)
        .collect()
}

/// Accumulates inline text and emits finished paragraphs.
#[derive(Default)]
struct Writer {
    blocks: Vec<(String, bool)>,
    cur: String,
    pending_space: bool,
    /// The paragraph being written is a list item.
    in_item: bool,
    /// Depth of open `<a>` elements.
    in_link: usize,
    /// Characters of the current paragraph that sit inside links.
    link_chars: usize,
    /// Characters of the current paragraph.
    chars: usize,
}

impl Writer {
    fn push_text(&mut self, s: &str) {
        for c in s.chars() {
            if is_invisible(c) {
                continue;
            }
            if c.is_whitespace() || c.is_control() {
                self.pending_space = !self.cur.is_empty();
            } else {
                if self.pending_space {
                    self.cur.push(' ');
                    self.pending_space = false;
                }
                self.cur.push(c);
                self.chars += 1;
                if self.in_link > 0 {
                    self.link_chars += 1;
                }
            }
        }
    }

    fn flush(&mut self) {
        self.pending_space = false;
        if self.cur.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.cur);
        let (chars, link_chars) = (
            std::mem::take(&mut self.chars),
            std::mem::take(&mut self.link_chars),
        );
        if is_link_list(&text, chars, link_chars) || is_furniture_line(&text) {
            return;
        }
        if self.in_item {
            self.blocks.push((format!("- {text}"), true));
        } else {
            self.blocks.push((text, false));
        }
    }

    fn finish(mut self) -> String {
        self.flush();
        // Captions are often rendered twice in a row (inline and in a
        // lightbox). Only adjacent repeats go: recipes and schedules repeat
        // lines legitimately further apart.
        self.blocks
            .dedup_by(|b, a| a.0 == b.0 && a.0.split_whitespace().count() >= 4);
        let mut out = String::new();
        let mut prev_item = false;
        for (i, (text, item)) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push_str(if *item && prev_item { "\n" } else { "\n\n" });
            }
            out.push_str(text);
            prev_item = *item;
        }
        out
    }
}

/// A short paragraph made mostly of links is a tag list, a "read more"
/// teaser or a related-story link, not prose.
fn is_link_list(text: &str, chars: usize, link_chars: usize) -> bool {
    link_chars * 10 > chars * LINK_DENSITY_TENTHS
        && text.split_whitespace().count() < LINK_LIST_MAX_WORDS
}

/// Standalone labels of page furniture (section headers of teaser boxes,
/// ad markers, comment counters), compared case-insensitively against a
/// whole short line.
const FURNITURE_LABELS: &[&str] = &[
    "advert",
    "advertisement",
    "ad",
    "comments",
    "comment",
    "subscribe",
    "trending",
    "tags",
    "share",
    "share this",
    "share this article",
    "related",
    "related news",
    "related articles",
    "related stories",
    "you may also like",
    "you might also like",
    "don't miss",
    "most read",
    "most read stories",
    "most popular",
    "recent articles",
    "recent posts",
    "popular this week",
    "continue reading",
    "continue reading below",
    "read more",
    "loading content",
    "loading",
    "about the author",
    "highlights",
    "more great wired stories",
    "top stories",
    "print",
    "print article",
    "order reprints",
    "text size",
    "getty images",
    "close",
    "caption",
    "image",
    "photo",
    "next",
    "previous",
    "more",
    "more:",
];

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

/// Words that, with month names and numbers, make up a dateline or
/// "updated" stamp.
const DATE_WORDS: &[&str] = &[
    "am",
    "pm",
    "utc",
    "gmt",
    "est",
    "edt",
    "cst",
    "cdt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "ist",
    "updated",
    "published",
    "posted",
    "on",
    "at",
    "ago",
    "day",
    "days",
    "hour",
    "hours",
    "minutes",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
];

/// A short line that is not prose: a furniture label, a bare date/time
/// stamp, a photo credit or a byline. These survive container-level
/// cleaning because they sit inside the article element on most sites.
fn is_furniture_line(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 12 {
        return false;
    }
    let lower = text.trim_start_matches("- ").trim().to_lowercase();
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric() && c != ':' && c != '\'');
    if FURNITURE_LABELS.contains(&bare)
        || (bare.ends_with("...") && FURNITURE_LABELS.contains(&bare.trim_end_matches('.').trim()))
    {
        return true;
    }
    // bylines and credits
    if lower.starts_with("by ") && !lower.ends_with('.') && words.len() <= 8 {
        return true;
    }
    if words.len() <= 8
        && (lower.starts_with('\u{a9}')
            || lower.starts_with("(image:")
            || lower.starts_with("photo:")
            || lower.starts_with("image:")
            || lower.contains("getty images"))
    {
        return true;
    }
    // date stamps: every token a number, month, weekday or time word
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let numbers = tokens
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .count();
    let date_words = tokens
        .iter()
        .filter(|t| MONTHS.contains(t) || DATE_WORDS.contains(t))
        .count();
    // "19.11.2019, 08:57" has no words, but a table cell "5040" is no date
    let separated_numbers = numbers >= 3 && lower.contains(['.', '/', ':', '-']);
    words.len() <= 10
        && numbers > 0
        && (date_words > 0 || separated_numbers)
        && numbers + date_words == tokens.len()
}

/// Link share (in tenths of the paragraph's characters) above which a short
/// paragraph counts as a link list. Tuned on the benchmark: 0.7 keeps prose
/// with a few linked names, 0.3 started losing real sentences.
const LINK_DENSITY_TENTHS: usize = 7;
/// Paragraphs this long are prose even when heavily linked.
const LINK_LIST_MAX_WORDS: usize = 40;

enum Step<'a> {
    /// Leaving an `<a>`.
    LeaveLink,
    Enter(NodeRef<'a>),
    /// Leaving a block element; `bool` restores the list-item flag.
    Leave(bool),
}

/// Renders a subtree as dyad text: whitespace collapsed, block elements as
/// paragraphs, `li` as `- ` lines. Iterative, so nesting depth is harmless.
pub(crate) fn render(root: NodeRef<'_>) -> String {
    // A hinted element is only dropped while it is a minor part of the
    // article; a "comment-body" class on the whole story must not empty it.
    let total = text_len_capped(root, usize::MAX);
    let furniture_limit = total * 2 / 5;
    let teasers = teaser_articles(root);
    let mut w = Writer::default();
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::LeaveLink => w.in_link = w.in_link.saturating_sub(1),
            Step::Leave(was_item) => {
                w.flush();
                w.in_item = was_item;
            }
            Step::Enter(node) => {
                if node.is_text() {
                    w.push_text(&node.text());
                    continue;
                }
                if !(node.is_element() || node.is_document() || node.is_fragment()) {
                    continue;
                }
                let name = node
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                if is_skipped(&name) || (!name.is_empty() && is_hidden(node)) {
                    continue;
                }
                if name == "article" && teasers.contains(&node.id) {
                    continue;
                }
                if !name.is_empty()
                    && has_negative_hint(node)
                    && text_len_capped(node, furniture_limit) <= furniture_limit
                {
                    continue;
                }
                if is_block(&name) {
                    w.flush();
                    stack.push(Step::Leave(w.in_item));
                    if name == "li" {
                        w.in_item = true;
                    } else if matches!(
                        name.as_str(),
                        "ul" | "ol"
                            | "p"
                            | "h2"
                            | "h3"
                            | "h4"
                            | "h5"
                            | "h6"
                            | "blockquote"
                            | "table"
                    ) {
                        // a paragraph or sub-list inside an item is its own line
                        w.in_item = false;
                    }
                } else if name == "td" || name == "th" {
                    // cells of a row stay on the row's line
                    w.pending_space = !w.cur.is_empty();
                } else if name == "img" {
                    continue;
                } else if name == "a" {
                    w.in_link += 1;
                    stack.push(Step::LeaveLink);
                }
                stack.extend(node.children_it(true).map(Step::Enter));
            }
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn r(html: &str) -> String {
        let doc = Document::fragment(html);
        render(doc.root())
    }

    #[test]
    fn paragraphs_headings_lists() {
        let t = r("<div><p>One  <b>bold</b>\n text.</p><h2>Sub</h2><p>Two</p><ul><li>a</li><li>b <i>c</i></li></ul><p>End</p></div>");
        assert_eq!(t, "One bold text.\n\nSub\n\nTwo\n\n- a\n- b c\n\nEnd");
    }

    #[test]
    fn skips_scripts_hidden_and_h1() {
        let t = r("<h1>Title</h1><p>x<script>var a=1;</script>y</p><p hidden>no</p><p style='display: none'>no</p><figure><img src=a><figcaption>cap</figcaption></figure>");
        assert_eq!(t, "xy");
    }

    #[test]
    fn br_splits_and_entities_decode() {
        assert_eq!(
            r("<p>a&amp;b<br>c&nbsp;d&#8217;s</p>"),
            "a&b\n\nc d\u{2019}s"
        );
    }

    #[test]
    fn drops_hinted_furniture_but_not_the_article() {
        let body = "long text here that is the article body and goes on for a while longer";
        let t = r(&format!("<div><p class=\"byline\">By X</p><div class='share-bar'>Share Tweet</div><p>{body}</p></div>"));
        assert_eq!(t, body);
        // a negative hint on the element holding most of the text is ignored
        assert_eq!(
            r(&format!("<div class='comment-body'><p>{body}</p></div>")),
            body
        );
        // a positive hint wins over a negative one
        assert_eq!(
            r(&format!(
                "<div class='article-body share-enabled'><p>{body}</p></div><p>{body} too</p>"
            )),
            format!("{body}\n\n{body} too")
        );
    }

    #[test]
    fn drops_link_lists_keeps_linked_prose() {
        let t = r("<p><a href=a>Read more: floods hit the north</a> | <a href=b>Rates rise</a></p>\
                   <p>The minister <a href=m>said</a> on Monday that the talks would resume next week in Vienna.</p>");
        assert_eq!(
            t,
            "The minister said on Monday that the talks would resume next week in Vienna."
        );
    }

    #[test]
    fn furniture_lines() {
        for line in [
            "Advertisement",
            "- Comments",
            "By Jane Doe - 11/18/19 11:04 PM EST",
            "Updated 5:27 am CST, Wednesday, November 20, 2019",
            "19.11.2019, 08:57",
            "(Image: \u{a9} NASA)",
            "Photo: Hau Dinh, AP",
            "You may also like...",
            "Sonu Mehta/Hindustan Times/Getty Images",
        ] {
            assert!(is_furniture_line(line), "{line}");
        }
        for line in [
            "5040",
            "By the end of the week, the army had withdrawn.",
            "Aid convoys",
            "- Food for 10,000 people",
            "2019 was a hard year for the region",
        ] {
            assert!(!is_furniture_line(line), "{line}");
        }
    }

    #[test]
    fn repeated_paragraphs_and_table_rows() {
        let t = r("<p>The same caption text here</p><p>The same caption text here</p><p>Body</p>\
                   <p>Drink 30 minutes before your workout</p><p>Plan B</p><p>Drink 30 minutes before your workout</p>\
                   <table><tr><td>1</td><td>Kyle Busch</td></tr></table>");
        assert_eq!(
            t,
            "The same caption text here\n\nBody\n\nDrink 30 minutes before your workout\n\nPlan B\n\n\
             Drink 30 minutes before your workout\n\n1 Kyle Busch"
        );
    }
}
