//! Greedy arc-hybrid dependency parser with labelled transitions, trained as
//! an averaged perceptron with a dynamic oracle and error exploration.
//!
//! Transitions (stack `σ|s1|s0`, buffer `b0|β`, ROOT at the stack bottom):
//! * `SHIFT` moves `b0` onto the stack;
//! * `LEFT(l)` pops `s0` and attaches it to `b0`;
//! * `RIGHT(l)` pops `s0` and attaches it to `s1`.
//!
//! `RIGHT` onto ROOT is only allowed once the buffer is empty, so every
//! output has exactly one root, every word exactly one head, and no cycles.

use std::collections::HashMap;

use crate::conllu::Sentence;
use crate::hash::{fnv1a, hash_lower, mix, tmpl, Rng};
use crate::model::{
    self, ModelError, ModelErrorKind, ModelKind, Reader, TrainWeights, Weights, Writer,
};

const NONE: u64 = 0x00de_ad00;
const NIL: u32 = u32::MAX;

/// Parser state for one sentence (token 0 is ROOT).
struct State {
    n: usize,
    stack: Vec<u32>,
    b: usize,
    head: Vec<u32>,
    label: Vec<u8>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> Self {
        let m = n + 1;
        let mut stack = Vec::with_capacity(m);
        stack.push(0);
        State {
            n,
            stack,
            b: 1,
            head: vec![NIL; m],
            label: vec![0; m],
            l1: vec![NIL; m],
            l2: vec![NIL; m],
            r1: vec![NIL; m],
            r2: vec![NIL; m],
            nl: vec![0; m],
            nr: vec![0; m],
            lset: vec![0; m],
            rset: vec![0; m],
        }
    }

    #[inline]
    fn terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    #[inline]
    fn s(&self, k: usize) -> u32 {
        let l = self.stack.len();
        if k < l {
            self.stack[l - 1 - k]
        } else {
            NIL
        }
    }

    #[inline]
    fn buf(&self, k: usize) -> u32 {
        let i = self.b + k;
        if i <= self.n {
            i as u32
        } else {
            NIL
        }
    }

    /// Valid transition kinds: (shift, left, right, right_is_root).
    #[inline]
    fn valid(&self) -> (bool, bool, bool, bool) {
        let has_b = self.b <= self.n;
        let sl = self.stack.len();
        let shift = has_b;
        let left = has_b && sl >= 2;
        let right = sl >= 3 || (sl == 2 && !has_b);
        (shift, left, right, sl == 2)
    }

    fn apply(&mut self, kind: u8, lab: u8) {
        match kind {
            0 => {
                self.stack.push(self.b as u32);
                self.b += 1;
            }
            1 => {
                let d = self.stack.pop().unwrap_or(0);
                self.attach(self.b as u32, d, lab, true);
            }
            _ => {
                let d = self.stack.pop().unwrap_or(0);
                let h = *self.stack.last().unwrap_or(&0);
                self.attach(h, d, lab, false);
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, lab: u8, left: bool) {
        let (h, d) = (h as usize, d as usize);
        self.head[d] = h as u32;
        self.label[d] = lab;
        if left {
            self.l2[h] = self.l1[h];
            self.l1[h] = d as u32;
            self.nl[h] = self.nl[h].saturating_add(1);
            self.lset[h] |= 1u64 << (lab % 64);
        } else {
            self.r2[h] = self.r1[h];
            self.r1[h] = d as u32;
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rset[h] |= 1u64 << (lab % 64);
        }
    }
}

/// Token-level inputs: word hashes and tag hashes (index 0 = ROOT).
struct Input<'a> {
    w: &'a [u64],
    t: &'a [u64],
    /// (UPOS hash, suffix hash) per token.
    e: &'a [(u64, u64)],
    /// Prefix counts of punctuation tags (`,` `:` `.` brackets): `pc[i]` =
    /// punctuation among tokens `1..i`.
    pc: Vec<u32>,
    /// Ambiguity class of each word (hash of the tags seen with it in training).
    a: Vec<u64>,
}

impl<'a> Input<'a> {
    fn new(
        w: &'a [u64],
        t: &'a [u64],
        e: &'a [(u64, u64)],
        amb: &crate::hash::U64Map<u64>,
    ) -> Self {
        let a = w
            .iter()
            .enumerate()
            .map(|(i, x)| {
                if i == 0 {
                    NONE ^ 1
                } else {
                    *amb.get(x).unwrap_or(&(NONE ^ 2))
                }
            })
            .collect();
        let comma = tag_hash(",", "PUNCT");
        let colon = tag_hash(":", "PUNCT");
        let lrb = tag_hash("-LRB-", "PUNCT");
        let rrb = tag_hash("-RRB-", "PUNCT");
        let mut pc = Vec::with_capacity(t.len() + 1);
        pc.push(0);
        let mut c = 0;
        for &x in t {
            if x == comma || x == colon || x == lrb || x == rrb {
                c += 1;
            }
            pc.push(c);
        }
        Input { w, t, e, pc, a }
    }

