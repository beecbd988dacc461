//! Greedy averaged-perceptron POS tagger predicting (XPOS, UPOS) pairs.

use std::collections::HashMap;

use crate::conllu::Sentence;
use crate::hash::{fnv1a, hash_lower, mix, tmpl, Rng};
use crate::lemma::Lemmatizer;
use crate::model::{
    self, ModelError, ModelErrorKind, ModelKind, Reader, TrainWeights, Weights, Writer,
};

/// Precomputed per-token hashes.
#[derive(Clone, Copy, Default)]
pub(crate) struct TokHash {
    pub lower: u64,
    exact: u64,
    pub suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    flags: u64,
    /// Ambiguity class (hash of the tags seen with the word in training).
    amb: u64,
}

pub(crate) fn tok_hash(form: &str) -> TokHash {
    let lower = hash_lower(form);
    let exact = fnv1a(form.as_bytes());
    let chars = form.chars().count();
    let mut suf = [0u64; 4];
    for (k, s) in suf.iter_mut().enumerate() {
        let n = k + 1;
        if chars >= n {
            let start = form.char_indices().nth(chars - n).map(|x| x.0).unwrap_or(0);
            *s = hash_lower(&form[start..]) ^ (n as u64);
        } else {
            *s = 1 + n as u64;
        }
    }
    let mut pre = [0u64; 3];
    for (k, p) in pre.iter_mut().enumerate() {
        let n = k + 1;
        if chars >= n {
            let end = form
                .char_indices()
                .nth(n)
                .map(|x| x.0)
                .unwrap_or(form.len());
            *p = hash_lower(&form[..end]) ^ (n as u64);
        } else {
            *p = 7 + n as u64;
        }
    }
    let mut shape = crate::hash::FNV_OFFSET;
    let mut last = '\0';
    let mut run = 0;
    let (mut up, mut low, mut dig, mut hy, mut first_up) = (0u64, 0u64, 0u64, 0u64, 0u64);
    for (i, c) in form.chars().enumerate() {
        let s = if c.is_uppercase() {
            up = 1;
            if i == 0 {
                first_up = 1;
            }
            'X'
        } else if c.is_lowercase() {
            low = 1;
            'x'
        } else if c.is_ascii_digit() {
            dig = 1;
            'd'
        } else {
            if c == '-' {
                hy = 1;
            }
            c
        };
        if s == last {
            run += 1;
        } else {
            run = 0;
        }
        last = s;
        if run < 2 {
            shape = mix(shape, s as u64);
        }
    }
    let flags = up | (low << 1) | (dig << 2) | (hy << 3) | (first_up << 4);
    TokHash {
        lower,
        exact,
        suf,
        pre,
        shape,
        flags,
        amb: AMB_UNK,
    }
}

const AMB_UNK: u64 = 0xa3b1;

const NONE: u64 = 0x5eed;

