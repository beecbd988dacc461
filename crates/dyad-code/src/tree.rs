//! A dependency tree with a child index, so the coder's many "which
//! dependents does this word have" questions cost no scan of the sentence.

use dyad_nlp::ParsedSentence;

/// A parsed sentence with children indexed; ids are 1-based as in CoNLL-U.
///
/// The heads and relations are the parser's, except for one repair (see
/// [`Tree::new`]); the coder reads them only through this type.
pub(crate) struct Tree<'a> {
    pub(crate) p: &'a ParsedSentence,
    children: Vec<Vec<usize>>,
    heads: Vec<usize>,
    deprels: Vec<String>,
    /// Lower-cased lemmas.
    pub(crate) lemmas: Vec<String>,
}

impl<'a> Tree<'a> {
    /// Indexes a parse, repairing the greedy parser's commonest error on
    /// short news sentences: "Hamas fired rockets at Tel Aviv" read as a
    /// noun phrase, with "fired" an adjective (`amod`) of "rockets" that
    /// nevertheless has a subject. Such a verb becomes the clause's head and
    /// the noun its object.
    pub(crate) fn new(p: &'a ParsedSentence) -> Self {
        let n = p.len();
        let mut heads: Vec<usize> = p.tokens.iter().map(|t| t.head.min(n)).collect();
        let mut deprels: Vec<String> = p.tokens.iter().map(|t| t.deprel.clone()).collect();
        for v in 1..=n {
            // Only a verb read as an adjective is a candidate; everything
            // else costs one comparison.
            if p.tokens[v - 1].upos != "VERB" || deprels[v - 1] != "amod" {
                continue;
            }
            let noun = heads[v - 1];
            // "Turkey detained 20 militants": the subject was taken for a
            // compound of the noun; a proper name right before the verb is
            // given back to it.
            if v > 1
                && matches!(p.tokens[v - 1].xpos.as_str(), "VBD" | "VBN")
                && heads[v - 2] == noun
                && deprels[v - 2] == "compound"
                && p.tokens[v - 2].upos == "PROPN"
            {
                heads[v - 2] = v;
                deprels[v - 2] = "nsubj".into();
            }
            if noun <= v || !matches!(p.tokens[noun - 1].upos.as_str(), "NOUN" | "PROPN") {
                continue;
            }
            let has_subject =
                (1..=n).any(|c| heads[c - 1] == v && deprels[c - 1].starts_with("nsubj"));
            // The noun's own head must not lie under the verb (no cycles).
            let mut up = heads[noun - 1];
            let mut under_verb = false;
            for _ in 0..n {
                if up == 0 {
                    break;
                }
                if up == v {
                    under_verb = true;
                    break;
                }
                up = heads[up - 1];
            }
            if has_subject && !under_verb {
                heads[v - 1] = heads[noun - 1];
                deprels[v - 1] = std::mem::replace(&mut deprels[noun - 1], "obj".into());
                heads[noun - 1] = v;
            }
        }
        // "Armed men abducted 50 students": a sentence whose root is a noun
        // followed by a past-tense verb with an object was read as "men
        // (who were) abducted"; with no "by" agent it is a clause, the noun
        // its subject.
        if let Some(root) = (1..=n).find(|&i| heads[i - 1] == 0) {
            let noun_root = matches!(p.tokens[root - 1].upos.as_str(), "NOUN" | "PROPN");
            // The verb right after the root's noun phrase ("Turkish
            // President Recep Tayyip Erdogan hosted …": the root is
            // "Turkish", the names up to the verb hang on it).
            let first_acl = (root + 1..=n)
                .find(|&c| heads[c - 1] == root && deprels[c - 1] == "acl")
                .unwrap_or(n + 1);
            let phrase_between = first_acl <= n
                && first_acl - root <= 8
                && (root + 1..first_acl).all(|c| {
                    matches!(
                        p.tokens[c - 1].upos.as_str(),
                        "NOUN" | "PROPN" | "ADJ" | "DET" | "NUM" | "PART"
                    )
                });
            let verb = if phrase_between { first_acl } else { root + 1 };
            if noun_root
                && verb <= n
                && heads[verb - 1] == root
                && deprels[verb - 1] == "acl"
                && matches!(p.tokens[verb - 1].xpos.as_str(), "VBD" | "VBN")
            {
                let kids: Vec<usize> = (1..=n).filter(|&c| heads[c - 1] == verb).collect();
                let has_obj = kids.iter().any(|&c| deprels[c - 1] == "obj");
                let by_agent = kids.iter().any(|&c| {
                    (1..=n).any(|k| {
                        heads[k - 1] == c && p.tokens[k - 1].form.eq_ignore_ascii_case("by")
                    })
                });
                // Without an object: verbs that have no passive ("troops
                // clashed along the border"), or a proper name followed by
                // its verb and a complement ("Lai Ching-te called on
                // Beijing to …"): a clause, not a reduced relative.
                let intransitive = INTRANSITIVE.contains(&p.tokens[verb - 1].lemma.as_str());
                let named_root = p.tokens[root - 1].upos == "PROPN"
                    && kids
                        .iter()
                        .any(|&c| matches!(deprels[c - 1].as_str(), "obl" | "xcomp" | "ccomp"));
                if (has_obj || intransitive || named_root) && !by_agent {
                    subject_of_new_root(&mut heads, &mut deprels, root, verb);
                }
            }
            // "Russian troops attacked Ukrainian positions" read as two noun
            // phrases, "troops" and "attacked Ukrainian positions", with the
            // verb an adjective: the only verb of the sentence, right after
            // the root noun, is the clause's head and the second noun its
            // object.
            let object = heads.get(verb - 1).copied().unwrap_or(0);
            let only_verb = (1..=n).all(|i| i == verb || p.tokens[i - 1].upos != "VERB");
            if noun_root
                && verb <= n
                && deprels[verb - 1] == "amod"
                && matches!(p.tokens[verb - 1].xpos.as_str(), "VBD" | "VBN")
                && object > verb
                && heads[object - 1] == root
                && matches!(p.tokens[object - 1].upos.as_str(), "NOUN" | "PROPN")
                && only_verb
            {
                subject_of_new_root(&mut heads, &mut deprels, root, verb);
                heads[object - 1] = verb;
                deprels[object - 1] = "obj".into();
            }
        }
        // "Up to 100 ethnic Albanians demonstrated": "up to" before a
        // number was read as a preposition, the people as an oblique of a
        // verb that has no subject; they are its subject.
        for x in 1..=n {
            let v = heads[x - 1];
            if v == 0
                || v <= x
                || deprels[x - 1] != "obl"
                || p.tokens[v - 1].upos != "VERB"
                || (1..=n).any(|c| heads[c - 1] == v && deprels[c - 1].starts_with("nsubj"))
            {
                continue;
            }
            let case: Vec<usize> = (1..x)
                .filter(|&c| heads[c - 1] == x && deprels[c - 1] == "case")
                .collect();
            let up_to = case.len() == 2
                && p.tokens[case[0] - 1].form.eq_ignore_ascii_case("up")
                && p.tokens[case[1] - 1].form.eq_ignore_ascii_case("to");
            let counted = (1..x).any(|c| heads[c - 1] == x && deprels[c - 1] == "nummod");
            if up_to && counted {
                deprels[x - 1] = "nsubj".into();
                for c in case {
                    deprels[c - 1] = "advmod".into();
                }
            }
        }
        // "signed a minerals deal": after "a" and a plural noun, a word
        // tagged as a verb is the head noun the plural modifies (an
        // article does not go with a plural).
        for d in 1..n.saturating_sub(1) {
            let (m, w) = (d + 1, d + 2);
            if matches!(
                p.tokens[d - 1].form.to_ascii_lowercase().as_str(),
                "a" | "an"
            ) && matches!(p.tokens[m - 1].xpos.as_str(), "NNS" | "NNPS")
                && matches!(p.tokens[w - 1].xpos.as_str(), "VB" | "VBP" | "VBZ")
                && heads[d - 1] == m
                && heads[m - 1] != 0
                && heads[m - 1] != w
            {
                heads[w - 1] = heads[m - 1];
                deprels[w - 1] = std::mem::replace(&mut deprels[m - 1], "compound".into());
                move_dependents(&mut heads, m, w, 1..n + 1);
                heads[m - 1] = w;
            }
        }
        // "fired tear gas at": "tear" read as a verb ("fired [to] tear
        // gas"); it is the compound of the object "gas".
        for c in 1..n {
            if p.tokens[c - 1].form.eq_ignore_ascii_case("tear")
                && p.tokens[c].form.eq_ignore_ascii_case("gas")
                && heads[c] == c
                && heads[c - 1] != 0
            {
                let verb = heads[c - 1];
                heads[c] = verb;
                deprels[c] = "obj".into();
                heads[c - 1] = c + 1;
                deprels[c - 1] = "compound".into();
                move_dependents(&mut heads, c, verb, 1..n + 1);
            }
        }
        // "Israeli jets struck targets in Lebanon, the army said",
        // "Chinese warships held drills on Sunday, the ministry said": the
        // clause before a reporting verb read as noun phrases under it,
        // its verb an adjective of its object ("struck targets") or a
        // relative clause of its subject ("warships held drills"), so that
        // the reporting verb has two subjects. The noun before the verb is
        // the clause's subject, the verb its head, the clause the
        // reporting verb's complement.
        for v in 2..=n {
            let tok = &p.tokens[v - 1];
            let subj = v - 1;
            let h = heads[subj - 1];
            if tok.upos != "VERB"
                || !matches!(tok.xpos.as_str(), "VBD" | "VBN")
                || !matches!(p.tokens[subj - 1].upos.as_str(), "NOUN" | "PROPN")
                || !deprels[subj - 1].starts_with("nsubj")
                || h <= v
                || p.tokens[h - 1].upos != "VERB"
            {
                continue;
            }
            let Some(comma) = (v + 1..h).find(|&c| p.tokens[c - 1].form == ",") else {
                continue;
            };
            let reporter =
                (comma + 1..h).any(|c| heads[c - 1] == h && deprels[c - 1].starts_with("nsubj"));
            let object = match deprels[v - 1].as_str() {
                "acl" if heads[v - 1] == subj => {
                    let has_obj = (1..=n).any(|c| heads[c - 1] == v && deprels[c - 1] == "obj");
                    if !has_obj {
                        continue;
                    }
                    None
                }
                "amod" => {
                    // The object hangs on the reporting verb as a second
                    // subject, or on the first noun ("warships … drills").
                    let o = heads[v - 1];
                    let hung = (heads[o - 1] == h && deprels[o - 1].starts_with("nsubj"))
                        || heads[o - 1] == subj;
                    if o <= v
                        || o >= comma
                        || !hung
                        || !matches!(p.tokens[o - 1].upos.as_str(), "NOUN" | "PROPN")
                    {
                        continue;
                    }
                    Some(o)
                }
                _ => continue,
            };
            if !reporter {
                continue;
            }
            heads[v - 1] = h;
            deprels[v - 1] = "ccomp".into();
            heads[subj - 1] = v;
            deprels[subj - 1] = "nsubj".into();
            if let Some(o) = object {
                heads[o - 1] = v;
                deprels[o - 1] = "obj".into();
            }
            move_dependents(&mut heads, h, v, v + 1..comma);
        }
        let mut children = vec![Vec::new(); n + 1];
        for (i, &h) in heads.iter().enumerate() {
            if h != i + 1 {
                children[h].push(i + 1);
            }
        }
        let lemmas = p.tokens.iter().map(|t| t.lemma.to_lowercase()).collect();
        Tree {
            p,
            children,
            heads,
            deprels,
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
        &self.deprels[id - 1]
    }

    /// The relation without its subtype (`nsubj:pass` → `nsubj`).
    pub(crate) fn rel(&self, id: usize) -> &str {
        self.deprel(id).split(':').next().unwrap_or("")
    }

    pub(crate) fn head(&self, id: usize) -> usize {
        self.heads[id - 1]
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

    /// The clause a word belongs to: from `id` up to the nearest verb (or
    /// clause head, or the root), and that head's tokens without the
    /// clauses embedded in it ("met in Hangzhou on Monday, after Xi said
    /// …": not the tokens of "Xi said …"). Returns the head and the sorted
    /// token ids.
    pub(crate) fn clause(&self, id: usize) -> (usize, Vec<usize>) {
        const EMBEDDED: &[&str] = &["advcl", "ccomp", "acl", "parataxis", "csubj", "conj"];
        let mut head = id;
        for _ in 0..self.len() {
            let up = self.head(head);
            if self.upos(head) == "VERB" || up == 0 || EMBEDDED.contains(&self.rel(head)) {
                break;
            }
            head = up;
        }
        (head, self.subtree_except(head, EMBEDDED))
    }

    /// Whether the clause headed by `head` speaks of the future: "will
    /// meet", "shall sign", "plans to visit", "is due to arrive".
    pub(crate) fn is_future(&self, head: usize) -> bool {
        let aux = self.children[head]
            .iter()
            .any(|&c| self.rel(c) == "aux" && matches!(self.lemma(c), "will" | "shall" | "'ll"));
        let planned = self.rel(head) == "xcomp"
            && self.head(head) != 0
            && matches!(
                self.lemma(self.head(head)),
                "plan" | "expect" | "intend" | "schedule" | "due" | "set" | "go" | "prepare"
            );
        aux || planned
    }
}

/// Gives `to` the dependents that `from` has among the tokens `among`.
fn move_dependents(heads: &mut [usize], from: usize, to: usize, among: std::ops::Range<usize>) {
    for c in among {
        if heads[c - 1] == from {
            heads[c - 1] = to;
        }
    }
}

/// `verb`, which the parser hung on the sentence's root noun `root`,
/// becomes the root and the noun its subject; the noun's dependents after
/// the verb go with the verb.
fn subject_of_new_root(heads: &mut [usize], deprels: &mut [String], root: usize, verb: usize) {
    heads[verb - 1] = 0;
    deprels[verb - 1] = "root".into();
    heads[root - 1] = verb;
    deprels[root - 1] = "nsubj".into();
    move_dependents(heads, root, verb, verb + 1..heads.len() + 1);
}

/// Verbs without a passive: after a noun they begin a clause ("troops
/// clashed"), never a reduced relative ("men abducted").
const INTRANSITIVE: &[&str] = &[
    "clash",
    "fight",
    "battle",
    "skirmish",
    "meet",
    "protest",
    "demonstrate",
    "rally",
    "march",
    "riot",
    "gather",
    "talk",
    "negotiate",
    "agree",
    "withdraw",
    "retreat",
    "advance",
    "mutiny",
    "strike",
    "rebel",
    "revolt",
    "resign",
    "vow",
    "pledge",
    "threaten",
    "warn",
    "urge",
];