    /// Punctuation strictly between tokens `a < b`.
    #[inline]
    fn between(&self, a: u32, b: u32) -> u64 {
        if a == NIL || b == NIL || a >= b {
            return 9;
        }
        (self.pc[b as usize] - self.pc[a as usize + 1]).min(3) as u64
    }
}

#[inline]
fn features(st: &State, inp: &Input<'_>, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: u32| if i == NIL { NONE } else { inp.w[i as usize] };
    let t = |i: u32| if i == NIL { NONE } else { inp.t[i as usize] };
    let lab = |i: u32| {
        if i == NIL {
            NONE
        } else {
            st.label[i as usize] as u64
        }
    };
    let ch = |v: &Vec<u32>, i: u32| if i == NIL { NIL } else { v[i as usize] };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.buf(0);
    let b1 = st.buf(1);
    let b2 = st.buf(2);
    let (s0w, s0t, s1w, s1t, s2t) = (w(s0), t(s0), w(s1), t(s1), t(s2));
    let (b0w, b0t, b1w, b1t, b2w, b2t) = (w(b0), t(b0), w(b1), t(b1), w(b2), t(b2));
    let s0l1 = ch(&st.l1, s0);
    let s0l2 = ch(&st.l2, s0);
    let s0r1 = ch(&st.r1, s0);
    let s0r2 = ch(&st.r2, s0);
    let b0l1 = ch(&st.l1, b0);
    let b0l2 = ch(&st.l2, b0);
    let s1r1 = ch(&st.r1, s1);
    let s1l1 = ch(&st.l1, s1);
    let f1 = |id: u64, a: u64| mix(tmpl(id), a);
    let f2 = |id: u64, a: u64, b: u64| mix(mix(tmpl(id), a), b);
    let f3 = |id: u64, a: u64, b: u64, c: u64| mix(mix(mix(tmpl(id), a), b), c);
    let f4 = |id: u64, a: u64, b: u64, c: u64, d: u64| mix(mix(mix(mix(tmpl(id), a), b), c), d);
    out.push(tmpl(0));
    out.push(f1(1, s0w));
    out.push(f1(2, s0t));
    out.push(f2(3, s0w, s0t));
    out.push(f1(4, s1w));
    out.push(f1(5, s1t));
    out.push(f2(6, s1w, s1t));
    out.push(f1(7, b0w));
    out.push(f1(8, b0t));
    out.push(f2(9, b0w, b0t));
    out.push(f1(10, b1w));
    out.push(f1(11, b1t));
    out.push(f2(12, b1w, b1t));
    out.push(f1(13, b2w));
    out.push(f1(14, b2t));
    out.push(f4(15, s0w, s0t, b0w, b0t));
    out.push(f3(16, s0w, s0t, b0w));
    out.push(f3(17, s0w, b0w, b0t));
    out.push(f3(18, s0w, s0t, b0t));
    out.push(f3(19, s0t, b0w, b0t));
    out.push(f2(20, s0w, b0w));
    out.push(f2(21, s0t, b0t));
    out.push(f2(22, b0t, b1t));
    out.push(f3(23, b0t, b1t, b2t));
    out.push(f3(24, s0t, b0t, b1t));
    out.push(f3(25, s1t, s0t, b0t));
    out.push(f3(26, s0t, t(s0l1), b0t));
    out.push(f3(27, s0t, t(s0r1), b0t));
    out.push(f3(28, s0t, b0t, t(b0l1)));
    out.push(f3(29, s1t, s0t, t(s0l1)));
    out.push(f3(30, s1t, t(s1r1), s0t));
    // distance
    let d = if s0 != NIL && b0 != NIL && s0 != 0 {
        ((b0 - s0) as u64).min(10)
    } else {
        0
    };
    out.push(f2(31, s0w, d));
    out.push(f2(32, s0t, d));
    out.push(f2(33, b0w, d));
    out.push(f2(34, b0t, d));
    out.push(f3(35, s0w, b0w, d));
    out.push(f3(36, s0t, b0t, d));
    // valency
    let vr = |i: u32| {
        if i == NIL {
            99
        } else {
            st.nr[i as usize] as u64
        }
    };
    let vl = |i: u32| {
        if i == NIL {
            99
        } else {
            st.nl[i as usize] as u64
        }
    };
    out.push(f2(37, s0w, vr(s0)));
    out.push(f2(38, s0t, vr(s0)));
    out.push(f2(39, s0w, vl(s0)));
    out.push(f2(40, s0t, vl(s0)));
    out.push(f2(41, b0w, vl(b0)));
    out.push(f2(42, b0t, vl(b0)));
    // children unigrams
    out.push(f1(43, w(s0l1)));
    out.push(f1(44, t(s0l1)));
    out.push(f1(45, lab(s0l1)));
    out.push(f1(46, w(s0r1)));
    out.push(f1(47, t(s0r1)));
    out.push(f1(48, lab(s0r1)));
    out.push(f1(49, w(b0l1)));
    out.push(f1(50, t(b0l1)));
    out.push(f1(51, lab(b0l1)));
    out.push(f1(52, w(s0l2)));
    out.push(f1(53, t(s0l2)));
    out.push(f1(54, lab(s0l2)));
    out.push(f1(55, w(s0r2)));
    out.push(f1(56, t(s0r2)));
    out.push(f1(57, lab(s0r2)));
    out.push(f1(58, w(b0l2)));
    out.push(f1(59, t(b0l2)));
    out.push(f1(60, lab(b0l2)));
    // third order
    out.push(f3(61, s0t, t(s0l1), t(s0l2)));
    out.push(f3(62, s0t, t(s0r1), t(s0r2)));
    out.push(f3(63, b0t, t(b0l1), t(b0l2)));
    // label sets
    let ls = |v: &Vec<u64>, i: u32| if i == NIL { NONE } else { v[i as usize] };
    out.push(f2(64, s0w, ls(&st.rset, s0)));
    out.push(f2(65, s0t, ls(&st.rset, s0)));
    out.push(f2(66, s0w, ls(&st.lset, s0)));
    out.push(f2(67, s0t, ls(&st.lset, s0)));
    out.push(f2(68, b0w, ls(&st.lset, b0)));
    out.push(f2(69, b0t, ls(&st.lset, b0)));
    // stack pairs (arc-hybrid RIGHT attaches s0 to s1)
    out.push(f2(70, s1w, s0w));
    out.push(f4(71, s1w, s1t, s0w, s0t));
    out.push(f3(72, s1t, s0w, s0t));
    out.push(f3(73, s1w, s1t, s0t));
    out.push(f3(74, s2t, s1t, s0t));
    out.push(f2(75, s1t, b0t));
    out.push(f3(76, s1w, s0t, b0t));
    out.push(f4(77, s1t, s0t, b0t, b1t));
    out.push(f3(78, s1t, lab(s1l1), s0t));
    out.push(f3(79, s0t, lab(s0l1), b0t));
    out.push(f3(80, s0w, b0w, b1t));
    out.push(f3(81, s0t, b0w, b1w));
    out.push(f2(82, s0w, b1w));
    out.push(f3(83, s1t, s0t, lab(s0r1)));
    let s1s0d = if s1 != NIL && s0 != NIL && s1 != 0 {
        ((s0 - s1) as u64).min(10)
    } else {
        0
    };
    out.push(f3(84, s1t, s0t, s1s0d));
    out.push(f3(85, s1w, s0w, s1s0d));
    // punctuation between
    let pb = inp.between(s0, b0);
    let ps = inp.between(s1, s0);
    out.push(f3(91, s0t, b0t, pb));
    out.push(f3(92, s1t, s0t, ps));
    out.push(f3(93, s0w, b0t, pb));
    out.push(f3(94, s0t, b0w, pb));
    out.push(f3(95, s1w, s0t, ps));
    out.push(f3(96, s1t, s0w, ps));
    // ambiguity classes: robust to tagging errors
    let am = |i: u32| if i == NIL { NONE } else { inp.a[i as usize] };
    let (as0, ab0, ab1, as1) = (am(s0), am(b0), am(b1), am(s1));
    out.push(f1(97, as0));
    out.push(f1(98, ab0));
    out.push(f1(99, ab1));
    out.push(f1(100, as1));
    out.push(f2(101, as0, ab0));
    out.push(f2(102, as0, b0t));
    out.push(f2(103, s0t, ab0));
    out.push(f2(104, as1, as0));
    out.push(f2(105, ab0, ab1));
    // coarse tags and suffixes
    let cu = |i: u32| if i == NIL { NONE } else { inp.e[i as usize].0 };
    let sx = |i: u32| if i == NIL { NONE } else { inp.e[i as usize].1 };
    let (us0, ub0, us1, ub1) = (cu(s0), cu(b0), cu(s1), cu(b1));
    out.push(f2(106, us0, ub0));
    out.push(f2(107, us1, us0));
    out.push(f3(108, us0, ub0, ub1));
    out.push(f3(109, us1, us0, ub0));
    out.push(f2(110, s0t, sx(s0)));
    out.push(f2(111, b0t, sx(b0)));
    out.push(f2(112, sx(s0), ub0));
    out.push(f2(113, us0, sx(b0)));
    out.push(f2(114, s0w, ub0));
    out.push(f2(115, us0, b0w));
    out.push(f3(116, us0, ub0, d));
    out.push(f3(117, us0, cu(s0l1), ub0));
    out.push(f3(118, us0, cu(s0r1), ub0));
    out.push(f3(119, us0, ub0, cu(b0l1)));
    out.push(f2(120, s1t, sx(s1)));
    out.push(f2(121, b1t, sx(b1)));
    out.push(f3(122, us1, us0, ps));
}

/// The dependency parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    root_label: u8,
    /// Lower-cased word hash → ambiguity class hash.
    amb: crate::hash::U64Map<u64>,
    weights: Weights,
}

