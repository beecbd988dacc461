//! Behaviour of `extract` on small hand-written pages.

use dyad_html::{extract, extract_bytes};

const PROSE: &str = "The ministers met in Geneva on Tuesday to discuss the ceasefire, \
    and both delegations said the talks had been constructive, although no agreement \
    was signed and the fighting continued along the border for a third week.";

/// A distinct prose paragraph (identical repeats are dropped as duplicates).
fn prose(n: usize) -> String {
    format!("{PROSE} Paragraph {n} of the report.")
}

fn page(head: &str, body: &str) -> String {
    format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
}

fn article_body() -> String {
    format!(
        "<p>{PROSE}</p><p>Officials in the capital said the army had withdrawn from two villages, \
         a claim the rebels denied in a statement released late on Monday evening.</p>\
         <h2>Aid convoys</h2><p>{}</p><ul><li>Food for 10,000 people</li><li>Medical &amp; water supplies</li></ul>\
         <p>{}</p>",
        prose(2),
        prose(3)
    )
}

#[test]
fn keeps_article_and_drops_navigation_and_footer() {
    let html = page(
        "<title>Talks stall | The Daily</title>",
        &format!(
            "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li></ul></nav></header>\
             <div class='cookie-banner'>We use cookies to improve your experience.</div>\
             <article><h1>Talks stall</h1>{}</article>\
             <aside class='related'><h3>Related</h3><ul><li><a href='/a'>Another story about something else</a></li></ul></aside>\
             <footer><p>Copyright 2024 The Daily. All rights reserved. Contact us at our office.</p></footer>\
             <script>window.ads = [];</script>",
            article_body()
        ),
    );
    let x = extract(&html);
    assert!(
        x.text.starts_with("The ministers met in Geneva"),
        "{}",
        x.text
    );
    for junk in [
        "Home",
        "cookies",
        "Another story",
        "Copyright",
        "window.ads",
        "Talks stall",
    ] {
        assert!(!x.text.contains(junk), "{junk:?} leaked into {:?}", x.text);
    }
    assert_eq!(x.title.as_deref(), Some("Talks stall"));
}

#[test]
fn layout_paragraphs_headings_and_list_items() {
    let x = extract(&page("", &format!("<article>{}</article>", article_body())));
    assert!(x.text.contains("\n\nAid convoys\n\n"), "{}", x.text);
    assert!(
        x.text
            .contains("\n\n- Food for 10,000 people\n- Medical & water supplies\n\n"),
        "{}",
        x.text
    );
    assert!(
        x.text.split("\n\n").all(|p| !p.is_empty() && p.trim() == p),
        "{:?}",
        x.text
    );
    assert!(
        !x.text.contains("  "),
        "whitespace not collapsed: {:?}",
        x.text
    );
}

#[test]
fn entities_are_decoded() {
    let body = format!("<article><p>{PROSE} Smith&#8217;s &ldquo;deal&rdquo; &amp; more&nbsp;text.</p><p>{}</p></article>", prose(1));
    let x = extract(&page(
        "<meta property='og:title' content='Tom &amp; Jerry&#39;s war'>",
        &body,
    ));
    assert!(
        x.text
            .contains("Smith\u{2019}s \u{201C}deal\u{201D} & more text."),
        "{}",
        x.text
    );
    assert_eq!(x.title.as_deref(), Some("Tom & Jerry's war"));
}

