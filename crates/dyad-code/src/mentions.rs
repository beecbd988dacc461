//! Actors in a sentence: dictionary matches, noun phrases resolved to
//! codes, agents combined with their country, and the document's memory of
//! who was named, for pronouns and descriptions.

use dyad_dict::{ActorDict, ActorKind, Day, PhraseRole};
use dyad_text::Token;

use crate::tree::Tree;

/// An actor as the coder resolved it, with the text that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorRef {
    /// The CAMEO code on the document's date.
    pub code: String,
    /// The naming text.
    pub text: String,
    /// First byte in the document.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether the actor is a person (for "he"/"she").
    pub person: bool,
}

impl ActorRef {
    /// The country part of the code, if it has one.
    pub fn country(&self) -> Option<&str> {
        let c = dyad_dict::country_part(&self.code);
        (c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())).then_some(c)
    }
    /// The sector part (`GOV` of `CHNGOV`), if any.
    pub fn sector(&self) -> Option<&str> {
        let c = dyad_dict::country_part(&self.code);
        (self.code.len() > c.len()).then(|| &self.code[c.len()..])
    }
}

/// One dictionary match in a sentence, on 1-based token ids `start..end`.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: ActorKind,
    pub(crate) role: PhraseRole,
    pub(crate) code: String,
}

impl Found {
    /// The byte span `(start, end)` of the match in the document, given
    /// its sentence's tokens (`start`/`end` are 1-based token ids, end
    /// exclusive).
    pub(crate) fn span(&self, tokens: &[Token]) -> (usize, usize) {
        (tokens[self.start - 1].start, tokens[self.end - 2].end)
    }
}

/// What the document has named so far, most recent last.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    pub(crate) persons: Vec<ActorRef>,
    pub(crate) countries: Vec<ActorRef>,
    /// The last group named as one ("the two nations", "India and Bangladesh").
    pub(crate) group: Vec<ActorRef>,
    /// How often each country was named.
    pub(crate) counts: Vec<(String, usize)>,
    /// The dateline's country, for agents without one ("police said").
    pub(crate) default_country: Option<String>,
    /// The country of the document's dominant place, where its police and
    /// courts act ("Thames Valley Police detained the man" in a story
    /// placed in Reading, whoever else it names).
    pub(crate) location_country: Option<String>,
}

impl Memory {
    pub(crate) fn remember(&mut self, a: &ActorRef) {
        if a.person {
            self.persons
                .retain(|p| p.code != a.code || p.text != a.text);
            self.persons.push(a.clone());
        }
        if let Some(c) = a.country() {
            let c = c.to_string();
            self.countries.retain(|x| x.country() != Some(c.as_str()));
            let mut country = a.clone();
            country.code = c.clone();
            self.countries.push(country);
            match self.counts.iter_mut().find(|(k, _)| *k == c) {
                Some((_, n)) => *n += 1,
                None => self.counts.push((c, 1)),
            }
        }
    }

    /// The two most recently named countries, as "the two nations" means.
    pub(crate) fn last_two(&self) -> Vec<ActorRef> {
        if self.group.len() >= 2 {
            return self.group.clone();
        }
        let n = self.countries.len();
        if n < 2 {
            return Vec::new();
        }
        self.countries[n - 2..].to_vec()
    }

    /// Whether `country` is one of the two countries named most often so far.
    pub(crate) fn is_main_party(&self, country: &str) -> bool {
        let mut counts: Vec<&(String, usize)> = self.counts.iter().collect();
        counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        counts.iter().take(2).any(|(c, _)| c == country)
    }

    /// The country the story is mostly about, else the dateline's: where
    /// agents without a country of their own ("police said") belong.
    pub(crate) fn home_country(&self) -> Option<String> {
        self.counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .map(|(c, _)| c.clone())
            .or_else(|| self.default_country.clone())
    }