#[inline]
#[allow(clippy::too_many_arguments)]
fn features(
    h: &[TokHash],
    i: usize,
    p1: u64,
    p2: u64,
    right: Option<&[u16]>,
    coarse: &[u64],
    out: &mut Vec<u64>,
) {
    out.clear();
    let t = &h[i];
    let get = |j: isize| -> Option<&TokHash> {
        if j < 0 {
            None
        } else {
            h.get(j as usize)
        }
    };
    let ii = i as isize;
    let w = |j: isize| {
        get(j)
            .map(|x| x.lower)
            .unwrap_or(NONE.wrapping_add(j as u64))
    };
    let wm1 = w(ii - 1);
    let wp1 = w(ii + 1);
    out.push(tmpl(0));
    out.push(mix(tmpl(1), t.lower));
    out.push(mix(tmpl(2), t.exact));
    for k in 0..4 {
        out.push(mix(tmpl(3 + k as u64), t.suf[k]));
    }
    for k in 0..3 {
        out.push(mix(tmpl(7 + k as u64), t.pre[k]));
    }
    out.push(mix(tmpl(10), t.shape));
    out.push(mix(mix(tmpl(11), t.flags), (i == 0) as u64));
    out.push(mix(tmpl(12), p1));
    out.push(mix(tmpl(13), p2));
    out.push(mix(mix(tmpl(14), p1), p2));
    out.push(mix(mix(tmpl(15), p1), t.lower));
    out.push(mix(tmpl(16), wm1));
    out.push(mix(tmpl(17), w(ii - 2)));
    out.push(mix(tmpl(18), wp1));
    out.push(mix(tmpl(19), w(ii + 2)));
    let s3 = |j: isize| get(j).map(|x| x.suf[2]).unwrap_or(NONE);
    let sh = |j: isize| get(j).map(|x| x.shape).unwrap_or(NONE);
    out.push(mix(tmpl(20), s3(ii - 1)));
    out.push(mix(tmpl(21), s3(ii + 1)));
    out.push(mix(mix(tmpl(22), wm1), t.lower));
    out.push(mix(mix(tmpl(23), t.lower), wp1));
    out.push(mix(tmpl(24), sh(ii + 1)));
    out.push(mix(tmpl(25), sh(ii - 1)));
    out.push(mix(mix(tmpl(26), p1), t.suf[2]));
    out.push(mix(mix(tmpl(27), t.suf[2]), wp1));
    out.push(mix(mix(tmpl(28), p1), wp1));
    let am = |j: isize| get(j).map(|x| x.amb).unwrap_or(NONE);
    let (a0, a1) = (t.amb, am(ii + 1));
    out.push(mix(tmpl(29), a0));
    out.push(mix(tmpl(30), a1));
    out.push(mix(tmpl(31), am(ii + 2)));
    out.push(mix(tmpl(32), am(ii - 1)));
    out.push(mix(mix(tmpl(33), a0), a1));
    out.push(mix(mix(tmpl(34), p1), a0));
    out.push(mix(mix(mix(tmpl(35), p1), a0), a1));
    out.push(mix(mix(tmpl(36), t.lower), a1));
    out.push(mix(mix(tmpl(37), a0), t.suf[2]));
    let first = (i == 0) as u64;
    out.push(mix(mix(mix(tmpl(38), t.lower), t.flags), first));
    out.push(mix(mix(mix(tmpl(39), t.suf[2]), t.flags), first));
    out.push(mix(mix(mix(tmpl(40), p1), p2), t.lower));
    out.push(mix(mix(tmpl(41), t.shape), sh(ii + 1)));
    out.push(mix(mix(tmpl(42), sh(ii - 1)), t.shape));
    out.push(mix(mix(mix(tmpl(43), a0), t.flags), first));
    let fl = |j: isize| get(j).map(|x| x.flags).unwrap_or(NONE);
    out.push(mix(mix(mix(tmpl(44), fl(ii - 1)), t.flags), fl(ii + 1)));
    out.push(mix(mix(tmpl(45), p1), t.flags));
    // coarse (UPOS) history
    let cu = |p: u64| coarse.get(p as usize).copied().unwrap_or(p);
    let (c1, c2) = (cu(p1), cu(p2));
    out.push(mix(tmpl(56), c1));
    out.push(mix(mix(tmpl(57), c1), c2));
    out.push(mix(mix(tmpl(58), c1), t.lower));
    out.push(mix(mix(tmpl(59), c1), t.suf[2]));
    out.push(mix(mix(tmpl(60), c1), wp1));
    if let Some(r) = right {
        // second pass: tags the first pass predicted around the word
        let rt = |j: isize| {
            if j < 0 {
                NONE
            } else {
                r.get(j as usize).map(|&x| x as u64).unwrap_or(NONE + 1)
            }
        };
        let (r0, r1, r2) = (rt(ii), rt(ii + 1), rt(ii + 2));
        out.push(mix(tmpl(46), r1));
        out.push(mix(tmpl(47), r2));
        out.push(mix(mix(tmpl(48), r1), r2));
        out.push(mix(mix(tmpl(49), p1), r1));
        out.push(mix(mix(tmpl(50), t.lower), r1));
        out.push(mix(tmpl(51), r0));
        out.push(mix(mix(tmpl(52), r0), r1));
        out.push(mix(mix(tmpl(53), a0), r1));
        out.push(mix(mix(mix(tmpl(54), p1), r0), r1));
        out.push(mix(mix(tmpl(55), t.suf[2]), r1));
        out.push(mix(mix(tmpl(61), cu(r1)), cu(r2)));
        out.push(mix(mix(mix(tmpl(62), c1), cu(r0)), cu(r1)));
    }
}

/// Participles that make compound adjectives in news ("Iran-backed",
/// "US-led", "state-owned"): the treebank has too few of them, and the
/// model tags an unseen "Rwanda-backed" as a past-tense verb, which then
/// becomes the sentence's root.
const COMPOUND_PARTICIPLES: &[&str] = &[
    "backed",
    "led",
    "based",
    "owned",
    "run",
    "controlled",
    "held",
    "funded",
    "sponsored",
    "allied",
    "aligned",
    "supported",
    "affiliated",
    "linked",
    "brokered",
    "mediated",
    "occupied",
    "annexed",
    "installed",
    "appointed",
    "imposed",
];

