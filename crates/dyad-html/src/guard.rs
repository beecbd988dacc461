//! Protection against pathologically nested markup.
//!
//! The HTML5 tree builder checks element scopes by walking the stack of
//! open elements, so a page that opens tens of thousands of `<div>`s
//! without closing them costs time quadratic in the depth (40,000 levels
//! take seconds). No real page nests more than a few hundred levels, so
//! above [`MAX_TAG_DEPTH`] the structural container tags are simply removed
//! before parsing: text, paragraphs and links survive, and parsing becomes
//! linear again.

use std::borrow::Cow;

/// Estimated nesting depth above which containers are flattened.
const MAX_TAG_DEPTH: usize = 2_000;

/// Container elements whose tags carry layout but no text of their own.
fn is_container(name: &[u8]) -> bool {
    matches!(
        name,
        b"div"
            | b"span"
            | b"section"
            | b"article"
            | b"main"
            | b"aside"
            | b"header"
            | b"footer"
            | b"font"
            | b"center"
            | b"b"
            | b"i"
            | b"u"
            | b"em"
            | b"strong"
            | b"small"
            | b"big"
            | b"blockquote"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"table"
            | b"tbody"
            | b"tr"
            | b"td"
            | b"th"
            | b"form"
            | b"fieldset"
            | b"nav"
            | b"figure"
            | b"a"
            | b"li"
            | b"q"
            | b"sup"
            | b"sub"
            | b"abbr"
            | b"cite"
            | b"code"
            | b"pre"
            | b"label"
            | b"mark"
            | b"s"
            | b"strike"
            | b"tt"
            | b"var"
    )
}

/// Elements that never take a closing tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"param"
            | b"keygen"
    )
}

/// A tag found by the scanner: byte range, lowercased name, closing or not.
struct Tag {
    start: usize,
    end: usize,
    closing: bool,
    name_start: usize,
    name_end: usize,
}

/// Finds the tags of `html` in order, roughly as a browser would (no
/// attempt to understand scripts or comments: this only has to estimate
/// depth, and everything it removes is a container tag either way).
fn tags(html: &[u8]) -> impl Iterator<Item = Tag> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < html.len() {
            let lt = i + memchr_lt(&html[i..])?;
            let mut j = lt + 1;
            let closing = html.get(j) == Some(&b'/');
            if closing {
                j += 1;
            }
            let name_start = j;
            while j < html.len() && html[j].is_ascii_alphanumeric() {
                j += 1;
            }
            if j == name_start || !html[name_start].is_ascii_alphabetic() {
                i = lt + 1;
                continue;
            }
            let name_end = j;
            let gt = html[j..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(html.len(), |p| j + p + 1);
            i = gt;
            return Some(Tag {
                start: lt,
                end: gt,
                closing,
                name_start,
                name_end,
            });
        }
        None
    })
}

fn memchr_lt(hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == b'<')
}

/// Returns `html` unchanged unless its estimated element depth is absurd,
/// in which case container tags are stripped.
pub(crate) fn flatten_if_deep(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut max = 0;
    for t in tags(bytes) {
        let name = bytes[t.name_start..t.name_end].to_ascii_lowercase();
        if is_void(&name) || bytes[..t.end].ends_with(b"/>") {
            continue;
        }
        if t.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    if max <= MAX_TAG_DEPTH {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for t in tags(bytes) {
        if is_container(&bytes[t.name_start..t.name_end].to_ascii_lowercase()) {
            // tags start at '<' and end after '>' (or at the end), both
            // ASCII, so these are char boundaries
            out.push_str(&html[last..t.start]);
            out.push(' ');
            last = t.end;
        }
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_pages_are_untouched() {
        let page =
            "<html><body><div class=a><p>Hi <b>there</b><br><img src=x></p></div></body></html>";
        assert!(matches!(flatten_if_deep(page), Cow::Borrowed(_)));
    }

    #[test]
    fn absurd_nesting_is_flattened() {
        let page = format!(
            "<body>{}<p>deep text</p>{}</body>",
            "<div class='x'>".repeat(5000),
            "</div>".repeat(5000)
        );
        let flat = flatten_if_deep(&page);
        assert!(!flat.contains("<div"), "{}", &flat[..100]);
        assert!(flat.contains("<p>deep text</p>"));
    }

    #[test]
    fn unterminated_tags_and_multibyte_text_are_safe() {
        let page = format!("{}é<p>ü<div", "<div>é".repeat(3000));
        let flat = flatten_if_deep(&page);
        assert!(flat.contains("é<p>ü"));
    }
}