/// Options for parser training.
#[derive(Debug, Clone)]
pub struct ParserTrainOptions {
    /// Maximum epochs.
    pub epochs: usize,
    /// Seed of the shuffling / exploration PRNG.
    pub seed: u64,
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Stop after this many epochs without dev improvement.
    pub patience: usize,
    /// First epoch (1-based) that explores the model's own errors.
    pub explore_from: usize,
    /// Probability of following the model's prediction when exploring.
    pub explore_p: f64,
    /// Quantised weights below this magnitude are dropped.
    pub prune: i16,
    /// After training, drop quantised weights below this magnitude (450
    /// keeps 40 % of the weights at a cost of < 0.05 UAS on dev).
    pub final_prune: i16,
    /// Number of models trained with different seeds whose averaged
    /// weights are summed (a score-level ensemble in one table).
    pub ensemble: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for ParserTrainOptions {
    fn default() -> Self {
        ParserTrainOptions {
            epochs: 15,
            seed: 1,
            bits: 19,
            patience: 3,
            explore_from: 2,
            explore_p: 0.9,
            prune: 1,
            ensemble: 1,
            final_prune: 450,
            verbose: true,
        }
    }
}

/// Attachment scores.
#[derive(Debug, Clone, Copy, Default)]
pub struct AttachScores {
    /// Unlabelled attachment score (0..1).
    pub uas: f64,
    /// Labelled attachment score (0..1), full DEPREL with subtypes.
    pub las: f64,
    /// Words scored.
    pub words: usize,
}

/// Hash of a (XPOS, UPOS) tag pair as the parser sees it.
#[inline]
pub(crate) fn tag_hash(xpos: &str, upos: &str) -> u64 {
    mix(fnv1a(xpos.as_bytes()), fnv1a(upos.as_bytes()))
}

type Hashed = (Vec<u64>, Vec<u64>, Vec<(u64, u64)>);

fn hash_inputs(words: &[&str], tags: &[(&str, &str)]) -> Hashed {
    let mut w = Vec::with_capacity(words.len() + 1);
    let mut t = Vec::with_capacity(words.len() + 1);
    let mut e = Vec::with_capacity(words.len() + 1);
    w.push(0x5f5f_726f_6f74);
    t.push(0x5f5f_726f_6f74);
    e.push((0x5f5f_726f_6f74, 0x5f5f_726f_6f74));
    for (x, y) in words.iter().zip(tags) {
        w.push(hash_lower(x));
        t.push(tag_hash(y.0, y.1));
        e.push((fnv1a(y.1.as_bytes()), crate::tagger::tok_hash(x).suf[2]));
    }
    (w, t, e)
}

impl Parser {
    fn nl(&self) -> usize {
        self.labels.len()
    }

