//! Rule-based English lemmatiser.
//!
//! Three layers, first match wins:
//! 1. exceptions learned from the training treebank (only the (form, XPOS)
//!    pairs where the rules below disagree with the gold lemma), stored in
//!    the tagger model file;
//! 2. our own lists of irregular forms (strong verbs, irregular plurals,
//!    comparatives, clitics and pronouns);
//! 3. suffix rules conditioned on the Penn XPOS tag (`-ies` → `-y`,
//!    consonant undoubling, silent-`e` restoration, …).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::conllu::Sentence;
use crate::model::{ModelErrorKind, Reader, Writer};

/// Strong and irregular verbs: `base past participle`, alternatives joined by `/`.
const VERBS: &str = "arise arose arisen|awake awoke awoken|be was/were been|bear bore borne/born|\
beat beat beaten|become became become|begin began begun|bend bent bent|bet bet bet|bid bid bid|\
bind bound bound|bite bit bitten|bleed bled bled|blow blew blown|break broke broken|breed bred bred|\
bring brought brought|broadcast broadcast broadcast|build built built|burn burnt burnt|\
burst burst burst|buy bought bought|cast cast cast|catch caught caught|choose chose chosen|\
cling clung clung|come came come|cost cost cost|creep crept crept|cut cut cut|deal dealt dealt|\
dig dug dug|do did done|draw drew drawn|dream dreamt dreamt|drink drank drunk|drive drove driven|\
dwell dwelt dwelt|eat ate eaten|fall fell fallen|feed fed fed|feel felt felt|fight fought fought|\
find found found|flee fled fled|fling flung flung|fly flew flown|forbid forbade forbidden|\
forecast forecast forecast|foresee foresaw foreseen|foretell foretold foretold|forget forgot forgotten|\
forgive forgave forgiven|freeze froze frozen|get got gotten/got|give gave given|go went gone|\
grind ground ground|grow grew grown|hang hung hung|have had had|hear heard heard|hide hid hidden|\
hit hit hit|hold held held|hurt hurt hurt|keep kept kept|kneel knelt knelt|know knew known|\
lay laid laid|lead led led|lean leant leant|leap leapt leapt|learn learnt learnt|leave left left|\
lend lent lent|let let let|lie lay lain|light lit lit|lose lost lost|make made made|mean meant meant|\
meet met met|mislead misled misled|mistake mistook mistaken|misunderstand misunderstood misunderstood|\
outdo outdid outdone|overcome overcame overcome|overhear overheard overheard|override overrode overridden|\
oversee oversaw overseen|overtake overtook overtaken|overthrow overthrew overthrown|pay paid paid|\
prove proved proven|put put put|quit quit quit|read read read|rebuild rebuilt rebuilt|redo redid redone|\
remake remade remade|repay repaid repaid|rethink rethought rethought|rewrite rewrote rewritten|\
rid rid rid|ride rode ridden|ring rang rung|rise rose risen|run ran run|say said said|see saw seen|\
seek sought sought|sell sold sold|send sent sent|set set set|sew sewed sewn|shake shook shaken|\
shed shed shed|shine shone shone|shoot shot shot|show showed shown|shrink shrank shrunk|shut shut shut|\
sing sang sung|sink sank sunk|sit sat sat|sleep slept slept|slide slid slid|sling slung slung|\
slit slit slit|smell smelt smelt|sow sowed sown|speak spoke spoken|speed sped sped|spell spelt spelt|\
spend spent spent|spill spilt spilt|spin spun spun|spit spat spat|split split split|spoil spoilt spoilt|\
spread spread spread|spring sprang sprung|stand stood stood|steal stole stolen|stick stuck stuck|\
sting stung stung|stink stank stunk|stride strode stridden|strike struck struck/stricken|\
string strung strung|strive strove striven|swear swore sworn|sweep swept swept|swell swelled swollen|\
swim swam swum|swing swung swung|take took taken|teach taught taught|tear tore torn|tell told told|\
think thought thought|throw threw thrown|thrust thrust thrust|tread trod trodden|\
undergo underwent undergone|understand understood understood|undertake undertook undertaken|\
undo undid undone|uphold upheld upheld|upset upset upset|wake woke woken|wear wore worn|\
weave wove woven|wed wed wed|weep wept wept|win won won|wind wound wound|withdraw withdrew withdrawn|\
withhold withheld withheld|withstand withstood withstood|wring wrung wrung|write wrote written|\
behold beheld beheld|befall befell befallen|beset beset beset|bust bust bust|input input input|\
mow mowed mown|offset offset offset|outgrow outgrew outgrown|outrun outran outrun|overdo overdid overdone|\
overeat overate overeaten|overpay overpaid overpaid|oversleep overslept overslept|partake partook partaken|\
reset reset reset|resell resold resold|retake retook retaken|retell retold retold|\
shear sheared shorn|slay slew slain|stave stove stove|sunburn sunburnt sunburnt|\
typeset typeset typeset|unwind unwound unwound|uphold upheld upheld|upend upended upended|\
waylay waylaid waylaid|abide abode abode|bespeak bespoke bespoken|beget begot begotten|\
cleave cleft cleft|forsake forsook forsaken|hew hewed hewn|inlay inlaid inlaid|knit knit knit|\
mislay mislaid mislaid|misread misread misread|outbid outbid outbid|outshine outshone outshone|\
prepay prepaid prepaid|proofread proofread proofread|rebind rebound rebound|\
relay relayed relayed|resit resat resat|sublet sublet sublet|swell swelled swollen|\
telecast telecast telecast|underpay underpaid underpaid|undersell undersold undersold|\
underwrite underwrote underwritten|unfreeze unfroze unfrozen|wet wet wet|spit spat spat|\
leave left left|plead pled pled|dive dove dived|sneak snuck snuck|light lit lit|fit fit fit";