/// Whether `word` is `X-participle` with a participle of
/// [`COMPOUND_PARTICIPLES`] and a non-empty first part.
fn compound_adjective(word: &str) -> bool {
    match word.rsplit_once('-') {
        Some((first, last)) => {
            !first.is_empty()
                && first.chars().last().is_some_and(char::is_alphanumeric)
                && COMPOUND_PARTICIPLES
                    .iter()
                    .any(|p| last.eq_ignore_ascii_case(p))
        }
        None => false,
    }
}

/// The part-of-speech tagger (and the lemma exceptions learned with it).
#[derive(Debug, Clone)]
pub struct Tagger {
    /// (XPOS, UPOS) class names.
    classes: Vec<(String, String)>,
    /// Class id → hash of its UPOS (derived from `classes`).
    coarse: Vec<u64>,
    /// Frequent unambiguous words → class.
    dict: HashMap<String, u16>,
    /// Lower-cased word hash → ambiguity class hash.
    amb: crate::hash::U64Map<u64>,
    weights: Weights,
    /// Second pass that also sees the first pass's tags to the right.
    second: Option<Weights>,
    lemmatizer: Lemmatizer,
}

/// Options for tagger training.
#[derive(Debug, Clone)]
pub struct TaggerTrainOptions {
    /// Maximum epochs.
    pub epochs: usize,
    /// Seed of the shuffling PRNG.
    pub seed: u64,
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Stop after this many epochs without dev improvement.
    pub patience: usize,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Add a second pass that sees the first pass's tags to the right.
    pub two_pass: bool,
    /// After training, drop quantised weights below this magnitude (the
    /// 99.99th-percentile weight is 12,000; 300 costs < 0.05 UPOS on dev
    /// and shrinks the model by a third).
    pub final_prune: i16,
}

impl Default for TaggerTrainOptions {
    fn default() -> Self {
        TaggerTrainOptions {
            epochs: 12,
            seed: 1,
            bits: 18,
            patience: 3,
            verbose: true,
            two_pass: true,
            final_prune: 300,
        }
    }
}

impl Tagger {
    /// Tags a sentence: one (XPOS, UPOS) pair per word.
    pub fn tag(&self, words: &[&str]) -> Vec<(&str, &str)> {
        let h = self.hashes(words);
        let ids = self.tag_ids(words, &h);
        ids.iter()
            .map(|&c| {
                let (x, u) = &self.classes[c as usize];
                (x.as_str(), u.as_str())
            })
            .collect()
    }

    /// Per-token hashes including ambiguity classes.
    pub(crate) fn hashes(&self, words: &[&str]) -> Vec<TokHash> {
        words
            .iter()
            .map(|w| {
                let mut h = tok_hash(w);
                if let Some(&a) = self.amb.get(&h.lower) {
                    h.amb = a;
                } else if let Some(a) = self.irregular_amb(w) {
                    h.amb = a;
                }
                h
            })
            .collect()
    }

    /// Irregular verb forms the treebank never saw (`fought`, `slew`) get
    /// the ambiguity class of a seen form of the same kind.
    fn irregular_amb(&self, w: &str) -> Option<u64> {
        if !w.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        let lower = w.to_ascii_lowercase();
        // news text is mostly simple past: a form that can be both is
        // treated like "took"; participle-only forms like "taken"
        let proto = match crate::lemma::irregular_past(&lower)? {
            (true, _) => "took",
            _ => "taken",
        };
        self.amb.get(&hash_lower(proto)).copied()
    }

    pub(crate) fn tag_ids(&self, words: &[&str], h: &[TokHash]) -> Vec<u16> {
        let first = self.run(&self.weights, words, h, None);
        match &self.second {
            Some(w2) => self.run(w2, words, h, Some(&first)),
            None => first,
        }
    }