    /// Label name by id.
    pub fn label(&self, id: u8) -> &str {
        self.labels
            .get(id as usize)
            .map(|s| s.as_str())
            .unwrap_or("dep")
    }

    /// Drops weights whose quantised magnitude is below `k` (smaller model).
    pub fn prune(&mut self, k: i16) {
        self.weights.prune(k);
    }

    /// Number of non-zero weights.
    pub fn nonzero_weights(&self) -> usize {
        self.weights.nonzero()
    }

    /// Parses one sentence given its words and XPOS and UPOS tags. Returns 1-based
    /// heads (0 = root) and label ids.
    pub fn parse(&self, words: &[&str], xpos: &[&str], upos: &[&str]) -> (Vec<usize>, Vec<u8>) {
        let tags: Vec<(&str, &str)> = xpos.iter().copied().zip(upos.iter().copied()).collect();
        let (w, t, e) = hash_inputs(words, &tags);
        self.parse_hashed(&w, &t, &e)
    }

    pub(crate) fn parse_hashed(
        &self,
        w: &[u64],
        t: &[u64],
        e: &[(u64, u64)],
    ) -> (Vec<usize>, Vec<u8>) {
        let n = w.len().saturating_sub(1);
        let mut st = State::new(n);
        let inp = Input::new(w, t, e, &self.amb);
        let nc = self.weights.classes();
        let l = self.nl();
        let mut scores = vec![0i32; nc];
        let mut feats = Vec::with_capacity(128);
        while !st.terminal() {
            features(&st, &inp, &mut feats);
            self.weights.score(&feats, &mut scores);
            let (k, lab) = best_valid(&st, &scores, l, self.root_label, None);
            st.apply(k, lab);
        }
        let heads = st.head[1..]
            .iter()
            .map(|&h| if h == NIL { 0 } else { h as usize })
            .collect();
        (heads, st.label[1..].to_vec())
    }