/// Irregular plurals: `plural singular`.
const NOUNS: &str = "men man|women woman|children child|feet foot|teeth tooth|geese goose|\
mice mouse|lice louse|oxen ox|criteria criterion|phenomena phenomenon|analyses analysis|\
crises crisis|theses thesis|diagnoses diagnosis|hypotheses hypothesis|indices index|\
appendices appendix|matrices matrix|vertices vertex|cacti cactus|fungi fungus|nuclei nucleus|\
stimuli stimulus|alumni alumnus|syllabi syllabus|wives wife|lives life|knives knife|wolves wolf|\
leaves leaf|halves half|selves self|shelves shelf|thieves thief|loaves loaf|calves calf|elves elf|\
scarves scarf|hooves hoof|dwarves dwarf|headquarters headquarters|series series|species species|\
news news|sheep sheep|deer deer|fish fish|aircraft aircraft|means means|police police|corps corps|\
shoes shoe|toes toe|canoes canoe|foes foe|hoes hoe|oboes oboe|tiptoes tiptoe|businessmen businessman|\
businesswomen businesswoman|chairmen chairman|congressmen congressman|spokesmen spokesman|\
spokeswomen spokeswoman|gunmen gunman|policemen policeman|firemen fireman|fishermen fisherman|\
servicemen serviceman|militiamen militiaman|countrymen countryman|statesmen statesman|\
gentlemen gentleman|kinsmen kinsman|tribesmen tribesman|clergymen clergyman|noblemen nobleman|\
grandchildren grandchild|stepchildren stepchild|dice die|pence penny|bacteria bacterium|\
curricula curriculum|memoranda memorandum|strata stratum|millennia millennium|\
movies movie|cookies cookie|zombies zombie|calories calorie|rookies rookie|pies pie|ties tie|\
lies lie|prairies prairie|brownies brownie|hippies hippie|selfies selfie|sorties sortie|\
goalies goalie|aunties auntie|genies genie|freebies freebie|aches ache|headaches headache|\
niches niche|caches cache|avalanches avalanche|cliches cliche|moustaches moustache|\
buses bus|bonuses bonus|viruses virus|statuses status|campuses campus|censuses census|\
focuses focus|consensuses consensus|circuses circus|surpluses surplus|octopuses octopus|\
choruses chorus|syllabuses syllabus|sinuses sinus|fetuses fetus|lotuses lotus|walruses walrus|\
cactuses cactus|hiatuses hiatus|nexuses nexus|gases gas|atlases atlas|aliases alias|\
canvases canvas|biases bias|lenses lens|irises iris|apparatuses apparatus|prospectuses prospectus|\
potatoes potato|tomatoes tomato|heroes hero|echoes echo|vetoes veto|torpedoes torpedo|\
embargoes embargo|volcanoes volcano|mosquitoes mosquito|dominoes domino|tornadoes tornado";

/// Forms with the same lemma whatever their tag: `form lemma`.
const CLOSED: &str = "am be|are be|is be|was be|were be|been be|being be|'m be|'re be|\
has have|had have|having have|'ve have|does do|did do|doing do|done do|n't not|\
ca can|wo will|'ll will|sha shall|me I|i I|him he|them they|us we|\
myself myself|dying die|lying lie|tying tie|vying vie|eyeing eye";