    fn run(&self, wt: &Weights, words: &[&str], h: &[TokHash], right: Option<&[u16]>) -> Vec<u16> {
        let n = self.classes.len();
        let mut scores = vec![0i32; n];
        let mut feats = Vec::with_capacity(64);
        let mut out = Vec::with_capacity(words.len());
        let (mut p1, mut p2) = (n as u64 + 1, n as u64 + 2);
        for (i, word) in words.iter().enumerate() {
            let c = match self.dict.get(*word) {
                Some(&c) => c,
                None => match compound_adjective(word).then(|| self.adjective()).flatten() {
                    Some(c) => c,
                    None => {
                        features(h, i, p1, p2, right, &self.coarse, &mut feats);
                        wt.score(&feats, &mut scores);
                        argmax(&scores) as u16
                    }
                },
            };
            out.push(c);
            p2 = p1;
            p1 = c as u64;
        }
        out
    }

    /// The class of adjectives (JJ, ADJ).
    fn adjective(&self) -> Option<u16> {
        self.classes
            .iter()
            .position(|(x, u)| x == "JJ" && u == "ADJ")
            .map(|c| c as u16)
    }

    /// Class names (XPOS, UPOS) by id.
    pub(crate) fn class(&self, id: u16) -> (&str, &str) {
        let (x, u) = &self.classes[id as usize];
        (x, u)
    }

    /// Drops weights whose quantised magnitude is below `k` (smaller model).
    pub fn prune(&mut self, k: i16) {
        self.weights.prune(k);
        if let Some(s) = &mut self.second {
            s.prune(k);
        }
    }

    /// The lemmatiser stored with this tagger.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    /// Number of non-zero weights.
    pub fn nonzero_weights(&self) -> usize {
        self.weights.nonzero() + self.second.as_ref().map_or(0, |s| s.nonzero())
    }

    /// Trains a tagger on gold-tagged sentences, choosing the epoch by dev accuracy.
    pub fn train(train: &[Sentence], dev: &[Sentence], opts: &TaggerTrainOptions) -> Tagger {
        let mut class_ids: HashMap<(String, String), u16> = HashMap::new();
        let mut classes = Vec::new();
        let mut counts: HashMap<&str, HashMap<u16, u32>> = HashMap::new();
        let mut gold: Vec<Vec<u16>> = Vec::new();
        for s in train {
            let mut g = Vec::new();
            for w in &s.words {
                let key = (w.xpos.clone(), w.upos.clone());
                let id = *class_ids.entry(key.clone()).or_insert_with(|| {
                    classes.push(key);
                    (classes.len() - 1) as u16
                });
                g.push(id);
                *counts
                    .entry(w.form.as_str())
                    .or_default()
                    .entry(id)
                    .or_default() += 1;
            }
            gold.push(g);
        }
        let mut dict = HashMap::new();
        for (form, m) in &counts {
            let total: u32 = m.values().sum();
            let (&best, &bc) = m
                .iter()
                .max_by_key(|(k, v)| (**v, u16::MAX - **k))
                .unwrap_or((&0, &0));
            if total >= 20 && bc as f64 / total as f64 >= 0.995 {
                dict.insert(form.to_string(), best);
            }
        }
        let lemmatizer = Lemmatizer::learn(train);
        let n = classes.len();
        let mut seen: HashMap<u64, (u32, Vec<u16>)> = HashMap::new();
        for (s, g) in train.iter().zip(&gold) {
            for (w, &c) in s.words.iter().zip(g) {
                let e = seen.entry(hash_lower(&w.form)).or_default();
                e.0 += 1;
                if !e.1.contains(&c) {
                    e.1.push(c);
                }
            }
        }
        let amb: crate::hash::U64Map<u64> = seen
            .into_iter()
            .filter(|(_, (f, _))| *f >= 2)
            .map(|(k, (_, mut v))| {
                v.sort_unstable();
                let mut h = crate::hash::FNV_OFFSET;
                for c in v {
                    h = mix(h, c as u64 + 1);
                }
                (k, h)
            })
            .collect();
        let hashes: Vec<Vec<TokHash>> = train
            .iter()
            .map(|s| {
                s.words
                    .iter()
                    .map(|w| {
                        let mut h = tok_hash(&w.form);
                        if let Some(&a) = amb.get(&h.lower) {
                            h.amb = a;
                        }
                        h
                    })
                    .collect()
            })
            .collect();
        let base = Tagger {
            coarse: coarse_of(&classes),
            classes: classes.clone(),
            dict: dict.clone(),
            amb: amb.clone(),
            weights: Weights::empty(),
            second: None,
            lemmatizer: Lemmatizer::rules_only(),
        };
        let mk1 = |w: Weights| Tagger {
            weights: w,
            ..base.clone()
        };
        let w1 = fit(
            &hashes, &gold, train, None, dev, &dict, n, &mk1, opts, "pass 1",
        );
        let mut tagger = mk1(w1);
        if opts.two_pass {
            // first-pass tags on train, jackknifed so they are as noisy as at run time
            let k = 4;
            let mut right: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
            for fold in 0..k {
                let idx: Vec<usize> = (0..train.len()).filter(|i| i % k != fold).collect();
                let sub_train: Vec<Sentence> = idx.iter().map(|&i| train[i].clone()).collect();
                let sub_h: Vec<Vec<TokHash>> = idx.iter().map(|&i| hashes[i].clone()).collect();
                let sub_g: Vec<Vec<u16>> = idx.iter().map(|&i| gold[i].clone()).collect();
                let o = TaggerTrainOptions {
                    verbose: false,
                    ..opts.clone()
                };
                let wf = fit(
                    &sub_h, &sub_g, &sub_train, None, dev, &dict, n, &mk1, &o, "fold",
                );
                let tf = mk1(wf);
                for i in (0..train.len()).filter(|i| i % k == fold) {
                    let forms = train[i].forms();
                    right[i] = tf.run(&tf.weights, &forms, &hashes[i], None);
                }
            }
            let w1c = tagger.weights.clone();
            let mk2 = |w: Weights| Tagger {
                weights: w1c.clone(),
                second: Some(w),
                ..base.clone()
            };
            let w2 = fit(
                &hashes,
                &gold,
                train,
                Some(&right),
                dev,
                &dict,
                n,
                &mk2,
                opts,
                "pass 2",
            );
            tagger.second = Some(w2);
        }
        tagger.lemmatizer = lemmatizer;
        tagger.prune(opts.final_prune);
        tagger
    }