    /// Scores against gold trees (the XPOS and UPOS columns are the input tags).
    pub fn evaluate(&self, gold: &[Sentence]) -> AttachScores {
        let (mut u, mut l, mut t) = (0usize, 0usize, 0usize);
        for s in gold {
            let forms = s.forms();
            let tags: Vec<(&str, &str)> = s
                .words
                .iter()
                .map(|w| (w.xpos.as_str(), w.upos.as_str()))
                .collect();
            let (wh, th, eh) = hash_inputs(&forms, &tags);
            let (h, lab) = self.parse_hashed(&wh, &th, &eh);
            for (i, wd) in s.words.iter().enumerate() {
                let ok = wd.head == Some(h[i]);
                u += ok as usize;
                l += (ok && self.label(lab[i]) == wd.deprel) as usize;
                t += 1;
            }
        }
        let d = t.max(1) as f64;
        AttachScores {
            uas: u as f64 / d,
            las: l as f64 / d,
            words: t,
        }
    }

    /// Trains on `train` (its XPOS column should hold the tags the parser
    /// will see at run time, e.g. predicted tags), early-stopping on `dev`.
    pub fn train(train: &[Sentence], dev: &[Sentence], opts: &ParserTrainOptions) -> Parser {
        let mut freq: HashMap<&str, usize> = HashMap::new();
        for s in train {
            for w in &s.words {
                *freq.entry(w.deprel.as_str()).or_default() += 1;
            }
        }
        let mut labels: Vec<(&str, usize)> = freq.into_iter().collect();
        labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut labels: Vec<String> = labels.into_iter().map(|x| x.0.to_string()).collect();
        if !labels.iter().any(|l| l == "root") {
            labels.push("root".into());
        }
        labels.truncate(200);
        let lid: HashMap<&str, u8> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i as u8))
            .collect();
        let root_label = lid["root"];
        let l = labels.len();
        let nc = 1 + 2 * l;
        // ambiguity classes from the (predicted) training tags
        let mut seen: HashMap<u64, (u32, Vec<u64>)> = HashMap::new();
        for s in train {
            for w in &s.words {
                let e = seen.entry(hash_lower(&w.form)).or_default();
                e.0 += 1;
                let th = tag_hash(&w.xpos, &w.upos);
                if !e.1.contains(&th) {
                    e.1.push(th);
                }
            }
        }
        let amb: crate::hash::U64Map<u64> = seen
            .into_iter()
            .filter(|(_, (f, _))| *f >= 2)
            .map(|(k, (_, mut v))| {
                v.sort_unstable();
                (k, v.iter().fold(NONE, |h, &x| mix(h, x)))
            })
            .collect();
        // prepare data
        let data: Vec<Ex> = train
            .iter()
            .filter(|s| s.words.iter().all(|w| w.head.is_some()))
            .map(|s| {
                let forms = s.forms();
                let tags: Vec<(&str, &str)> = s
                    .words
                    .iter()
                    .map(|w| (w.xpos.as_str(), w.upos.as_str()))
                    .collect();
                let (w, t, e) = hash_inputs(&forms, &tags);
                let mut gh = vec![NIL];
                let mut gl = vec![0u8];
                for wd in &s.words {
                    gh.push(wd.head.unwrap_or(0) as u32);
                    gl.push(*lid.get(wd.deprel.as_str()).unwrap_or(&0));
                }
                Ex { w, t, e, gh, gl }
            })
            .collect();
        let mut sum: Option<Vec<f32>> = None;
        for m in 0..opts.ensemble.max(1) {
            let seed = opts.seed.wrapping_add(m as u64 * 7919);
            let avg = train_one(&data, dev, &labels, root_label, &amb, seed, opts);
            sum = Some(match sum {
                None => avg,
                Some(mut s) => {
                    s.iter_mut().zip(&avg).for_each(|(a, b)| *a += b);
                    s
                }
            });
            if opts.verbose && opts.ensemble > 1 {
                let p = Parser {
                    labels: labels.clone(),
                    root_label,
                    amb: amb.clone(),
                    weights: model::quantise(
                        opts.bits,
                        nc,
                        sum.as_deref().unwrap_or(&[]),
                        opts.prune,
                    ),
                };
                let sc = p.evaluate(dev);
                eprintln!(
                    "parser ensemble of {}: dev UAS {:.2}% LAS {:.2}% nonzero {}",
                    m + 1,
                    100.0 * sc.uas,
                    100.0 * sc.las,
                    p.weights.nonzero()
                );
            }
        }
        let mut weights = model::quantise(opts.bits, nc, &sum.unwrap_or_default(), opts.prune);
        weights.prune(opts.final_prune);
        Parser {
            labels,
            root_label,
            amb,
            weights,
        }
    }

    /// Serialises to the model file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.var(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        w.u8(self.root_label);
        let mut amb: Vec<_> = self.amb.iter().collect();
        amb.sort();
        w.var(amb.len() as u64);
        let mut last = 0u64;
        for (k, v) in amb {
            w.var(k - last);
            last = *k;
            w.var(*v);
        }
        self.weights.write(&mut w);
        model::wrap(ModelKind::Parser, &w.0)
    }

    /// Reads a parser from model file bytes; `name` is used in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Parser, ModelError> {
        Self::parse_bytes(bytes).map_err(|k| ModelError::new(name, k))
    }

    fn parse_bytes(bytes: &[u8]) -> Result<Parser, ModelErrorKind> {
        let payload = model::unwrap(ModelKind::Parser, bytes)?;
        let mut r = Reader::new(payload);
        let n = r.var()? as usize;
        if n == 0 || n > 200 {
            return Err(ModelErrorKind::Malformed(format!("bad label count {n}")));
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(r.str()?);
        }
        let root_label = r.u8()?;
        if root_label as usize >= n {
            return Err(ModelErrorKind::Malformed("root label out of range".into()));
        }
        let na = r.var()? as usize;
        let mut amb =
            crate::hash::U64Map::with_capacity_and_hasher(na.min(1 << 20), Default::default());
        let mut last = 0u64;
        for _ in 0..na {
            last = last.wrapping_add(r.var()?);
            amb.insert(last, r.var()?);
        }
        let weights = Weights::read(&mut r)?;
        if weights.classes() != 1 + 2 * n {
            return Err(ModelErrorKind::Malformed("weight table class count".into()));
        }
        r.done()?;
        Ok(Parser {
            labels,
            root_label,
            amb,
            weights,
        })
    }

    /// Loads a parser model file.
    pub fn load(path: &std::path::Path) -> Result<Parser, ModelError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ModelError::new(&name, e.into()))?;
        Self::from_bytes(&bytes, &name)
    }
}