/// Comparatives and superlatives: `form lemma`.
const ADJ: &str = "better good|best good|worse bad|worst bad|further far|furthest far|\
farther far|farthest far|elder old|eldest old|less less|least least|more more|most most";

/// Stems that keep `-ll` when `-ed`/`-ing` is removed are the default; these undouble.
const LL_UNDOUBLE: &str = "control compel patrol propel expel repel excel cancel label travel \
model level fuel signal total dial marshal enrol instil fulfil distil rebel annul equal \
channel tunnel counsel parcel shovel quarrel fuel jewel duel cruel pencil panel";

/// Doubled final consonants that are part of the stem.
const KEEP_DOUBLE: &str = "add err odd ebb egg inn purr putt butt mitt buzz fizz jazz whizz";

struct Tables {
    past: HashMap<&'static str, &'static str>,
    /// Irregular forms → (is simple past, is past participle).
    past_kind: HashMap<&'static str, (bool, bool)>,
    /// Base forms of the irregular verbs.
    bases: std::collections::HashSet<&'static str>,
    nouns: HashMap<&'static str, &'static str>,
    closed: HashMap<&'static str, &'static str>,
    adj: HashMap<&'static str, &'static str>,
    ll: std::collections::HashSet<&'static str>,
    keep: std::collections::HashSet<&'static str>,
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let mut past = HashMap::new();
        let mut past_kind: HashMap<&str, (bool, bool)> = HashMap::new();
        let mut bases = std::collections::HashSet::new();
        for e in VERBS.split('|') {
            let mut it = e.split_whitespace();
            let (Some(base), Some(p), Some(pp)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            bases.insert(base);
            for f in p.split('/') {
                past_kind.entry(f).or_default().0 = true;
            }
            for f in pp.split('/') {
                past_kind.entry(f).or_default().1 = true;
            }
            for f in p.split('/').chain(pp.split('/')) {
                if f != base {
                    past.entry(f).or_insert(base);
                }
            }
        }
        let pairs = |s: &'static str| -> HashMap<&'static str, &'static str> {
            s.split('|')
                .filter_map(|e| {
                    let mut it = e.split_whitespace();
                    Some((it.next()?, it.next()?))
                })
                .collect()
        };
        Tables {
            past,
            past_kind,
            bases,
            nouns: pairs(NOUNS),
            closed: pairs(CLOSED),
            adj: pairs(ADJ),
            ll: LL_UNDOUBLE.split_whitespace().collect(),
            keep: KEEP_DOUBLE.split_whitespace().collect(),
        }
    })
}

/// Number of irregular forms written into the lemmatiser's own tables.
pub fn irregular_count() -> usize {
    let t = tables();
    t.past.len() + t.nouns.len() + t.closed.len() + t.adj.len()
}

/// The lemmatiser.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    learned: HashMap<(String, String), String>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn cons(c: u8) -> bool {
    c.is_ascii_lowercase() && !is_vowel(c)
}

/// Does a stem left by removing `-ed`/`-ing`/`-er`/`-est` need its silent `e` back?
fn needs_e(stem: &str) -> bool {
    let b = stem.as_bytes();
    let n = b.len();
    if n < 2 {
        return false;
    }
    let c1 = b[n - 1];
    let c2 = b[n - 2];
    let c3 = if n >= 3 { b[n - 3] } else { b' ' };
    let c4 = if n >= 4 { b[n - 4] } else { b' ' };
    let cvc = is_vowel(c2) && (cons(c3) || c3 == b' ' || c3 == b'q');
    match c1 {
        b'v' | b'c' => true,
        b'z' => c2 != b't' && c2 != b'z',
        b's' => {
            c2 != b's'
                && !["focus", "bias", "gas", "bus", "canvas", "nonplus"]
                    .iter()
                    .any(|x| stem.ends_with(x))
        }
        b'g' => match c2 {
            b'd' | b'r' | b'l' => true,
            b'n' => {
                c3 == b'e'
                    || (c3 == b'a' && matches!(c4, b'h' | b'r'))
                    || (c3 == b'u' && matches!(c4, b'l' | b'p'))
            }
            _ => cvc,
        },
        b'h' => c2 == b't' && c3 != b'r',
        b'l' => {
            if cons(c2) {
                !matches!(c2, b'l' | b'r' | b'w')
            } else {
                cvc && matches!(c2, b'i' | b'o' | b'u' | b'y' | b'a')
            }
        }
        b'r' => cvc && matches!(c2, b'a' | b'i' | b'u'),
        b'm' | b'd' | b'b' | b'k' | b'f' => cvc,
        b'n' => cvc && matches!(c2, b'i' | b'u' | b'a'),
        b'p' => cvc && (c2 != b'e') && (c2 != b'o' || n <= 4),
        b't' => {
            cvc && match c2 {
                b'a' | b'o' | b'u' => true,
                b'i' => n <= 4,
                _ => false,
            }
        }
        _ => false,
    }
}

