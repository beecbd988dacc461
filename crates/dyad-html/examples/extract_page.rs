//! Prints what `dyad_html::extract` finds in an HTML file:
//! `cargo run -p dyad-html --example extract_page -- PAGE.html`.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: extract_page PAGE.html");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let x = dyad_html::extract_bytes(&bytes);
    let report = format!(
        "title:     {:?}\npublished: {:?}\nurl:       {:?}\nsite:      {:?}\n----\n{}\n",
        x.title, x.published, x.url, x.site, x.text
    );
    // a closed pipe (`| head`) is not an error worth a panic
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), report.as_bytes());
}