#[inline]
fn class_of(kind: u8, lab: u8, l: usize) -> usize {
    match kind {
        0 => 0,
        1 => 1 + lab as usize,
        _ => 1 + l + lab as usize,
    }
}

/// Best valid (kind, label). With `costs`, only minimum-cost actions qualify.
#[inline]
fn best_valid(st: &State, scores: &[i32], l: usize, root: u8, costs: Option<&[u32]>) -> (u8, u8) {
    let (sh, le, ri, ri_root) = st.valid();
    let min = costs.map(|c| {
        let mut m = u32::MAX;
        if sh {
            m = m.min(c[0]);
        }
        for lab in 0..l {
            if le && lab != root as usize {
                m = m.min(c[1 + lab]);
            }
            if ri && ((lab == root as usize) == ri_root) {
                m = m.min(c[1 + l + lab]);
            }
        }
        m
    });
    let ok = |cls: usize| match (costs, min) {
        (Some(c), Some(m)) => c[cls] == m,
        _ => true,
    };
    let mut best = (0u8, 0u8);
    let mut bv = i64::MIN;
    if sh && ok(0) {
        bv = scores[0] as i64;
    }
    if le {
        for lab in 0..l {
            if lab == root as usize {
                continue;
            }
            let c = 1 + lab;
            if ok(c) && (scores[c] as i64) > bv {
                bv = scores[c] as i64;
                best = (1, lab as u8);
            }
        }
    }
    if ri {
        if ri_root {
            let c = 1 + l + root as usize;
            if ok(c) && (scores[c] as i64) > bv {
                best = (2, root);
            }
        } else {
            for lab in 0..l {
                if lab == root as usize {
                    continue;
                }
                let c = 1 + l + lab;
                if ok(c) && (scores[c] as i64) > bv {
                    bv = scores[c] as i64;
                    best = (2, lab as u8);
                }
            }
        }
    }
    best
}

