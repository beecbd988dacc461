//! A dependency tree with a child index, so the coder's many "which
//! dependents does this word have" questions cost no scan of the sentence.

use dyad_nlp::ParsedSentence;

/// A parsed sentence with children indexed; ids are 1-based as in CoNLL-U.
pub(crate) struct Tree<'a> {
    pub(crate) p: &'a ParsedSentence,
    children: Vec<Vec<usize>>,
    /// Lower-cased lemmas.
    pub(crate) lemmas: Vec<String>,
}

impl<'a> Tree<'a> {
    pub(crate) fn new(p: &'a ParsedSentence) -> Self {
        let mut children = vec![Vec::new(); p.len() + 1];
        for (i, t) in p.tokens.iter().enumerate() {
            if t.head <= p.len() && t.head != i + 1 {
                children[t.head].push(i + 1);
            }
        }
        let lemmas = p.tokens.iter().map(|t| t.lemma.to_lowercase()).collect();
        Tree {
            p,
            children,
            lemmas,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.p.len()
    }

    pub(crate) fn lemma(&self, id: usize) -> &str {
        &self.lemmas[id - 1]
    }

    pub(crate) fn form(&self, id: usize) -> &str {
        &self.p.tokens[id - 1].form
    }

    pub(crate) fn upos(&self, id: usize) -> &str {
        &self.p.tokens[id - 1].upos
    }

    pub(crate) fn deprel(&self, id: usize) -> &str {
        &self.p.tokens[id - 1].deprel
    }

    /// The relation without its subtype (`nsubj:pass` → `nsubj`).
    pub(crate) fn rel(&self, id: usize) -> &str {
        self.deprel(id).split(':').next().unwrap_or("")
    }

    pub(crate) fn head(&self, id: usize) -> usize {
        self.p.tokens[id - 1].head
    }

    pub(crate) fn children(&self, id: usize) -> &[usize] {
        &self.children[id]
    }

    /// Children whose full relation is one of `rels`.
    pub(crate) fn with(&self, id: usize, rels: &[&str]) -> Vec<usize> {
        self.children[id]
            .iter()
            .copied()
            .filter(|&c| rels.contains(&self.deprel(c)))
            .collect()
    }

    /// The preposition(s) marking a nominal (`case` children, with `fixed`
    /// parts), or the `mark` of a clause: "with", "on behalf of", "in".
    pub(crate) fn marker(&self, id: usize) -> String {
        let mut parts = Vec::new();
        for &c in &self.children[id] {
            let d = self.deprel(c);
            if (d == "case" && self.p.tokens[c - 1].xpos != "POS") || d == "mark" {
                parts.push(self.lemma(c).to_string());
                for f in self.with(c, &["fixed"]) {
                    parts.push(self.lemma(f).to_string());
                }
            }
        }
        parts.join(" ")
    }

    /// The word and its conjuncts ("India and Bangladesh" → both).
    pub(crate) fn with_conjuncts(&self, id: usize) -> Vec<usize> {
        let mut out = vec![id];
        out.extend(self.with(id, &["conj"]));
        out
    }

    /// All ids under `id` (including it), without descending into `skip` relations.
    pub(crate) fn subtree_except(&self, id: usize, skip: &[&str]) -> Vec<usize> {
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            for &c in &self.children[cur] {
                if !skip.contains(&self.rel(c)) && !skip.contains(&self.deprel(c)) {
                    out.push(c);
                }
            }
            i += 1;
        }
        out.sort_unstable();
        out
    }
}