#[test]
fn publication_date_from_each_source() {
    let body = format!("<article>{}</article>", article_body());
    let cases = [
        (r#"<meta property="article:published_time" content="2019-11-20T10:00:00Z">"#.to_owned(), "2019-11-20T10:00:00Z"),
        (r#"<meta itemprop="datePublished" content="2019-11-21">"#.to_owned(), "2019-11-21"),
        (r#"<meta name="pubdate" content="20191122">"#.to_owned(), "20191122"),
        (r#"<meta name="date" content="2019-11-23">"#.to_owned(), "2019-11-23"),
        (r#"<meta name="parsely-pub-date" content="2019-11-24T01:02:03Z">"#.to_owned(), "2019-11-24T01:02:03Z"),
        (r#"<meta name="DC.date.issued" content="2019-11-25">"#.to_owned(), "2019-11-25"),
        (
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2019-11-26T08:00:00+01:00"}</script>"#.to_owned(),
            "2019-11-26T08:00:00+01:00",
        ),
        (
            r#"<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"S"},{"@type":"ReportageNewsArticle","datePublished":"2019-11-27"}]}</script>"#.to_owned(),
            "2019-11-27",
        ),
        (
            r#"<script type="application/ld+json">[{"@type":"Organization"},{"@type":["Article"],"datePublished":"2019-11-28"}]</script>"#.to_owned(),
            "2019-11-28",
        ),
    ];
    for (head, want) in cases {
        assert_eq!(
            extract(&page(&head, &body)).published.as_deref(),
            Some(want),
            "{head}"
        );
    }
    let with_time = format!(
        "<article><time datetime=\"2019-11-29T12:00\">Friday</time>{}</article>",
        article_body()
    );
    assert_eq!(
        extract(&page("", &with_time)).published.as_deref(),
        Some("2019-11-29T12:00")
    );
    assert_eq!(extract(&page("", &body)).published, None);
}

#[test]
fn title_url_and_site() {
    let head = r#"<title>Talks stall in Geneva - World - The Daily</title>
        <meta property="og:site_name" content="The Daily">
        <link rel="canonical" href="https://daily.example/world/talks">
        <meta property="og:url" content="https://daily.example/other">"#;
    let x = extract(&page(
        head,
        &format!("<article>{}</article>", article_body()),
    ));
    assert_eq!(x.title.as_deref(), Some("Talks stall in Geneva"));
    assert_eq!(x.site.as_deref(), Some("The Daily"));
    assert_eq!(x.url.as_deref(), Some("https://daily.example/world/talks"));

    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Ceasefire holds","publisher":{"@type":"Organization","name":"Wire Service"}}</script>
        <meta property="og:url" content="https://wire.example/c">"#;
    let x = extract(&page(
        head,
        &format!("<article>{}</article>", article_body()),
    ));
    assert_eq!(x.title.as_deref(), Some("Ceasefire holds"));
    assert_eq!(x.site.as_deref(), Some("Wire Service"));
    assert_eq!(x.url.as_deref(), Some("https://wire.example/c"));
}

#[test]
fn malformed_html_is_repaired() {
    let (a, b, c) = (prose(1), prose(2), prose(3));
    let html = format!("<html><body><div><article><p>{a}<p>{b} <b>bold <i>both</b> italic</i><div><p>{c}</span></table></article>");
    let x = extract(&html);
    assert!(x.text.contains("bold both italic"), "{}", x.text);
    assert_eq!(x.text.matches("The ministers met").count(), 3, "{}", x.text);
}

#[test]
fn json_ld_article_body_rescues_script_rendered_pages() {
    let head = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{PROSE}\n{} &amp; more."}}</script>"#,
        prose(1)
    );
    let x = extract(&page(&head, "<div id='app'></div>"));
    assert_eq!(x.text.matches("The ministers met").count(), 2, "{}", x.text);
    assert!(
        x.text.contains("\n\n") && x.text.ends_with("& more."),
        "{}",
        x.text
    );
}

#[test]
fn never_panics_on_garbage() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut bytes = Vec::with_capacity(200_000);
    for _ in 0..200_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        bytes.push((seed >> 24) as u8);
    }
    let x = extract_bytes(&bytes);
    assert!(
        x.text.matches('\u{FFFD}').count() < 50,
        "binary noise kept: {} chars",
        x.text.len()
    );
    for s in [
        "",
        "<",
        "<<<>>>",
        "</p></div>",
        "<html",
        "&#xFFFFFFFF;&#0;",
        "<script>",
        "<!--",
        "<table><td><tr>",
        "\0\0\0",
    ] {
        let x = extract(s);
        assert!(x.text.len() < 100, "{s:?}");
    }
    // past the depth guard: the iterative paragraph fallback takes over
    let deep = format!("{}<p>{PROSE}</p>", "<div>".repeat(3000));
    assert!(extract(&deep).text.contains("The ministers met"));
    let wide = format!(
        "<body>{}</body>",
        (0..2000)
            .map(|i| format!("<div><p>{}</p><a href=#>x</a></div>", prose(i)))
            .collect::<String>()
    );
    assert!(!extract(&wide).text.is_empty());
}

#[test]
fn windows_1252_bytes_are_decoded() {
    let mut html = b"<html><head><meta charset=windows-1252></head><body><article><p>".to_vec();
    html.extend_from_slice(PROSE.as_bytes());
    html.extend_from_slice(b" \x93Caf\xe9\x94 said.</p></article></body></html>");
    let x = extract_bytes(&html);
    assert!(
        x.text.contains("\u{201C}Caf\u{e9}\u{201D} said."),
        "{}",
        x.text
    );
}

#[test]
fn json_ld_article_body_overrides_a_wrong_dom_choice() {
    // The DOM's only prose is a long comment thread; the publisher's
    // articleBody says what the story is.
    let comments: String = (0..8)
        .map(|i| format!("<p>Reader {i} wrote that the weather was lovely this weekend and the beaches were crowded with families enjoying the sun.</p>"))
        .collect();
    let head = format!(
        r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"{}\n{}"}}</script>"#,
        prose(1),
        prose(2)
    );
    let x = extract(&page(&head, &format!("<div>{comments}</div>")));
    assert!(x.text.starts_with("The ministers met"), "{}", x.text);
    assert!(!x.text.contains("Reader"), "{}", x.text);
}

#[test]
fn project_example_page() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sanctions-eu-iran.html"
    );
    let Ok(bytes) = std::fs::read(path) else {
        println!("skipped: {path} not found");
        return;
    };
    let x = extract_bytes(&bytes);
    assert_eq!(
        x.title.as_deref(),
        Some("EU adopts new sanctions on Iran over drone transfers")
    );
    assert_eq!(x.published.as_deref(), Some("2025-10-20T16:45:00+02:00"));
    assert_eq!(
        x.url.as_deref(),
        Some("https://news.example.org/world/eu-iran-sanctions")
    );
    assert_eq!(x.site.as_deref(), Some("Dyad World Desk"));
    assert!(x.text.starts_with("BRUSSELS"), "{}", x.text);
    assert!(x.text.contains("\n- "), "{}", x.text);
    for junk in ["cookies", "Share on", "Home", "By Dyad World Desk staff"] {
        assert!(!x.text.contains(junk), "{junk:?} leaked into {:?}", x.text);
    }
}