/// Dynamic-oracle costs of every transition (Goldberg & Nivre 2013, arc-hybrid).
fn action_costs(st: &State, gh: &[u32], gl: &[u8], l: usize, _root: u8, costs: &mut [u32]) {
    costs.iter_mut().for_each(|c| *c = 0);
    let n = st.n;
    let b0 = st.b;
    let s0 = st.s(0);
    let s1 = st.s(1);
    // SHIFT
    if b0 <= n {
        let mut c = 0;
        let h = gh[b0];
        if h != s0 && st.stack.contains(&h) {
            c += 1;
        }
        for &d in &st.stack {
            if d != 0 && gh[d as usize] == b0 as u32 {
                c += 1;
            }
        }
        costs[0] = c;
    }
    if s0 == NIL || s0 == 0 {
        return;
    }
    let s0u = s0 as usize;
    // dependents of s0 still in the buffer
    let deps_in_buf = gh
        .get(b0..=n)
        .map_or(0, |r| r.iter().filter(|&&h| h == s0).count() as u32);
    let h = gh[s0u];
    // LEFT: s0 <- b0
    if b0 <= n {
        let mut c = deps_in_buf;
        if h != b0 as u32 && (h == s1 || (h as usize > b0 && h as usize <= n)) {
            c += 1;
        }
        for lab in 0..l {
            costs[1 + lab] = c + (h == b0 as u32 && gl[s0u] != lab as u8) as u32;
        }
    }
    // RIGHT: s1 -> s0
    if s1 != NIL {
        let mut c = deps_in_buf;
        if h as usize >= b0 && h as usize <= n {
            c += 1;
        }
        for lab in 0..l {
            costs[1 + l + lab] = c + (h == s1 && gl[s0u] != lab as u8) as u32;
        }
    }
}