/// Removes a doubled final consonant (`stopp` → `stop`) where appropriate.
fn undouble(stem: &str) -> Option<&str> {
    let b = stem.as_bytes();
    let n = b.len();
    if n < 3 || b[n - 1] != b[n - 2] {
        return None;
    }
    let t = tables();
    if t.keep.iter().any(|k| stem.ends_with(k)) {
        return None;
    }
    if !b[n - 1].is_ascii_lowercase() {
        return None;
    }
    // the last byte is ASCII, so slicing before it is on a char boundary
    let short = &stem[..n - 1];
    match b[n - 1] {
        b'b' | b'd' | b'g' | b'k' | b'm' | b'n' | b'p' | b'r' | b't' | b'v' | b'z' => Some(short),
        b'l' if t.ll.iter().any(|w| short.ends_with(w)) => Some(short),
        _ => None,
    }
}

fn restore(stem: &str) -> String {
    if let Some(s) = undouble(stem) {
        return s.to_string();
    }
    if needs_e(stem) {
        format!("{stem}e")
    } else {
        stem.to_string()
    }
}

fn noun_plural(w: &str) -> String {
    let n = w.len();
    if let Some(s) = tables().nouns.get(w) {
        return s.to_string();
    }
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 4
        && (w.ends_with("sses")
            || w.ends_with("shes")
            || w.ends_with("ches")
            || w.ends_with("xes")
            || w.ends_with("zzes"))
    {
        return w[..n - 2].to_string();
    }
    if n > 3 && w.ends_with("oes") {
        return w[..n - 2].to_string();
    }
    if n > 2 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn verb_s(w: &str) -> String {
    let n = w.len();
    if let Some(s) = tables().nouns.get(w) {
        if w.ends_with("uses") || w.ends_with("ases") {
            return s.to_string();
        }
    }
    if n > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..n - 3]);
    }
    if n > 3
        && (w.ends_with("sses")
            || w.ends_with("shes")
            || w.ends_with("ches")
            || w.ends_with("xes")
            || w.ends_with("zzes")
            || w.ends_with("oes"))
    {
        return w[..n - 2].to_string();
    }
    if n > 2 && w.ends_with('s') && !w.ends_with("ss") {
        return w[..n - 1].to_string();
    }
    w.to_string()
}

fn verb_ed(w: &str) -> String {
    let n = w.len();
    if let Some(s) = tables().past.get(w) {
        return s.to_string();
    }
    if w.ends_with("ied") {
        return if n <= 4 {
            w[..n - 1].to_string()
        } else {
            format!("{}y", &w[..n - 3])
        };
    }
    if n > 3 && (w.ends_with("eed") || w.ends_with("ued") || w.ends_with("yed") && n <= 4) {
        return w[..n - 1].to_string();
    }
    if n > 4 && w.ends_with("oed") {
        return w[..n - 2].to_string();
    }
    if n > 3 && w.ends_with("ed") {
        return restore(&w[..n - 2]);
    }
    w.to_string()
}

fn verb_ing(w: &str) -> String {
    let n = w.len();
    if n > 4 && w.ends_with("ing") {
        let stem = &w[..n - 3];
        if stem.ends_with('e') || stem.ends_with('y') {
            return stem.to_string();
        }
        return restore(stem);
    }
    w.to_string()
}

fn degree(w: &str, suffix: &str) -> String {
    if let Some(s) = tables().adj.get(w) {
        return s.to_string();
    }
    let n = w.len();
    let k = suffix.len();
    if n > k + 2 && w.ends_with(suffix) {
        let stem = &w[..n - k];
        if let Some(s) = stem.strip_suffix('i') {
            return format!("{s}y");
        }
        return restore(stem);
    }
    w.to_string()
}

/// For an irregular verb form that is not also a base form (`fought`,
/// `held`, not `found` or `saw`): (simple past?, past participle?).
pub fn irregular_past(lower: &str) -> Option<(bool, bool)> {
    let t = tables();
    if t.bases.contains(lower) {
        return None;
    }
    t.past_kind.get(lower).copied().filter(|k| k.0 || k.1)
}

