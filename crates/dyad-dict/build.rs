//! Compiles the dictionaries in `data/actors/` into the crate: every `.txt`
//! file there and in its subfolders, in sorted order, so a new file of
//! persons needs no code change.

use std::path::{Path, PathBuf};

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for (folder, out_name) in [("actors", "builtin.rs"), ("verbs", "builtin_verbs.rs")] {
        let root = data.join(folder);
        println!("cargo:rerun-if-changed={}", root.display());
        let mut files = Vec::new();
        collect(&root, &mut files);
        files.sort();
        let mut code = format!(
            "/// The built-in dictionaries: (path below data/{folder}, text).\npub(crate) const BUILTIN: &[(&str, &str)] = &[\n"
        );
        for f in &files {
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = f
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            code.push_str(&format!(
                "    ({rel:?}, include_str!({:?})),\n",
                f.display().to_string()
            ));
        }
        code.push_str("];\n");
        let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join(out_name);
        std::fs::write(out, code).unwrap();
    }
    println!(
        "cargo:rerun-if-changed={}",
        data.join("cameo/events.tsv").display()
    );
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            println!("cargo:rerun-if-changed={}", p.display());
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}
