//! Prints the extraction report for a benchmark directory:
//! `cargo run --release -p dyad-eval --example extraction_report -- DIR [--json]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/benchmarks/article-extraction".into());
    let json = args.any(|a| a == "--json");
    match dyad_eval::extraction::evaluate(std::path::Path::new(&dir)) {
        Ok(r) if json => println!("{}", r.to_json()),
        Ok(r) => println!("{r}"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