/// Rule layer only (no learned exceptions).
fn rules(lower: &str, xpos: &str) -> String {
    let t = tables();
    // tagging errors on irregular past forms: trust the form when unambiguous
    if (xpos.starts_with("VB") || xpos == "MD") && !t.bases.contains(lower) {
        if let Some(b) = t.past.get(lower) {
            return b.to_string();
        }
    }
    if let Some(l) = t.closed.get(lower) {
        if xpos.starts_with('V') || xpos.starts_with("PRP") || xpos == "MD" || xpos == "RB" {
            return l.to_string();
        }
    }
    match xpos {
        "NNS" => noun_plural(lower),
        "VBZ" => verb_s(lower),
        "VBD" | "VBN" => verb_ed(lower),
        "VBG" => verb_ing(lower),
        "JJR" | "RBR" => degree(lower, "er"),
        "JJS" | "RBS" => degree(lower, "est"),
        _ => lower.to_string(),
    }
}

fn rule_lemma(form: &str, xpos: &str, upos: &str) -> String {
    if xpos == "NNP" || (upos == "PROPN" && xpos != "NNPS") {
        // all-lower-case proper nouns get a capital (kerala -> Kerala)
        let mut c = form.chars();
        if let Some(f) = c.next() {
            if f.is_lowercase() && form.chars().all(|x| x.is_lowercase()) {
                return f.to_uppercase().chain(c).collect();
            }
        }
        return form.to_string();
    }
    if xpos == "NNPS" {
        // keep the capitalisation, strip the plural
        let lower = form.to_lowercase();
        let l = noun_plural(&lower);
        if l.len() <= form.len()
            && form.is_char_boundary(l.len())
            && form[..l.len()].eq_ignore_ascii_case(&l)
        {
            return form[..l.len()].to_string();
        }
        return form.to_string();
    }
    let lower = normalise_apostrophe(&form.to_lowercase());
    rules(&lower, xpos)
}

fn normalise_apostrophe(s: &str) -> String {
    if s.contains('\u{2019}') {
        s.replace('\u{2019}', "'")
    } else {
        s.to_string()
    }
}

impl Lemmatizer {
    /// A lemmatiser with rules and irregular lists only.
    pub fn rules_only() -> Self {
        Lemmatizer::default()
    }

    /// Lemma of `form` given its XPOS and UPOS tags.
    pub fn lemmatize(&self, form: &str, xpos: &str, upos: &str) -> String {
        if !self.learned.is_empty() {
            let lower = form.to_lowercase();
            if let Some(l) = self.learned.get(&(lower, xpos.to_string())) {
                return l.clone();
            }
        }
        rule_lemma(form, xpos, upos)
    }

    /// Learns exceptions: (form, XPOS) pairs whose most frequent gold lemma
    /// the rules get wrong (seen at least twice, or once if the rules fail).
    pub fn learn(train: &[Sentence]) -> Self {
        let mut counts: HashMap<(String, String), HashMap<String, u32>> = HashMap::new();
        for s in train {
            for w in &s.words {
                if w.lemma == "_" {
                    continue;
                }
                *counts
                    .entry((w.form.to_lowercase(), w.xpos.clone()))
                    .or_default()
                    .entry(w.lemma.clone())
                    .or_default() += 1;
            }
        }
        let mut learned = HashMap::new();
        for ((form, xpos), m) in counts {
            let Some((best, _)) = m.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) else {
                continue;
            };
            // Proper nouns keep their form; do not learn them (case varies).
            if xpos == "NNP" {
                continue;
            }
            let upos = "";
            if rule_lemma(&form, &xpos, upos) != *best {
                // Only lower-case-insensitive lemmas generalise across casing.
                learned.insert((form, xpos), best.clone());
            }
        }
        Lemmatizer { learned }
    }

    /// Number of learned exceptions.
    pub fn learned_len(&self) -> usize {
        self.learned.len()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let mut v: Vec<_> = self.learned.iter().collect();
        v.sort();
        w.var(v.len() as u64);
        for ((f, x), l) in v {
            w.str(f);
            w.str(x);
            w.str(l);
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, ModelErrorKind> {
        let n = r.var()? as usize;
        let mut learned = HashMap::with_capacity(n.min(1 << 20));
        for _ in 0..n {
            let f = r.str()?;
            let x = r.str()?;
            let l = r.str()?;
            learned.insert((f, x), l);
        }
        Ok(Lemmatizer { learned })
    }
}