    /// The country named most often so far other than `not`.
    pub(crate) fn main_other(&self, not: Option<&str>) -> Option<ActorRef> {
        let best = self
            .counts
            .iter()
            .filter(|(c, _)| Some(c.as_str()) != not)
            .max_by_key(|(_, n)| *n)?;
        self.countries
            .iter()
            .find(|a| a.country() == Some(best.0.as_str()))
            .cloned()
    }
}

/// Finds the dictionary's phrases in a sentence's tokens.
pub(crate) fn find(dict: &ActorDict, tokens: &[Token], day: Option<Day>) -> Vec<Found> {
    let forms: Vec<&str> = tokens.iter().map(Token::form).collect();
    let matches = dict.find(&forms);
    // An adjective that begins a longer proper name is part of the name,
    // not an actor: "Western Mindanao Command", "Indian Ocean", "Chinese
    // New Year", "French Open". Before a title or agent that the
    // dictionary knows ("Chinese President", "Russian Defence Ministry")
    // it stays.
    const TITLE_WORDS: &[&str] = &[
        "Federal",
        "Deputy",
        "Vice",
        "Acting",
        "Former",
        "Senior",
        "Chief",
        "First",
        "Interim",
        "Supreme",
        "Top",
        "Caretaker",
        "Outgoing",
        "Incoming",
        "Then",
    ];
    let in_name = |m: &dyad_dict::Match| {
        dict.phrase(m.phrase).role == PhraseRole::Adjective
            && forms.get(m.end).is_some_and(|w| {
                w.chars().next().is_some_and(char::is_uppercase) && !TITLE_WORDS.contains(w)
            })
            && !matches.iter().any(|n| n.start == m.end)
    };
    matches
        .iter()
        .filter(|m| !in_name(m))
        .filter_map(|m| {
            let actor = dict.actor(m.actor);
            let code = actor.code_on(day)?;
            Some(Found {
                start: m.start + 1,
                end: m.end + 1,
                kind: actor.kind,
                role: dict.phrase(m.phrase).role,
                code,
            })
        })
        .collect()
}

/// Whether a word can stand for an actor named before ("he", "the two
/// nations", "the island", "the visiting Prime Minister"). A sentence that
/// names no actor and has none of these words cannot give an event, so the
/// coder does not parse it.
pub(crate) fn may_refer(form: &str) -> bool {
    const PRONOUNS: &[&str] = &[
        "he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "his",
        "its", "their", "our", "my", "your", "both", "who", "which", "that",
    ];
    if form.len() > 14 || !form.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 14];
    let w = &mut buf[..form.len()];
    w.copy_from_slice(form.as_bytes());
    w.make_ascii_lowercase();
    let w = std::str::from_utf8(w).unwrap_or_default();
    let singular = match w {
        "countries" => "country",
        "territories" => "territory",
        "secretaries" => "secretary",
        _ => w.strip_suffix('s').unwrap_or(w),
    };
    PRONOUNS.contains(&w)
        || [w, singular]
            .iter()
            .any(|x| TITLES.contains(x) || PLACE_NOUNS.contains(x) || GROUP_NOUNS.contains(x))
}

/// Money, securities and balances: "the U.S. Dollar", "China's yuan",
/// "Japanese shares", "the U.S. budget deficit" name no actor, though their country still says where a
/// nearby agent belongs.
const MONEY: &[&str] = &[
    "dollar",
    "dollars",
    "yuan",
    "renminbi",
    "euro",
    "euros",
    "yen",
    "rupee",
    "rupees",
    "ruble",
    "rubles",
    "rouble",
    "roubles",
    "peso",
    "pesos",
    "won",
    "pound",
    "sterling",
    "franc",
    "francs",
    "lira",
    "real",
    "rand",
    "riyal",
    "dinar",
    "shekel",
    "ringgit",
    "baht",
    "krona",
    "krone",
    "hryvnia",
    "currency",
    "currencies",
    "stock",
    "stocks",
    "share",
    "shares",
    "bond",
    "bonds",
    "equities",
    "treasuries",
    "futures",
];