    /// UPOS and XPOS accuracy on gold sentences.
    pub fn evaluate(&self, gold: &[Sentence]) -> TagScores {
        let (mut u, mut x, mut t) = (0usize, 0usize, 0usize);
        for s in gold {
            let forms = s.forms();
            let tags = self.tag(&forms);
            for (w, (xp, up)) in s.words.iter().zip(tags) {
                u += (w.upos == up) as usize;
                x += (w.xpos == xp) as usize;
                t += 1;
            }
        }
        let d = t.max(1) as f64;
        TagScores {
            upos: u as f64 / d,
            xpos: x as f64 / d,
        }
    }

    /// Serialises to the model file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.var(self.classes.len() as u64);
        for (x, u) in &self.classes {
            w.str(x);
            w.str(u);
        }
        let mut dict: Vec<_> = self.dict.iter().collect();
        dict.sort();
        w.var(dict.len() as u64);
        for (k, v) in dict {
            w.str(k);
            w.var(*v as u64);
        }
        let mut amb: Vec<_> = self.amb.iter().collect();
        amb.sort();
        w.var(amb.len() as u64);
        let mut last = 0u64;
        for (k, v) in amb {
            w.var(k - last);
            last = *k;
            w.var(*v);
        }
        self.lemmatizer.write(&mut w);
        self.weights.write(&mut w);
        match &self.second {
            Some(s) => {
                w.u8(1);
                s.write(&mut w);
            }
            None => w.u8(0),
        }
        model::wrap(ModelKind::Tagger, &w.0)
    }

    /// Reads a tagger from model file bytes; `name` is used in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Tagger, ModelError> {
        Self::parse(bytes).map_err(|k| ModelError::new(name, k))
    }

    fn parse(bytes: &[u8]) -> Result<Tagger, ModelErrorKind> {
        let payload = model::unwrap(ModelKind::Tagger, bytes)?;
        let mut r = Reader::new(payload);
        let n = r.var()? as usize;
        if n == 0 || n > 4096 {
            return Err(ModelErrorKind::Malformed("bad class count".into()));
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            classes.push((r.str()?, r.str()?));
        }
        let nd = r.var()? as usize;
        let mut dict = HashMap::with_capacity(nd.min(1 << 20));
        for _ in 0..nd {
            let k = r.str()?;
            let v = r.var()?;
            if v as usize >= n {
                return Err(ModelErrorKind::Malformed(
                    "dictionary class out of range".into(),
                ));
            }
            dict.insert(k, v as u16);
        }
        let na = r.var()? as usize;
        let mut amb =
            crate::hash::U64Map::with_capacity_and_hasher(na.min(1 << 20), Default::default());
        let mut last = 0u64;
        for _ in 0..na {
            last = last.wrapping_add(r.var()?);
            amb.insert(last, r.var()?);
        }
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let weights = Weights::read(&mut r)?;
        let second = match r.u8()? {
            0 => None,
            _ => Some(Weights::read(&mut r)?),
        };
        if weights.classes() != n || second.as_ref().is_some_and(|s| s.classes() != n) {
            return Err(ModelErrorKind::Malformed("weight table class count".into()));
        }
        r.done()?;
        Ok(Tagger {
            coarse: coarse_of(&classes),
            classes,
            dict,
            amb,
            weights,
            second,
            lemmatizer,
        })
    }

    /// Loads a tagger model file.
    pub fn load(path: &std::path::Path) -> Result<Tagger, ModelError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ModelError::new(&name, e.into()))?;
        Self::from_bytes(&bytes, &name)
    }
}

