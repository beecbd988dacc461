//! Small text helpers shared by the metadata and rendering code.

/// Characters that render as nothing but would glue or split tokens if kept:
/// zero-width spaces/joiners, the BOM and soft hyphens.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

/// A paragraph that is mostly undecodable bytes (binary served as HTML,
/// an unknown charset) carries nothing for the NLP stages.
pub(crate) fn is_mojibake(text: &str) -> bool {
    let bad = text
        .chars()
        .filter(|&c| c == '\u{FFFD}' || c.is_control())
        .count();
    bad * 10 > text.chars().count()
}

/// Collapses every whitespace run to one space, drops invisible
/// characters and trims, the way a browser shows inline text.
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Decodes the HTML character references that turn up in text which the
/// HTML parser never saw as markup: JSON-LD strings and `articleBody`
/// values, which publishers often fill with escaped HTML.
///
/// Only numeric references and the handful of named ones that matter for
/// news text are known; anything else is left as written.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
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

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201D}',
        "ldquo" => '\u{201C}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "eacute" => '\u{E9}',
        "copy" => '\u{A9}',
        _ => return None,
    })
}

/// Strips tags from a string that may hold HTML markup (an `articleBody`
/// copied from the page's source), turning block tags into paragraph breaks.
pub(crate) fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('<') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        let is_tag = rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match rest.find('>') {
            Some(end) if is_tag => {
                let tag = rest[1..end].trim_start_matches('/').to_ascii_lowercase();
                let name: String = tag
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                if matches!(
                    name.as_str(),
                    "p" | "br" | "div" | "li" | "h2" | "h3" | "h4" | "blockquote"
                ) {
                    out.push_str("\n\n");
                }
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_trims() {
        assert_eq!(collapse_ws("  a \n\t b\u{A0}c\u{200B}d  "), "a b cd");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(
            decode_entities("Tom &amp; Jerry&#8217;s &#x27;x&#x27; &bogus; & more"),
            "Tom & Jerry\u{2019}s 'x' &bogus; & more"
        );
        assert_eq!(decode_entities("&#0; &#99999999;"), "&#0; &#99999999;");
    }

    #[test]
    fn strips_tags() {
        assert_eq!(
            strip_tags("<p>a <b>b</b></p><p>c</p> 1 < 2"),
            "\n\na b\n\n\n\nc\n\n 1 < 2"
        );
    }
}
