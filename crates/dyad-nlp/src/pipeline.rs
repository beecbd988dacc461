//! Tagger + lemmatiser + parser, and the parsed-sentence API the event coder uses.

use std::path::Path;

use crate::conllu::{self, Sentence, Word};
use crate::hash::hash_lower;
use crate::model::ModelError;
use crate::parser::{AttachScores, Parser};
use crate::tagger::{TagScores, Tagger};

/// File name of the tagger model inside a models directory.
pub const TAGGER_FILE: &str = "tagger.bin";
/// File name of the parser model inside a models directory.
pub const PARSER_FILE: &str = "parser.bin";

/// The full pipeline: tagger, lemmatiser and parser.
#[derive(Debug, Clone)]
pub struct Pipeline {
    tagger: Tagger,
    parser: Parser,
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedToken {
    /// The word as given.
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Penn Treebank tag.
    pub xpos: String,
    /// Head id: 0 = root, otherwise 1-based position of the head word.
    pub head: usize,
    /// Universal dependency relation (with subtype, e.g. `nsubj:pass`).
    pub deprel: String,
}

/// A tagged, lemmatised and parsed sentence.
///
/// All helper methods take and return **1-based word ids**, the same
/// numbering as [`ParsedToken::head`] and CoNLL-U (`tokens[id - 1]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSentence {
    /// The words, in order.
    pub tokens: Vec<ParsedToken>,
}

const MODALS: &[&str] = &[
    "will", "would", "may", "might", "can", "could", "must", "shall", "should", "ought",
];

impl ParsedSentence {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The word with 1-based id `id`.
    pub fn get(&self, id: usize) -> Option<&ParsedToken> {
        id.checked_sub(1).and_then(|i| self.tokens.get(i))
    }

    /// Id of the root word (None for an empty sentence).
    pub fn root(&self) -> Option<usize> {
        self.tokens.iter().position(|t| t.head == 0).map(|i| i + 1)
    }