/// Tagging accuracy.
#[derive(Debug, Clone, Copy)]
pub struct TagScores {
    /// UPOS accuracy (0..1).
    pub upos: f64,
    /// XPOS accuracy (0..1).
    pub xpos: f64,
}

#[inline]
pub(crate) fn argmax(s: &[i32]) -> usize {
    let mut best = 0;
    let mut bv = i32::MIN;
    for (i, &v) in s.iter().enumerate() {
        if v > bv {
            bv = v;
            best = i;
        }
    }
    best
}

/// One perceptron training run with dev early stopping.
#[allow(clippy::too_many_arguments)]
fn fit(
    hashes: &[Vec<TokHash>],
    gold: &[Vec<u16>],
    train: &[Sentence],
    right: Option<&Vec<Vec<u16>>>,
    dev: &[Sentence],
    dict: &HashMap<String, u16>,
    n: usize,
    make: &dyn Fn(Weights) -> Tagger,
    opts: &TaggerTrainOptions,
    what: &str,
) -> Weights {
    let coarse = make(Weights::empty()).coarse;
    let coarse = coarse.as_slice();
    let mut tw = TrainWeights::new(opts.bits, n);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(opts.seed);
    let mut best: Option<(f64, Weights)> = None;
    let mut since = 0;
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0i32; n];
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        let mut correct = 0usize;
        let mut total = 0usize;
        for &si in &order {
            let s = &train[si];
            let h = &hashes[si];
            let (mut p1, mut p2) = (n as u64 + 1, n as u64 + 2);
            for (i, w) in s.words.iter().enumerate() {
                let g = gold[si][i];
                let pred = match dict.get(w.form.as_str()) {
                    Some(&c) => c,
                    None => {
                        features(
                            h,
                            i,
                            p1,
                            p2,
                            right.map(|r| r[si].as_slice()),
                            coarse,
                            &mut feats,
                        );
                        tw.score(&feats, &mut scores);
                        let p = argmax(&scores) as u16;
                        tw.update(&feats, g as usize, p as usize);
                        tw.c += 1;
                        p
                    }
                };
                correct += (pred == g) as usize;
                total += 1;
                p2 = p1;
                p1 = pred as u64;
            }
        }
        let weights = tw.quantise(1);
        let cand = make(weights);
        let acc = cand.evaluate(dev).upos;
        if opts.verbose {
            eprintln!(
                "tagger {what} epoch {epoch}: train {:.2}% dev UPOS {:.2}%",
                100.0 * correct as f64 / total.max(1) as f64,
                100.0 * acc
            );
        }
        if best.as_ref().is_none_or(|b| acc > b.0) {
            best = Some((
                acc,
                if right.is_some() {
                    cand.second.unwrap_or_else(Weights::empty)
                } else {
                    cand.weights
                },
            ));
            since = 0;
        } else {
            since += 1;
            if since >= opts.patience {
                break;
            }
        }
    }
    best.map(|b| b.1).unwrap_or_else(|| tw.quantise(1))
}

fn coarse_of(classes: &[(String, String)]) -> Vec<u64> {
    classes.iter().map(|(_, u)| fnv1a(u.as_bytes())).collect()
}

#[cfg(test)]
mod compound_tests {
    use super::compound_adjective;

    #[test]
    fn compound_adjectives() {
        for w in [
            "Rwanda-backed",
            "US-led",
            "state-owned",
            "Saudi-led",
            "Kremlin-controlled",
        ] {
            assert!(compound_adjective(w), "{w}");
        }
        for w in ["backed", "-led", "well-known", "Hamas-Israel", "x-"] {
            assert!(!compound_adjective(w), "{w}");
        }
    }
}