/// One training example.
struct Ex {
    w: Vec<u64>,
    t: Vec<u64>,
    e: Vec<(u64, u64)>,
    gh: Vec<u32>,
    gl: Vec<u8>,
}

/// Trains one model; returns the averaged weights of the best dev epoch.
fn train_one(
    data: &[Ex],
    dev: &[Sentence],
    labels: &[String],
    root_label: u8,
    amb: &crate::hash::U64Map<u64>,
    seed: u64,
    opts: &ParserTrainOptions,
) -> Vec<f32> {
    let l = labels.len();
    let nc = 1 + 2 * l;
    let mut tw = TrainWeights::new(opts.bits, nc);
    let mut rng = Rng::new(seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut best: Option<(f64, Vec<f32>)> = None;
    let mut since = 0;
    let mut feats = Vec::with_capacity(128);
    let mut scores = vec![0i32; nc];
    let mut costs = vec![0u32; nc];
    for epoch in 1..=opts.epochs {
        rng.shuffle(&mut order);
        let explore = epoch >= opts.explore_from;
        let (mut right, mut total) = (0usize, 0usize);
        for &ei in &order {
            let ex = &data[ei];
            let n = ex.w.len() - 1;
            let mut st = State::new(n);
            let inp = Input::new(&ex.w, &ex.t, &ex.e, amb);
            while !st.terminal() {
                features(&st, &inp, &mut feats);
                tw.score(&feats, &mut scores);
                action_costs(&st, &ex.gh, &ex.gl, l, root_label, &mut costs);
                let (pk, pl) = best_valid(&st, &scores, l, root_label, None);
                let pred = class_of(pk, pl, l);
                let (gk, glab) = best_valid(&st, &scores, l, root_label, Some(&costs));
                let gold = class_of(gk, glab, l);
                if costs[pred] > costs[gold] {
                    tw.update(&feats, gold, pred);
                } else {
                    right += 1;
                }
                total += 1;
                tw.c += 1;
                if explore && costs[pred] > costs[gold] && rng.next_f64() < opts.explore_p {
                    st.apply(pk, pl);
                } else {
                    st.apply(gk, glab);
                }
            }
        }
        let cand = Parser {
            labels: labels.to_vec(),
            root_label,
            amb: amb.clone(),
            weights: tw.quantise(opts.prune),
        };
        let sc = cand.evaluate(dev);
        if opts.verbose {
            eprintln!(
                    "parser epoch {epoch}: train transitions {:.2}% dev UAS {:.2}% LAS {:.2}% nonzero {}",
                    100.0 * right as f64 / total.max(1) as f64,
                    100.0 * sc.uas,
                    100.0 * sc.las,
                    cand.weights.nonzero()
                );
        }
        if best.as_ref().is_none_or(|b| sc.las > b.0) {
            best = Some((sc.las, tw.averaged()));
            since = 0;
        } else {
            since += 1;
            if since >= opts.patience {
                break;
            }
        }
    }
    best.map(|b| b.1).unwrap_or_else(|| tw.averaged())
}