/// Agent words that are a person's title, so that "the visiting Prime
/// Minister" can mean a minister named before.
const TITLES: &[&str] = &[
    "president",
    "minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "prince",
    "emir",
    "sultan",
    "leader",
    "secretary",
    "ambassador",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "general",
    "commander",
    "governor",
    "mayor",
    "pope",
    "ayatollah",
    "monarch",
];

/// Nouns that, with "the", stand for a country named before.
const PLACE_NOUNS: &[&str] = &[
    "country",
    "nation",
    "kingdom",
    "republic",
    "island",
    "emirate",
    "state",
    "territory",
];

const GROUP_NOUNS: [&str; 8] = [
    "nation",
    "country",
    "side",
    "government",
    "leader",
    "state",
    "neighbor",
    "neighbour",
];

/// Resolves noun phrases to actors within one sentence.
pub(crate) struct Resolver<'a> {
    pub(crate) tree: &'a Tree<'a>,
    pub(crate) tokens: &'a [Token],
    pub(crate) found: &'a [Found],
    pub(crate) memory: &'a Memory,
    /// The sentence's places with their countries: (first byte, end
    /// byte, country).
    pub(crate) places: &'a [(usize, usize, String)],
}

impl Resolver<'_> {
    fn actor_ref(
        &self,
        code: String,
        from: usize,
        to: usize,
        person: bool,
        text_of: &str,
    ) -> ActorRef {
        let (start, end) = (self.tokens[from - 1].start, self.tokens[to - 1].end);
        ActorRef {
            code,
            text: text_of[start..end].to_string(),
            start,
            end,
            person,
        }
    }

    /// The tokens of the noun phrase headed by `id` that can carry its
    /// actor (name parts, modifiers, possessors, appositions).
    fn np(&self, id: usize) -> Vec<usize> {
        // Everything under the head but clauses, coordination and
        // prepositional phrases: name parts, modifiers, possessors,
        // appositions, and whatever the parser hung there by mistake
        // ("met Greek | Prime Minister Kyriakos Mitsotakis").
        let t = self.tree;
        let mut out = vec![id];
        let mut i = 0;
        while i < out.len() {
            let cur = out[i];
            for &c in t.children(cur) {
                let keep = matches!(t.deprel(c), "nmod:poss" | "nmod:desc")
                    || !matches!(
                        t.rel(c),
                        "acl"
                            | "advcl"
                            | "ccomp"
                            | "xcomp"
                            | "csubj"
                            | "parataxis"
                            | "conj"
                            | "cc"
                            | "punct"
                            | "nmod"
                            | "obl"
                            | "case"
                            | "mark"
                            | "list"
                            | "dep"
                            | "cop"
                            | "aux"
                            | "orphan"
                            | "reparandum"
                    );
                if keep {
                    out.push(c);
                }
            }
            i += 1;
        }
        out
    }

    /// The actors a noun phrase names (several for "the two nations" or
    /// "India and Bangladesh"), with conjuncts.
    /// Whether token `id` is itself part of an actor's name or agent word
    /// ("Putin", "officials"), not only a modifier's ("naval" in "naval
    /// exercises" leaves "exercises" unnamed).
    pub(crate) fn is_named(&self, id: usize) -> bool {
        self.found.iter().any(|f| (f.start..f.end).contains(&id))
    }

    pub(crate) fn actors(&self, id: usize, text: &str) -> Vec<ActorRef> {
        let mut out = Vec::new();
        for c in self.tree.with_conjuncts(id) {
            for a in self.actors_of_np(c, text) {
                if !out.iter().any(|o: &ActorRef| o.code == a.code) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// The actors of one noun phrase. Where they come from the document's
    /// memory (a pronoun, "the two nations"), the reported text and span are
    /// this phrase's own, so the evidence stays in the sentence.
    fn actors_of_np(&self, id: usize, text: &str) -> Vec<ActorRef> {
        let np = self.np(id);
        let (lo, hi) = (
            np.iter().min().copied().unwrap_or(id),
            np.iter().max().copied().unwrap_or(id),
        );
        let (start, end) = (self.tokens[lo - 1].start, self.tokens[hi - 1].end);
        self.resolve_np(id, text)
            .into_iter()
            .map(|mut a| {
                if a.start < self.tokens[0].start || a.end > self.tokens[self.tokens.len() - 1].end
                {
                    a.start = start;
                    a.end = end;
                    a.text = text[start..end].to_string();
                }
                a
            })
            .collect()
    }

    /// The actors of one noun phrase, with the text that named them first
    /// (for a pronoun, its antecedent's words).
    pub(crate) fn resolve_np(&self, id: usize, text: &str) -> Vec<ActorRef> {
        let t = self.tree;
        let lemma = t.lemma(id);
        if MONEY.contains(&lemma) {
            return Vec::new();
        }
        // A name the tagger took for a pronoun ("Xi said") is a name.
        let named = self.is_named(id);
        // "dozens of protesters", "two of the soldiers": the actor is the
        // counted group.
        if !named && QUANTITIES.contains(&t.form(id).to_ascii_lowercase().as_str()) {
            if let Some(&of) = t
                .children(id)
                .iter()
                .find(|&&c| t.rel(c) == "nmod" && t.marker(c) == "of")
            {
                let counted = self.resolve_np(of, text);
                if !counted.is_empty() {
                    return counted;
                }
            }
        }
        if t.upos(id) == "PRON" && !named {
            // "Syria says it is willing…", "Bouteflika said he is
            // prepared…": a subject pronoun in reported speech is the speaker.
            if let Some(speaker) = self.speaker_of(id) {
                // "it" only stands for a named speaker ("Syria says it…"), not
                // for "officials confirmed it [the virus] has…".
                // …or an institution in the dictionary ("Israel's military
                // said it had killed…"), singular: "officials said it" is
                // not the officials.
                let named = t.upos(speaker) == "PROPN"
                    || (t.upos(speaker) == "NOUN"
                        && !t.form(speaker).ends_with('s')
                        && self.is_named(speaker));
                if matches!(lemma, "he" | "she" | "they" | "we" | "i") || (lemma == "it" && named) {
                    let found = self.actors(speaker, text);
                    if !found.is_empty() {
                        return found;
                    }
                }
            }
            // "Moscow expelled two British diplomats, accusing them of
            // spying": an object pronoun stands for the nearest plural
            // actor before it in the sentence (not its own verb's subject)
            // before anyone named in earlier sentences.
            let form = t.form(id).to_ascii_lowercase();
            if matches!(form.as_str(), "them" | "their") {
                let own_subjects: Vec<usize> = t
                    .children(t.head(id))
                    .iter()
                    .copied()
                    .filter(|&c| t.rel(c).starts_with("nsubj"))
                    .collect();
                for c in (1..id).rev() {
                    if matches!(t.upos(c), "NOUN" | "PROPN")
                        && t.form(c).ends_with('s')
                        && !own_subjects.contains(&c)
                        && self.is_named(c)
                        && !self.actors(c, text).is_empty()
                    {
                        let found = self.actors(c, text);
                        if !found.is_empty() {
                            return found;
                        }
                    }
                }
            }
            // "The leaders of France and Germany met in Paris, where they
            // discussed…": a subject "they" after an earlier clause's plural
            // subject in the same sentence is that subject.
            if form == "they" {
                for c in (1..id).rev() {
                    if t.rel(c).starts_with("nsubj")
                        && matches!(t.upos(c), "NOUN" | "PROPN")
                        && (t.form(c).ends_with('s') || !t.with(c, &["conj"]).is_empty())
                    {
                        let found = self.actors(c, text);
                        if !found.is_empty() {
                            return found;
                        }
                    }
                }
            }
            return match lemma {
                "he" | "she" | "him" | "her" | "his" | "hers" => {
                    self.memory.persons.last().cloned().into_iter().collect()
                }
                "they" | "them" | "their" => self.memory.group.clone(),
                _ => Vec::new(),
            };
        }
        // "the two nations", "both sides", "the two ministers".
        let two = t.form(id).ends_with('s')
            && t.children(id).iter().any(|&c| {
                matches!(t.lemma(c), "two" | "both")
                    && matches!(t.rel(c), "nummod" | "det" | "amod")
            });
        if two {
            if TITLES.iter().any(|g| lemma.starts_with(g)) && self.memory.persons.len() >= 2 {
                let n = self.memory.persons.len();
                return self.memory.persons[n - 2..].to_vec();
            }
            if GROUP_NOUNS.iter().any(|g| lemma.starts_with(g)) {
                return self.memory.last_two();
            }
        }
        // "the island", "the country", "the kingdom": the country named
        // last, earlier in this sentence or before it.
        let definite = t.children(id).iter().any(|&c| t.lemma(c) == "the");
        // Not when the word is part of a name ("the Islamic State").
        if definite && !named && PLACE_NOUNS.contains(&lemma) && !t.form(id).ends_with('s') {
            // Not the clause's own subject: in "China threatened to blockade
            // the island" the island is not China.
            let mut subjects = Vec::new();
            let mut v = t.head(id);
            for _ in 0..3 {
                if v == 0 {
                    break;
                }
                for &c in t.children(v) {
                    if t.rel(c) == "nsubj" {
                        subjects.extend(self.np(c));
                    }
                }
                if !matches!(t.rel(v), "xcomp" | "conj") {
                    break;
                }
                v = t.head(v);
            }
            let here = self
                .found
                .iter()
                .filter(|f| f.kind == ActorKind::Country && f.end <= id)
                .filter(|f| !(f.start..f.end).any(|x| subjects.contains(&x)))
                .max_by_key(|f| f.end);
            if let Some(f) = here {
                let code = dyad_dict::country_part(&f.code).to_string();
                return vec![self.actor_ref(code, f.start, f.end - 1, false, text)];
            }
            let own: Vec<String> = self
                .found
                .iter()
                .filter(|f| (f.start..f.end).any(|x| subjects.contains(&x)))
                .map(|f| dyad_dict::country_part(&f.code).to_string())
                .collect();
            return self
                .memory
                .countries
                .iter()
                .rev()
                .find(|c| !own.iter().any(|o| Some(o.as_str()) == c.country()))
                .cloned()
                .into_iter()
                .collect();
        }
        let np = self.np(id);
        let inside = |f: &Found| (f.start..f.end).any(|x| np.contains(&x));
        let mut named: Option<&Found> = None;
        let mut agent: Option<&Found> = None;
        let mut country: Option<&Found> = None;
        for f in self.found.iter().filter(|f| inside(f)) {
            match f.kind {
                ActorKind::Person | ActorKind::Organization => {
                    // The name that contains the head wins over a possessor's.
                    let has_head = (f.start..f.end).contains(&id);
                    if named.is_none() || has_head {
                        named = Some(f);
                    }
                }
                ActorKind::Agent => {
                    if agent.is_none() || (f.start..f.end).contains(&id) {
                        agent = Some(f);
                    }
                }
                ActorKind::Country => {
                    if country.is_none() {
                        country = Some(f);
                    }
                }
            }
        }
        let lo = |f: &Found| f.start.min(id);
        let hi = |f: &Found| (f.end - 1).max(id);
        if let Some(f) = named {
            // A possessor's name ("Mishustin's visit") is not the phrase's actor.
            let head_in_name = (f.start..f.end).contains(&id)
                || t.deprel(f.end - 1).starts_with("flat")
                || t.deprel(f.end - 1) == "compound"
                || t.deprel(f.end - 1) == "appos";
            if head_in_name || agent.is_some() {
                let person = f.kind == ActorKind::Person;
                return vec![self.actor_ref(f.code.clone(), lo(f), hi(f), person, text)];
            }
        }
        if let Some(a) = agent {
            // The agent's country: in the phrase, in a following "of/in/from X", or the dateline's.
            let country_code = country.map(|c| c.code.clone()).or_else(|| {
                t.children(id)
                    .iter()
                    .filter(|&&c| {
                        t.rel(c) == "nmod" && matches!(t.marker(c).as_str(), "of" | "in" | "from")
                    })
                    .find_map(|&c| self.country_in(c))
            });
            let country_code = match country_code {
                Some(c) => Some(c),
                None => {
                    // "the visiting Prime Minister": a person with that title named before.
                    let definite = t.children(id).iter().any(|&c| t.lemma(c) == "the");
                    let title = TITLES.contains(&t.lemma(a.end - 1));
                    if definite && title {
                        if let Some(p) = self
                            .memory
                            .persons
                            .iter()
                            .rev()
                            .find(|p| p.sector() == Some(a.code.as_str()))
                        {
                            let mut r = self.actor_ref(p.code.clone(), lo(a), hi(a), true, text);
                            r.person = true;
                            return vec![r];
                        }
                    }
                    // "met their counterparts from Russia": the parser
                    // often hangs "from X" on the verb rather than the noun.
                    let head = t.head(id);
                    let np_end = self.np(id).into_iter().max().unwrap_or(id);
                    let from_sibling = (head != 0)
                        .then(|| {
                            t.children(head)
                                .iter()
                                .filter(|&&c| t.rel(c) == "obl" && t.marker(c) == "from")
                                .filter(|&&c| {
                                    // Right after the noun phrase: "… counterparts from X".
                                    t.children(c)
                                        .iter()
                                        .any(|&k| t.rel(k) == "case" && k == np_end + 1)
                                })
                                .find_map(|&c| self.country_in(c))
                        })
                        .flatten();
                    // Another country named in the sentence ("the Sudanese
                    // government accused rebels"), else the story's. But an
                    // object placed "in X" is X's ("Russian shelling killed
                    // civilians in Kherson": Ukraine's civilians).
                    from_sibling
                        .or_else(|| self.placed_in(id))
                        .or_else(|| {
                            self.found
                                .iter()
                                .find(|f| f.kind == ActorKind::Country && f.code.len() == 3)
                                .map(|f| f.code.clone())
                        })
                        .or_else(|| {
                            // Domestic actors (police, courts, opposition,
                            // crowds, students, unions) belong to where the
                            // story happens.
                            if matches!(
                                a.code.as_str(),
                                "COP" | "JUD" | "OPP" | "CVL" | "EDU" | "LAB"
                            ) {
                                self.memory.location_country.clone()
                            } else {
                                None
                            }
                        })
                        .or_else(|| self.memory.home_country())
                }
            };
            let Some(cc) = country_code else {
                return Vec::new();
            };
            let from = country
                .map(|c| c.start.min(a.start))
                .unwrap_or(a.start)
                .min(id);
            let code = format!("{}{}", dyad_dict::country_part(&cc), a.code);
            let mut out = vec![self.actor_ref(code, from, hi(a), false, text)];
            // "Chinese and Russian warships": one actor per coordinated
            // nationality.
            if let Some(first) = country {
                for f in self.found.iter().filter(|f| {
                    f.kind == ActorKind::Country
                        && f.role == PhraseRole::Adjective
                        && f.start > first.start
                        && f.end <= a.start
                        && (first.end..f.start).any(|x| t.lemma(x) == "and")
                }) {
                    let code = format!("{}{}", dyad_dict::country_part(&f.code), a.code);
                    if !out.iter().any(|o| o.code == code) {
                        out.push(self.actor_ref(code, f.start.min(a.start), hi(a), false, text));
                    }
                }
            }
            return out;
        }
        if let Some(c) = country {
            // An adjective alone ("Chinese") only names an actor as a modifier
            // of a group noun; "Chinese yuan" is not China.
            if c.role == PhraseRole::Adjective && !(c.start..c.end).contains(&id) {
                return Vec::new();
            }
            return vec![self.actor_ref(c.code.clone(), lo(c), hi(c), false, text)];
        }
        Vec::new()
    }

    /// The code of a country named in the noun phrase headed by `id`
    /// ("from Russia", "of the Philippines").
    fn country_in(&self, id: usize) -> Option<String> {
        let np = self.np(id);
        self.found
            .iter()
            .find(|f| f.kind == ActorKind::Country && (f.start..f.end).any(|x| np.contains(&x)))
            .map(|f| f.code.clone())
    }

    /// For an object, the country of a place named in an "in/across/near"
    /// phrase of the object or of its verb.
    fn placed_in(&self, id: usize) -> Option<String> {
        let t = self.tree;
        if t.rel(id) != "obj" || self.places.is_empty() {
            return None;
        }
        let in_phrase = |c: usize| {
            matches!(t.rel(c), "obl" | "nmod")
                && matches!(
                    t.marker(c).as_str(),
                    "in" | "across" | "near" | "throughout"
                )
        };
        let phrases = t
            .children(id)
            .iter()
            .chain(t.children(t.head(id)))
            .copied()
            .filter(|&c| in_phrase(c));
        for c in phrases {
            let np = t.subtree_except(c, &["acl", "acl:relcl", "advcl", "parataxis"]);
            let (Some(&lo), Some(&hi)) = (np.iter().min(), np.iter().max()) else {
                continue;
            };
            let (start, end) = (self.tokens[lo - 1].start, self.tokens[hi - 1].end);
            if let Some((_, _, country)) = self
                .places
                .iter()
                .find(|(s, e, _)| start <= *s && *e <= end)
            {
                return Some(country.clone());
            }
        }
        None
    }

    /// The subject of the speech verb whose reported clause `pron` is the
    /// subject of, if any.
    fn speaker_of(&self, pron: usize) -> Option<usize> {
        let t = self.tree;
        if !t.deprel(pron).starts_with("nsubj") {
            return None;
        }
        let mut clause = t.head(pron);
        // Up through "is willing to", "would be ready to".
        for _ in 0..3 {
            if clause == 0 {
                return None;
            }
            if matches!(t.rel(clause), "ccomp" | "parataxis") {
                let speech = t.head(clause);
                if speech != 0 && crate::rules::SPEECH.contains(&t.lemma(speech)) {
                    return t
                        .children(speech)
                        .iter()
                        .copied()
                        .find(|&c| t.rel(c) == "nsubj" && t.upos(c) != "PRON");
                }
                return None;
            }
            if matches!(t.rel(clause), "xcomp" | "conj") {
                clause = t.head(clause);
            } else {
                return None;
            }
        }
        None
    }

    /// The actor of a modifier of an event noun: possessive ("Russia's
    /// attack"), adjective ("Western sanctions") or compound ("U.S. sanctions").
    pub(crate) fn modifier_actor(&self, noun: usize, text: &str) -> Option<ActorRef> {
        let t = self.tree;
        for &c in t.children(noun) {
            if !matches!(t.deprel(c), "nmod:poss" | "amod" | "compound") {
                continue;
            }
            if let Some(f) = self.found.iter().find(|f| (f.start..f.end).contains(&c)) {
                if f.kind != ActorKind::Agent {
                    let person = f.kind == ActorKind::Person;
                    return Some(self.actor_ref(f.code.clone(), f.start, f.end - 1, person, text));
                }
            }
            if t.deprel(c) == "nmod:poss" {
                if let Some(a) = self.actors(c, text).into_iter().next() {
                    return Some(a);
                }
            }
        }
        None
    }
}

/// Words that count a group: "dozens of protesters" is the protesters.
const QUANTITIES: &[&str] = &[
    "dozens",
    "dozen",
    "hundreds",
    "hundred",
    "thousands",
    "thousand",
    "millions",
    "scores",
    "tens",
    "number",
    "group",
    "groups",
    "handful",
    "several",
    "many",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "both",
];

#[cfg(test)]
mod tests {
    use super::may_refer;

    #[test]
    fn words_that_may_refer_to_an_actor() {
        for w in [
            "He",
            "they",
            "its",
            "nations",
            "countries",
            "the",
            "island",
            "Minister",
        ] {
            assert_eq!(may_refer(w), w != "the", "{w}");
        }
        for w in [
            "Monday",
            "shares",
            "rose",
            "percent",
            "",
            "extraordinarily-long-word",
        ] {
            assert!(!may_refer(w), "{w}");
        }
    }
}
