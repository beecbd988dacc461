//! Model loading errors are typed and name the file.
use dyad_nlp::{ModelErrorKind, Parser, Pipeline, Tagger};

fn shipped() -> (Vec<u8>, Vec<u8>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    (
        std::fs::read(dir.join("tagger.bin")).expect("models/tagger.bin"),
        std::fs::read(dir.join("parser.bin")).expect("models/parser.bin"),
    )
}

#[test]
fn missing_file() {
    let e = Pipeline::load("/nonexistent/dyad-models").unwrap_err();
    assert!(matches!(e.kind, ModelErrorKind::Io(_)));
    assert!(e.file.ends_with("tagger.bin"));
    assert!(
        e.to_string()
            .contains("/nonexistent/dyad-models/tagger.bin"),
        "{e}"
    );
}

#[test]
fn truncated() {
    let (t, p) = shipped();
    for n in [0usize, 5, 20, 31, 32, 1000, t.len() - 1] {
        let e = Tagger::from_bytes(&t[..n], "tagger.bin").unwrap_err();
        assert!(matches!(e.kind, ModelErrorKind::Truncated(_)), "{n}: {e}");
    }
    let e = Parser::from_bytes(&p[..p.len() / 2], "parser.bin").unwrap_err();
    assert!(matches!(e.kind, ModelErrorKind::Truncated(_)), "{e}");
    assert!(e.to_string().contains("parser.bin") && e.to_string().contains("truncated"));
}

#[test]
fn corrupt_payload_fails_checksum() {
    let (t, _) = shipped();
    let mut bad = t.clone();
    let k = bad.len() / 2;
    bad[k] ^= 0x40;
    let e = Tagger::from_bytes(&bad, "tagger.bin").unwrap_err();
    assert!(matches!(e.kind, ModelErrorKind::Checksum { .. }), "{e}");
}

#[test]
fn bad_magic_version_and_kind() {
    let (t, p) = shipped();
    let e = Tagger::from_bytes(b"GIF89a.........................................", "x.bin")
        .unwrap_err();
    assert!(matches!(e.kind, ModelErrorKind::BadMagic), "{e}");
    let mut v = t.clone();
    v[12] = 99;
    let e = Tagger::from_bytes(&v, "tagger.bin").unwrap_err();
    assert!(
        matches!(e.kind, ModelErrorKind::Version { found: 99, .. }),
        "{e}"
    );
    let e = Tagger::from_bytes(&p, "parser.bin").unwrap_err();
    assert!(matches!(e.kind, ModelErrorKind::WrongKind { .. }), "{e}");
}

#[test]
fn builtin_and_files_agree() {
    let (t, p) = shipped();
    let a = Pipeline::from_bytes(&t, &p).unwrap();
    let b = Pipeline::builtin().unwrap();
    let w = ["Troops", "shelled", "the", "town", "."];
    assert_eq!(a.annotate(&w), b.annotate(&w));
}

#[test]
fn models_are_small() {
    let (t, p) = shipped();
    assert!(
        t.len() + p.len() <= 30 << 20,
        "models total {} bytes",
        t.len() + p.len()
    );
}