    /// Ids of the dependents of `id`, in order.
    pub fn children(&self, id: usize) -> Vec<usize> {
        self.tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.head == id && id != 0)
            .map(|(i, _)| i + 1)
            .collect()
    }

    fn children_with(&self, id: usize, rels: &[&str]) -> Vec<usize> {
        self.children(id)
            .into_iter()
            .filter(|&c| rels.contains(&self.tokens[c - 1].deprel.as_str()))
            .collect()
    }

    /// Subjects of a verb (or other predicate): `nsubj`, `nsubj:pass`,
    /// `nsubj:outer`, `csubj`, `csubj:pass`.
    pub fn subjects(&self, verb: usize) -> Vec<usize> {
        self.children_with(
            verb,
            &["nsubj", "nsubj:pass", "nsubj:outer", "csubj", "csubj:pass"],
        )
    }

    /// Objects of a verb: `obj` and `iobj`.
    pub fn objects(&self, verb: usize) -> Vec<usize> {
        self.children_with(verb, &["obj", "iobj"])
    }

    /// Preposition-marked dependents of `verb` (`obl*`, `nmod*`): pairs of
    /// (lower-cased preposition lemma, e.g. `"with"` or `"according to"`, or
    /// `""` when there is none, such as `on Tuesday` → `("on", Tuesday)` but
    /// `Tuesday` alone → `("", Tuesday)`) and the id of the noun.
    pub fn obliques(&self, verb: usize) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for c in self.children(verb) {
            let rel = &self.tokens[c - 1].deprel;
            if rel.starts_with("obl") || rel.starts_with("nmod") {
                out.push((self.case_marker(c), c));
            }
        }
        out
    }

    /// The `case` marker(s) of a nominal, joined with their `fixed` parts.
    pub fn case_marker(&self, id: usize) -> String {
        let mut parts = Vec::new();
        for c in self.children_with(id, &["case"]) {
            let t = &self.tokens[c - 1];
            if t.xpos == "POS" {
                continue;
            }
            parts.push(t.lemma.to_lowercase());
            for f in self.children_with(c, &["fixed"]) {
                parts.push(self.tokens[f - 1].lemma.to_lowercase());
            }
        }
        parts.join(" ")
    }

    /// True when `verb` is passive (has `aux:pass` or `nsubj:pass`/`csubj:pass`).
    pub fn is_passive(&self, verb: usize) -> bool {
        !self
            .children_with(verb, &["aux:pass", "nsubj:pass", "csubj:pass"])
            .is_empty()
    }

    /// The agent of a passive verb: an `obl:agent` dependent, or an `obl`
    /// marked by "by" under a passive verb.
    pub fn passive_agent(&self, verb: usize) -> Option<usize> {
        if let Some(&a) = self.children_with(verb, &["obl:agent"]).first() {
            return Some(a);
        }
        if !self.is_passive(verb) {
            return None;
        }
        self.obliques(verb)
            .into_iter()
            .find(|(p, _)| p == "by")
            .map(|(_, id)| id)
    }

    /// Other members of the coordination `word` belongs to (`conj` links).
    pub fn conjuncts(&self, word: usize) -> Vec<usize> {
        let Some(t) = self.get(word) else {
            return Vec::new();
        };
        let first = if t.deprel == "conj" { t.head } else { word };
        if first == 0 {
            return Vec::new();
        }
        let mut all = vec![first];
        all.extend(self.children_with(first, &["conj"]));
        all.retain(|&x| x != word);
        if all.len() == 1 && all[0] == first && t.deprel != "conj" {
            return Vec::new();
        }
        all.sort_unstable();
        all
    }

    /// True when `verb` has a negation dependent (not, n't, never, no).
    pub fn is_negated(&self, verb: usize) -> bool {
        self.children(verb).into_iter().any(|c| {
            let t = &self.tokens[c - 1];
            matches!(
                t.lemma.to_lowercase().as_str(),
                "not" | "n't" | "never" | "no" | "neither" | "nor"
            ) && matches!(t.deprel.as_str(), "advmod" | "neg" | "det")
        })
    }

    /// Auxiliaries of `verb` (`aux`, `aux:pass`), in order.
    pub fn auxiliaries(&self, verb: usize) -> Vec<usize> {
        self.children_with(verb, &["aux", "aux:pass"])
    }

    /// The modal auxiliary's lemma (will, would, may, might, can, could,
    /// must, shall, should, ought), if any.
    pub fn modality(&self, verb: usize) -> Option<String> {
        self.auxiliaries(verb).into_iter().find_map(|a| {
            let t = &self.tokens[a - 1];
            let l = t.lemma.to_lowercase();
            let f = t.form.to_lowercase();
            if MODALS.contains(&l.as_str()) {
                Some(l)
            } else if MODALS.contains(&f.as_str()) {
                Some(f)
            } else {
                None
            }
        })
    }

    /// Clausal complements of `verb` (`ccomp`, `xcomp`), e.g. what was said.
    pub fn clausal_complements(&self, verb: usize) -> Vec<usize> {
        self.children_with(verb, &["ccomp", "xcomp"])
    }

    /// All ids in the subtree of `id` (including `id`), in order.
    pub fn subtree(&self, id: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if self.get(id).is_none() {
            return out;
        }
        for i in 1..=self.len() {
            // walk up; bounded by the sentence length (trees have no cycles)
            let mut v = i;
            let mut steps = 0;
            while v != 0 && v != id && steps <= self.len() {
                v = self.tokens[v - 1].head;
                steps += 1;
            }
            if v == id {
                out.push(i);
            }
        }
        out
    }

    /// A name-like span around `id`: the word with its `compound`, `flat`
    /// and `fixed` dependents (e.g. "Xi Jinping", "Prime Minister Mikhail
    /// Mishustin"), as text.
    pub fn name_span(&self, id: usize) -> String {
        let mut ids = vec![id];
        let mut i = 0;
        while i < ids.len() {
            let cur = ids[i];
            ids.extend(self.children_with(cur, &["compound", "flat", "fixed", "flat:name"]));
            i += 1;
        }
        ids.sort_unstable();
        ids.iter()
            .filter_map(|&x| self.get(x).map(|t| t.form.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Converts to a CoNLL-U sentence.
    pub fn to_sentence(&self) -> Sentence {
        Sentence {
            comments: Vec::new(),
            words: self
                .tokens
                .iter()
                .map(|t| Word {
                    form: t.form.clone(),
                    lemma: t.lemma.clone(),
                    upos: t.upos.clone(),
                    xpos: t.xpos.clone(),
                    feats: "_".into(),
                    head: Some(t.head),
                    deprel: t.deprel.clone(),
                    deps: "_".into(),
                    misc: "_".into(),
                })
                .collect(),
        }
    }

    /// CoNLL-U text of this sentence (ending with a blank line).
    pub fn to_conllu(&self) -> String {
        let mut s = String::new();
        conllu::write_sentence(&mut s, &self.to_sentence());
        s
    }
}

/// Scores of the whole pipeline on a gold file.
#[derive(Debug, Clone, Copy, Default)]
pub struct PipelineScores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Lemma accuracy (exact, case-sensitive).
    pub lemma: f64,
    /// Lemma accuracy ignoring case.
    pub lemma_nocase: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (full DEPREL).
    pub las: f64,
}

impl Pipeline {
    /// Builds a pipeline from loaded models.
    pub fn new(tagger: Tagger, parser: Parser) -> Self {
        Pipeline { tagger, parser }
    }

    /// Loads `tagger.bin` and `parser.bin` from a directory.
    pub fn load(dir: impl AsRef<Path>) -> Result<Self, ModelError> {
        let dir = dir.as_ref();
        let tagger = Tagger::load(&dir.join(TAGGER_FILE))?;
        let parser = Parser::load(&dir.join(PARSER_FILE))?;
        Ok(Pipeline { tagger, parser })
    }

    /// Loads from in-memory model files.
    pub fn from_bytes(tagger: &[u8], parser: &[u8]) -> Result<Self, ModelError> {
        Ok(Pipeline {
            tagger: Tagger::from_bytes(tagger, TAGGER_FILE)?,
            parser: Parser::from_bytes(parser, PARSER_FILE)?,
        })
    }

    /// The models shipped in the repository's `models/` directory, embedded
    /// in the binary at compile time.
    pub fn builtin() -> Result<Self, ModelError> {
        #[cfg(dyad_builtin_models)]
        {
            static T: &[u8] = include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../models/tagger.bin"
            ));
            static P: &[u8] = include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../models/parser.bin"
            ));
            Ok(Pipeline {
                tagger: Tagger::from_bytes(T, "<builtin models/tagger.bin>")?,
                parser: Parser::from_bytes(P, "<builtin models/parser.bin>")?,
            })
        }
        #[cfg(not(dyad_builtin_models))]
        {
            Err(ModelError::new(
                "<builtin models>",
                crate::model::ModelErrorKind::Malformed(
                    "this build was compiled without models/tagger.bin and models/parser.bin"
                        .into(),
                ),
            ))
        }
    }

    /// The tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The parser.
    pub fn parser(&self) -> &Parser {
        &self.parser
    }

    /// Tags, lemmatises and parses one tokenised sentence.
    pub fn annotate(&self, words: &[&str]) -> ParsedSentence {
        let h = self.tagger.hashes(words);
        let tags = self.tagger.tag_ids(words, &h);
        let mut wh = Vec::with_capacity(words.len() + 1);
        let mut th = Vec::with_capacity(words.len() + 1);
        let mut eh = Vec::with_capacity(words.len() + 1);
        eh.push((0x5f5f_726f_6f74, 0x5f5f_726f_6f74));
        wh.push(0x5f5f_726f_6f74);
        th.push(0x5f5f_726f_6f74);
        for (i, &t) in tags.iter().enumerate() {
            wh.push(h[i].lower);
            let (x, u) = self.tagger.class(t);
            th.push(crate::parser::tag_hash(x, u));
            eh.push((crate::hash::fnv1a(u.as_bytes()), h[i].suf[2]));
        }
        debug_assert!(wh
            .iter()
            .skip(1)
            .zip(words)
            .all(|(a, w)| *a == hash_lower(w)));
        let (heads, labels) = self.parser.parse_hashed(&wh, &th, &eh);
        let lem = self.tagger.lemmatizer();
        let tokens = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let (x, u) = self.tagger.class(tags[i]);
                ParsedToken {
                    form: w.to_string(),
                    lemma: lem.lemmatize(w, x, u),
                    upos: u.to_string(),
                    xpos: x.to_string(),
                    head: heads[i],
                    deprel: self.parser.label(labels[i]).to_string(),
                }
            })
            .collect();
        ParsedSentence { tokens }
    }

    /// Annotates a gold CoNLL-U sentence's words, keeping its comments.
    pub fn annotate_sentence(&self, s: &Sentence) -> Sentence {
        let forms = s.forms();
        let mut out = self.annotate(&forms).to_sentence();
        out.comments = s.comments.clone();
        out
    }

    /// Evaluates on gold sentences (gold tokenisation, predicted tags).
    pub fn evaluate(&self, gold: &[Sentence]) -> PipelineScores {
        let mut c = [0usize; 6];
        let mut n = 0usize;
        for s in gold {
            let p = self.annotate(&s.forms());
            for (g, t) in s.words.iter().zip(&p.tokens) {
                n += 1;
                c[0] += (g.upos == t.upos) as usize;
                c[1] += (g.xpos == t.xpos) as usize;
                c[2] += (g.lemma == t.lemma) as usize;
                c[3] += (g.lemma.to_lowercase() == t.lemma.to_lowercase()) as usize;
                let ok = g.head == Some(t.head);
                c[4] += ok as usize;
                c[5] += (ok && g.deprel == t.deprel) as usize;
            }
        }
        let d = n.max(1) as f64;
        PipelineScores {
            words: n,
            upos: c[0] as f64 / d,
            xpos: c[1] as f64 / d,
            lemma: c[2] as f64 / d,
            lemma_nocase: c[3] as f64 / d,
            uas: c[4] as f64 / d,
            las: c[5] as f64 / d,
        }
    }
}

/// Tagging scores re-exported for convenience.
pub type TaggerScores = TagScores;
/// Parsing scores re-exported for convenience.
pub type ParserScores = AttachScores;
