//! # Place recognition: which places a document names, and where they are
//!
//! [`find_places`] reads a document's `dyad-text` analysis (its dateline,
//! headings and sentences) and reports each mention of a place in the
//! [`Gazetteer`] with coordinates and an ISO-3 country.
//!
//! ## Precision first
//!
//! Inventing a place is far worse for event data than missing a small
//! town: a false "Nice, France" puts an event on the wrong continent. Most
//! words that could be places are not, so the rules below are about
//! refusing:
//!
//! * **Case.** A capitalised name only matches capitalised text ("china"
//!   the porcelain is not China); all-capital codes ("US") only match
//!   capitals. Datelines, which are written in capitals, are exempt.
//! * **Ordinary words.** Names that are also lower-case English words
//!   ("Nice", "Reading", "Split", "Mobile"; marked when the data are
//!   generated) need strong evidence: a locative word before them ("in",
//!   "near", "from", "northern", "the city of"), a following ", France",
//!   the dateline, or, for big cities only, a capital letter in mid
//!   sentence. A sentence-initial or heading "Reading" is never a place.
//!   Months, weekdays and function words are never places at all.
//! * **People.** A name right after a given name, title or initial
//!   ("Michael Jordan", "President Jackson") is a person; a place named
//!   like a person ("Jordan", "Chad", "Austin") followed by a capitalised
//!   word ("Jordan Peterson", "Chad Smith") is a person; such a name
//!   followed by "said" is a person unless it is a country.
//! * **Organisations, features and sports.** "Washington Post", "Chicago
//!   Bulls", "Paris Agreement", "University of Washington": a place inside
//!   an organisation's name is not a place mention; nor is "Jordan River",
//!   "Lake Chad" or "Lincoln County", which name something else. In a
//!   sentence about sport ("scored", "NBA", or "season" with "points")
//!   country and city names are teams and need strong evidence.
//! * **Small towns and alternate names.** A town under 100,000 needs
//!   evidence ("in", "near", a dateline, ", Texas") in the sentence or, as a
//!   plain capitalised word, elsewhere in the document: most such bare
//!   words in news are surnames ("Conway said"). A city's alternate name
//!   (Peking, Bombay) stands alone only in a story about its country. A town
//!   under 300,000 of a country the document never names, in one that names
//!   others, is taken for a namesake dyad does not know and dropped. A
//!   name used for a person anywhere in the document ("Don Imus") is a
//!   person everywhere in it.
//!
//! ## Disambiguation
//!
//! A name shared by several places goes to the candidate with the best
//! score: log-population, plus a bonus for countries (and a malus for an
//! admin-1 region against a same-named city), plus a bonus when the
//! candidate's country is named elsewhere in the document (by a name that
//! is not itself ambiguous), plus "X, Y" agreement ("Paris, Texas") and an
//! "X province/region/state" hint for admin-1 regions. The context bonus
//! is larger for admin-1 regions than for cities, so "Georgia" in a story
//! about Atlanta is the US state, while "Paris" stays French in a story
//! about Washington unless it says "Paris, Texas".
//!
//! ## Speed
//!
//! The gazetteer is parsed once per process. Per document, tokens that
//! cannot start a name (lower case, punctuation) cost a byte test; others
//! one hash lookup on a folded key written into a reused buffer. Context
//! checks run only around the rare matches.

use crate::gazetteer::{
    fold_into, is_all_caps, starts_upper, Entry, FastMap, Gazetteer, Place, PlaceKind, Variant,
    F_ALT, F_COMMON, F_PREFERRED, MAX_NAME_TOKENS,
};
use dyad_text::Analysis;
use serde::Serialize;
use std::sync::OnceLock;

/// One mention of a place in a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceMention {
    /// The place mentioned.
    #[serde(flatten)]
    pub place: Place,
    /// The mention as it stands in the text.
    pub text: String,
    /// First byte of the mention in the document's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The sentence (`Sentence::id`) it occurs in; `None` in the dateline
    /// or a heading.
    pub sentence_id: Option<usize>,
    /// Whether the mention is the dateline's place.
    pub from_dateline: bool,
}

/// Populations from which a city may skip some evidence (an ordinary-word
/// or person-like name in mid sentence).
const BIG_CITY: u64 = 300_000;
/// Below this population a place with no evidence needs its country named
/// elsewhere in the document.
const SMALL_CITY: u64 = 100_000;
/// Cities so large that their name, even when it is also a person's, is
/// read as the city without further evidence (Sydney, Houston, Paris).
const HUGE_CITY: u64 = 2_000_000;
/// Admin-1 regions at least this populous (summed over their towns) are
/// taken on a capital letter alone.
const BIG_REGION: u64 = 3_000_000;

/// Finds the places `text` names, in document order. `analysis` must be
/// `dyad_text::analyze(text)`. Never panics; mentions never overlap.
pub fn find_places(gaz: &Gazetteer, text: &str, analysis: &Analysis) -> Vec<PlaceMention> {
    let mut st = State::default();
    // Dateline.
    if let Some(d) = &analysis.dateline {
        if let Some((s, e)) = dateline_place_span(text, d) {
            st.toks.clear();
            dyad_text::tokens::token_spans(text, s, e, |a, b| {
                st.toks.push(Tok {
                    start: a,
                    end: b,
                    form: text.get(a..b).unwrap_or(""),
                })
            });
            st.scan(gaz, Unit::Dateline);
        }
    }
    for h in &analysis.headings {
        st.toks.clear();
        dyad_text::tokens::token_spans(text, h.start, h.end, |a, b| {
            st.toks.push(Tok {
                start: a,
                end: b,
                form: text.get(a..b).unwrap_or(""),
            })
        });
        st.scan(gaz, Unit::Heading);
    }
    for s in &analysis.sentences {
        st.toks.clear();
        st.toks.extend(s.tokens.iter().map(|t| Tok {
            start: t.start,
            end: t.end,
            form: t.form(),
        }));
        st.scan(gaz, Unit::Sentence(s.id));
    }
    st.resolve(gaz, text)
}

/// Where in the text the dateline's place is (`BEIJING` of
/// `BEIJING (Reuters) -`).
fn dateline_place_span(text: &str, d: &dyad_text::Dateline) -> Option<(usize, usize)> {
    let region = text.get(d.start..d.end)?;
    let off = region.find(d.place.as_str())?;
    Some((d.start + off, d.start + off + d.place.len()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Dateline,
    Heading,
    Sentence(usize),
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    start: usize,
    end: usize,
    form: &'a str,
}

// Evidence bits of a raw match.
/// A locative word, direction adjective or "city of" before it; a place
/// word after it; or the dateline.
const E_STRONG: u16 = 1;
/// Capitalised where capitals are not positional (not sentence-initial,
/// not a heading).
const E_MID: u16 = 1 << 1;
/// Right after a given name, a title or an initial.
const E_PERSON_BEFORE: u16 = 1 << 2;
/// Followed by a capitalised word that is not a place word.
const E_NEXT_CAP: u16 = 1 << 3;
/// Followed by "said", "told", ….
const E_NEXT_SAID: u16 = 1 << 4;
/// In a sentence about sport.
const E_SPORTS: u16 = 1 << 5;
/// Followed by an organisation word ("Post", "University", "Bulls").
const E_ORG_AFTER: u16 = 1 << 6;
/// Followed by "province", "region", "oblast", "state", ….
const E_ADMIN_AFTER: u16 = 1 << 7;
/// Followed by ", Y" where Y is another match.
const E_COMMA_NEXT: u16 = 1 << 8;
/// A locative word before it, but across "the" ("in the Gaza Strip"):
/// strong for landmarks, countries and multi-word names only.
const E_PREP_THE: u16 = 1 << 9;
/// Right after a capitalised word that is not a place (part of a longer
/// proper name: "Lake Superior", "Naomi Campbell").
const E_PREV_CAP: u16 = 1 << 10;
/// After "to", "from", "via", …: evidence for a place-like word, but
/// people are given and sent things too ("a letter to Conway").
const E_WEAK_LOC: u16 = 1 << 11;
/// Followed by "'s".
const E_POSS: u16 = 1 << 12;
/// After a capitalised "Lake", "Mount", "La", "New", …: part of another
/// name.
const E_NAME_PREFIX: u16 = 1 << 13;
/// Followed by a capitalised "County", "Parish", "Township", ….
const E_COUNTY_AFTER: u16 = 1 << 14;
/// Followed by a capitalised "River", "Strait", "Station", …: the name of
/// a feature named after the place, not the place.
const E_FEATURE_AFTER: u16 = 1 << 15;

/// A name found in a unit, before deciding what it refers to.
#[derive(Debug, Clone)]
struct Raw {
    unit: Unit,
    start: usize,
    end: usize,
    name_id: u32,
    /// Single-token name that is also a person's name.
    personish: bool,
    /// ... and not one of the curated place-first names (Jordan, Paris):
    /// a given name or surname that happens to be a town.
    person_strict: bool,
    /// Single-token name that is a brand or other non-place proper noun.
    brandish: bool,
    ev: u16,
    /// First and last token of the match within its unit.
    ti: usize,
    tj: usize,
    /// Case-valid variants: `cands[c0..c1]`.
    c0: usize,
    c1: usize,
}

#[derive(Default)]
struct State<'a> {
    toks: Vec<Tok<'a>>,
    /// Token id per token of the unit (`UNSEEN` / `NONE`).
    ids: Vec<u32>,
    key: String,
    raws: Vec<Raw>,
    cands: Vec<Variant>,
}

const UNSEEN: u32 = u32::MAX;
const NONE: u32 = u32::MAX - 1;

impl<'a> State<'a> {
    /// The trie token id of token `i`, folded on first use.
    fn id(&mut self, gaz: &Gazetteer, i: usize) -> u32 {
        let v = self.ids[i];
        if v != UNSEEN {
            return v;
        }
        self.key.clear();
        fold_into(self.toks[i].form, &mut self.key);
        let id = gaz.token_id(&self.key).unwrap_or(NONE);
        self.ids[i] = id;
        id
    }

    /// Finds the longest case-valid names in the current unit's tokens.
    fn scan(&mut self, gaz: &Gazetteer, unit: Unit) {
        let n = self.toks.len();
        if n == 0 {
            return;
        }
        self.ids.clear();
        self.ids.resize(n, UNSEEN);
        let first_raw = self.raws.len();
        let lax = unit == Unit::Dateline;
        let mut i = 0;
        while i < n {
            if !can_start(self.toks[i].form) {
                i += 1;
                continue;
            }
            // Walk the trie; remember terminals, longest first on return.
            let mut node = 0u32;
            let mut ends: [(usize, u32); MAX_NAME_TOKENS] = [(0, 0); MAX_NAME_TOKENS];
            let mut nends = 0;
            let mut j = i;
            while j < n && j - i < MAX_NAME_TOKENS {
                let id = self.id(gaz, j);
                if id == NONE {
                    break;
                }
                match gaz.child(node, id) {
                    Some(c) => node = c,
                    None => break,
                }
                if let Some(name_id) = gaz.terminal(node) {
                    ends[nends] = (j, name_id);
                    nends += 1;
                }
                j += 1;
            }
            let mut matched = None;
            for &(j, name_id) in ends[..nends].iter().rev() {
                let c0 = self.cands.len();
                for v in &gaz.names[name_id as usize] {
                    if lax || case_ok(&self.toks[i..=j], v) {
                        self.cands.push(*v);
                    }
                }
                if self.cands.len() > c0 {
                    matched = Some((j, name_id, c0));
                    break;
                }
            }
            let Some((j, name_id, c0)) = matched else {
                i += 1;
                continue;
            };
            let single = j == i;
            let (personish, person_strict, brandish) = if single {
                self.key.clear();
                fold_into(self.toks[i].form, &mut self.key);
                let c = word_class(&self.key);
                (
                    c & (W_PERSON_PLACE | W_FIRST_NAME | W_SURNAME) != 0,
                    c & (W_FIRST_NAME | W_SURNAME) != 0 && c & W_PERSON_PLACE == 0,
                    c & (W_BRAND | W_DEMONYM) != 0,
                )
            } else {
                (false, false, false)
            };
            self.raws.push(Raw {
                unit,
                start: self.toks[i].start,
                end: self.toks[j].end,
                name_id,
                personish,
                person_strict,
                brandish,
                ev: 0,
                ti: i,
                tj: j,
                c0,
                c1: self.cands.len(),
            });
            i = j + 1;
        }
        if self.raws.len() == first_raw {
            return;
        }
        self.evidence(unit, first_raw);
    }

    /// Fills in the evidence bits of the unit's raw matches.
    fn evidence(&mut self, unit: Unit, first_raw: usize) {
        let toks = &self.toks;
        let sports = unit != Unit::Dateline && is_sports(toks, &mut self.key);
        let first_word = toks
            .iter()
            .position(|t| t.form.chars().any(char::is_alphanumeric))
            .unwrap_or(0);
        let nraw = self.raws.len() - first_raw;
        for k in 0..nraw {
            let (i, j) = (self.raws[first_raw + k].ti, self.raws[first_raw + k].tj);
            // The next match of the unit starts at token `next_start`.
            let next_start = self.raws.get(first_raw + k + 1).map(|r| r.ti);
            let mut ev = 0u16;
            if unit == Unit::Dateline {
                ev |= E_STRONG;
            }
            if sports {
                ev |= E_SPORTS;
            }
            let initial = i <= first_word
                || matches!(
                    toks[i - 1].form,
                    "\"" | "'"
                        | "("
                        | "["
                        | ":"
                        | "-"
                        | "--"
                        | "\u{2014}"
                        | "\u{2013}"
                        | "`"
                        | "``"
                );
            if unit != Unit::Heading && !initial {
                ev |= E_MID;
            }
            // Before: skip "the" and direction adjectives, then look for a
            // locative word.
            let mut p = i;
            let mut skipped = 0;
            let mut saw_the = false;
            while p > 0 && skipped < 2 {
                let c = class_of(toks[p - 1].form, &mut self.key);
                if c & W_DIRECTION != 0 && !starts_upper(toks[p - 1].form) {
                    ev |= E_STRONG;
                }
                if c & W_THE != 0 {
                    saw_the = true;
                }
                if c & (W_DIRECTION | W_THE) != 0 {
                    p -= 1;
                    skipped += 1;
                } else {
                    break;
                }
            }
            if p > 0 {
                let c = class_of(toks[p - 1].form, &mut self.key);
                if c & W_LOCATIVE != 0 {
                    ev |= if saw_the {
                        E_PREP_THE
                    } else if c & W_WEAK_LOC != 0 {
                        E_WEAK_LOC
                    } else {
                        E_STRONG
                    };
                }
                if c & W_OF != 0 && p > 1 {
                    let c2 = class_of(toks[p - 2].form, &mut self.key);
                    if c2 & W_OF_HEAD != 0 {
                        ev |= E_STRONG;
                    }
                    // "University of Washington", "Bank of England".
                    if c2 & W_ORG_OF != 0 && starts_upper(toks[p - 2].form) {
                        ev |= E_ORG_AFTER;
                    }
                }
            }
            let prev_is_raw = k > 0 && self.raws[first_raw + k - 1].tj + 1 == i;
            if i > 0 {
                let prev = toks[i - 1].form;
                let c = class_of(prev, &mut self.key);
                let initial_letter = prev.len() == 2
                    && prev.as_bytes()[0].is_ascii_uppercase()
                    && prev.as_bytes()[1] == b'.';
                if starts_upper(prev) && (c & (W_FIRST_NAME | W_TITLE) != 0 || initial_letter) {
                    ev |= E_PERSON_BEFORE;
                }
                if c & W_TITLE != 0 && prev.ends_with('.') {
                    ev |= E_PERSON_BEFORE;
                }
                if c & W_PERSON_NOUN != 0 {
                    ev |= E_PERSON_BEFORE; // "chairman Markham Robinson"
                }
                // "Lake Chad", and "then-New Jersey" split as "then-New".
                let last = prev.rsplit('-').next().unwrap_or(prev);
                let c_last = if last.len() < prev.len() {
                    class_of(last, &mut self.key)
                } else {
                    c
                };
                if c_last & W_NAME_PREFIX != 0 && starts_upper(last) && !prev_is_raw {
                    ev |= E_NAME_PREFIX;
                }
                // A capitalised word before, other than a sentence-initial
                // function word ("The", "In"), binds the name into a longer
                // proper name.
                if starts_upper(prev)
                    && prev
                        .chars()
                        .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '.')
                    && !prev_is_raw
                    && c & (W_THE
                        | W_LOCATIVE
                        | W_DIRECTION
                        | W_FUNCTION
                        | W_OF_HEAD
                        | W_NAME_PREFIX)
                        == 0
                {
                    ev |= E_PREV_CAP;
                }
            }
            if j + 1 < toks.len() {
                let next = toks[j + 1].form;
                let c = class_of(next, &mut self.key);
                if (c & W_ORG != 0 && starts_upper(next)) || c & W_ORG_ANY != 0 {
                    ev |= E_ORG_AFTER;
                }
                if c & W_ADMIN != 0 && !starts_upper(next) {
                    ev |= E_ADMIN_AFTER | E_STRONG;
                }
                if c & W_PLACE_WORD != 0 {
                    ev |= E_STRONG;
                }
                if c & W_SAID != 0 {
                    ev |= E_NEXT_SAID;
                }
                if next == "'s" || next == "'" {
                    ev |= E_POSS;
                }
                if c & W_COUNTY != 0 && starts_upper(next) {
                    ev |= E_COUNTY_AFTER;
                }
                if c & W_FEATURE != 0 && starts_upper(next) {
                    ev |= E_FEATURE_AFTER;
                }
                let next_is_raw = next_start == Some(j + 1);
                if starts_upper(next)
                    && next.chars().any(char::is_alphabetic)
                    && c & (W_PLACE_WORD | W_CALENDAR | W_ADMIN | W_FEATURE | W_COUNTY) == 0
                    && !next_is_raw
                {
                    ev |= E_NEXT_CAP;
                }
                if next == "," && next_start == Some(j + 2) {
                    ev |= E_COMMA_NEXT | E_STRONG;
                }
            }
            self.raws[first_raw + k].ev = ev;
        }
    }

    /// Decides every raw match and returns the mentions in text order.
    fn resolve(&mut self, gaz: &Gazetteer, text: &str) -> Vec<PlaceMention> {
        // Context: countries named by names that are unambiguous about
        // their country, as (country entry's ISO-3, name id) pairs.
        let mut ctx: Vec<(&str, u32)> = Vec::new();
        for r in &self.raws {
            let cands = &self.cands[r.c0..r.c1];
            let mut country: Option<&str> = None;
            let mut unique = true;
            let mut any = false;
            for v in cands {
                let e = &gaz.entries[v.entry as usize];
                if !accept(r, e, v.flags, Ctx::default()) {
                    continue;
                }
                any = true;
                match (country, e.place.country.as_deref()) {
                    (_, None) => {}
                    (None, Some(c)) => country = Some(c),
                    (Some(a), Some(c)) if a != c => unique = false,
                    _ => {}
                }
            }
            if let (true, true, Some(c)) = (any, unique, country) {
                if !ctx.iter().any(|&(cc, id)| cc == c && id == r.name_id) {
                    ctx.push((c, r.name_id));
                }
            }
        }
        let any_ctx = |name_id: u32| ctx.iter().any(|&(_, id)| id != name_id);
        // Names that have strong evidence at least once.
        let mut sure: Vec<u32> = self
            .raws
            .iter()
            .filter(|r| {
                r.unit == Unit::Dateline
                    || (r.ev & E_STRONG != 0 && !(r.personish && r.ev & E_POSS != 0))
                    || (r.ev & E_PREP_THE != 0 && r.ti != r.tj)
            })
            .map(|r| r.name_id)
            .collect();
        sure.sort_unstable();
        sure.dedup();
        // Names used for people somewhere in the document.
        let mut people: Vec<u32> = self
            .raws
            .iter()
            .filter(|r| {
                r.ev & E_PERSON_BEFORE != 0
                    || (r.personish && r.ev & (E_PREV_CAP | E_NEXT_CAP) != 0)
            })
            .map(|r| r.name_id)
            .collect();
        people.sort_unstable();
        people.dedup();
        let in_ctx = |c: Option<&str>, name_id: u32| {
            c.is_some_and(|c| ctx.iter().any(|&(cc, id)| cc == c && id != name_id))
        };

        // Pick a candidate per raw; "X, Y" needs Y's choice first, so go
        // from the end.
        let mut chosen: Vec<Option<u32>> = vec![None; self.raws.len()];
        for k in (0..self.raws.len()).rev() {
            let r = &self.raws[k];
            let follower = if r.ev & E_COMMA_NEXT != 0 {
                chosen.get(k + 1).copied().flatten()
            } else {
                None
            };
            let mut best: Option<(f64, u64, u32)> = None;
            let cands = &self.cands[r.c0..r.c1];
            // An admin-1 region named like a city of its own country
            // (Beijing, New York) yields to the city unless told otherwise.
            let has_city_in = |c: &Option<String>, pop: u64| {
                cands.iter().any(|v| {
                    let e = &gaz.entries[v.entry as usize];
                    e.place.kind == PlaceKind::City
                        && e.place.country.is_some()
                        && &e.place.country == c
                        && e.population >= pop / 5
                })
            };
            for v in cands {
                let e = &gaz.entries[v.entry as usize];
                let here = in_ctx(e.place.country.as_deref(), r.name_id);
                let ctx = Ctx {
                    person_name: people.binary_search(&r.name_id).is_ok(),
                    in_ctx: here,
                    any_ctx: any_ctx(r.name_id),
                    sure_name: sure.binary_search(&r.name_id).is_ok(),
                };
                if !accept(r, e, v.flags, ctx) {
                    continue;
                }
                let mut s = match e.place.kind {
                    PlaceKind::Landmark => 7.0,
                    _ => ((e.population + 1) as f64).log10(),
                };
                s += match e.place.kind {
                    PlaceKind::Country => 1.5,
                    PlaceKind::Admin1 => -1.0,
                    _ => 0.0,
                };
                if v.flags & F_PREFERRED != 0 {
                    s += 3.0;
                }
                if v.flags & F_ALT == 0 {
                    s += 1.0;
                }
                if here {
                    s += match e.place.kind {
                        PlaceKind::Admin1 => 3.0,
                        PlaceKind::Country => 2.0,
                        _ => 1.5,
                    };
                }
                if e.place.kind == PlaceKind::Admin1 {
                    if r.ev & E_ADMIN_AFTER != 0 {
                        s += 6.0;
                    } else if has_city_in(&e.place.country, e.population) {
                        s -= 3.0;
                    }
                }
                if let Some(f) = follower {
                    let y = &gaz.entries[f as usize].place;
                    let same_country = y.country.is_some() && y.country == e.place.country;
                    if same_country
                        && (y.kind != PlaceKind::Admin1 || y.adm1 == e.place.adm1)
                        && e.place.kind != PlaceKind::Country
                    {
                        s += 5.0;
                    }
                }
                let better = match best {
                    None => true,
                    Some((bs, bp, be)) => {
                        s > bs
                            || (s == bs
                                && (e.population > bp || (e.population == bp && v.entry < be)))
                    }
                };
                if better {
                    best = Some((s, e.population, v.entry));
                }
            }
            chosen[k] = best.map(|b| b.2);
        }
        let mut out: Vec<PlaceMention> = self
            .raws
            .iter()
            .zip(&chosen)
            .filter_map(|(r, c)| {
                let e = &gaz.entries[(*c)? as usize];
                Some(PlaceMention {
                    place: e.place.clone(),
                    text: text.get(r.start..r.end)?.to_string(),
                    start: r.start,
                    end: r.end,
                    sentence_id: match r.unit {
                        Unit::Sentence(id) => Some(id),
                        _ => None,
                    },
                    from_dateline: r.unit == Unit::Dateline,
                })
            })
            .collect();
        out.sort_by_key(|m| m.start);
        out
    }
}

/// Whether a candidate may stand for a raw match, given its evidence and
/// what the rest of the document says ([`Ctx`]).
fn accept(r: &Raw, e: &Entry, flags: u8, ctx: Ctx) -> bool {
    let ev = r.ev;
    if r.unit == Unit::Dateline {
        return true;
    }
    let kind = e.place.kind;
    let pop = e.population;
    // Countries', regions' and landmarks' variants are curated; a city's
    // alternate names come in bulk from GeoNames and need more care.
    let alt = flags & F_ALT != 0 && kind == PlaceKind::City;
    let single = r.ti == r.tj;
    let big = match kind {
        PlaceKind::Country | PlaceKind::Landmark => true,
        PlaceKind::City => pop >= BIG_CITY,
        // Regions' populations are sums over their towns.
        PlaceKind::Admin1 => pop >= BIG_REGION,
    };
    // "in Warren's campaign": a preposition before a person's possessive.
    let poss_person = r.personish && ev & E_POSS != 0;
    // "in the X" is good evidence for "the Gaza Strip" or "the
    // Netherlands", not for a one-word town ("within the Roman Catholic").
    let strong_the = ev & E_PREP_THE != 0 && (!single || kind != PlaceKind::City);
    // Evidence good enough for anything.
    let sure = (ev & E_STRONG != 0 && !poss_person) || strong_the;
    // Evidence good enough for words that are not people's names.
    let strong = sure || (ev & E_WEAK_LOC != 0 && !r.personish);
    if ev & (E_PERSON_BEFORE | E_ORG_AFTER) != 0 || ctx.person_name {
        return false;
    }
    if ev & (E_NAME_PREFIX | E_FEATURE_AFTER) != 0 {
        return false; // "Lake Victoria", "La Fortaleza", "Jordan River"
    }
    if kind == PlaceKind::City && ev & E_COUNTY_AFTER != 0 {
        return false; // "Lincoln County" is no city
    }
    let adjacent = ev & (E_PREV_CAP | E_NEXT_CAP) != 0;
    if r.personish && adjacent {
        return false;
    }
    if ev & E_SPORTS != 0 && (!strong || r.personish) {
        return false;
    }
    if e.weak && !sure {
        return false;
    }
    let common = flags & F_COMMON != 0 || r.brandish;
    let mid = ev & E_MID != 0;
    if r.unit == Unit::Heading && !strong && (common || r.personish || !big) {
        return false;
    }
    if ev & E_NEXT_SAID != 0 && !big {
        return false; // "Downey said"
    }
    if common {
        // An ordinary word inside a longer proper name is never a place,
        // whatever precedes it ("in Reading Festival"), unless ", France".
        if adjacent && ev & E_COMMA_NEXT == 0 {
            return false;
        }
        if alt {
            return sure;
        }
        return strong || (mid && pop >= BIG_CITY);
    }
    if r.personish && kind != PlaceKind::Country {
        if ev & E_NEXT_SAID != 0 || (alt && !sure) {
            return false;
        }
        if r.person_strict {
            return sure || pop >= HUGE_CITY;
        }
        return sure || (pop >= BIG_CITY && ctx.in_ctx) || pop >= HUGE_CITY;
    }
    if !big && ev & E_NEXT_CAP != 0 {
        return false; // "Windsor Locks", "Bradley International Airport"
    }
    if alt && !strong && (adjacent || !ctx.in_ctx) {
        // Exonyms and old names (Peking, Bombay) stand alone in stories
        // about their country; otherwise they are mostly other words
        // ("Homo sapiens", "Professor Emerita", "Jarosław Kaczyński").
        return false;
    }
    let sized_and_sure = sure && pop >= SMALL_CITY;
    if !big && ctx.any_ctx && !ctx.in_ctx && !sized_and_sure {
        // A town abroad in a story about other countries is more likely
        // a namesake we do not know ("Hyde Park" in London); a city of
        // some size after "in" or "at" is where talks are held ("in
        // Geneva").
        return false;
    }
    if big {
        return true;
    }
    if pop < SMALL_CITY {
        // A small place needs evidence here or, as a plain capitalised
        // word, evidence elsewhere in the document: surnames ("Conway
        // said", "a letter to Rittenhouse") are far more common in news.
        return sure || (!adjacent && ctx.sure_name);
    }
    strong || !adjacent
}

/// What the rest of the document says about a candidate.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    /// The same name is used for a person elsewhere in the document
    /// ("Don Imus … Imus"): one sense per document.
    person_name: bool,
    /// The candidate's country is named elsewhere (by another name).
    in_ctx: bool,
    /// The document names some country (by another name).
    any_ctx: bool,
    /// The same name has strong evidence somewhere in the document.
    sure_name: bool,
}

/// Whether a token may begin a name: a capital letter, a digit, or "the".
#[inline]
fn can_start(form: &str) -> bool {
    match form.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() || b.is_ascii_digit() => true,
        Some(b't') => form == "the",
        Some(&b) if b >= 0x80 => starts_upper(form),
        _ => false,
    }
}

/// Whether the tokens satisfy a variant's capitalisation. Capitals must
/// match capitals ("US"), and a name written in capitals in running text
/// ("ISNA", "NICE") is an acronym, not the town.
fn case_ok(toks: &[Tok], v: &Variant) -> bool {
    for (k, t) in toks.iter().enumerate() {
        let bit = 1u64 << k;
        if v.must_cap & bit != 0 && !starts_upper(t.form) {
            return false;
        }
        let caps = is_all_caps(t.form);
        if v.all_caps & bit != 0 {
            if !caps {
                return false;
            }
        } else if caps {
            return false;
        }
    }
    true
}

// Word classes (bits) of the small word lists below.
const W_LOCATIVE: u32 = 1;
const W_DIRECTION: u32 = 1 << 1;
const W_THE: u32 = 1 << 2;
const W_OF: u32 = 1 << 3;
const W_OF_HEAD: u32 = 1 << 4;
const W_FIRST_NAME: u32 = 1 << 5;
const W_TITLE: u32 = 1 << 6;
const W_PERSON_PLACE: u32 = 1 << 7;
const W_ORG: u32 = 1 << 8;
const W_ADMIN: u32 = 1 << 9;
const W_PLACE_WORD: u32 = 1 << 10;
const W_SAID: u32 = 1 << 11;
const W_SPORTS: u32 = 1 << 12;
const W_SPORTS_WEAK: u32 = 1 << 13;
const W_CALENDAR: u32 = 1 << 14;
const W_BRAND: u32 = 1 << 15;
const W_ORG_ANY: u32 = 1 << 16;
const W_FUNCTION: u32 = 1 << 17;
const W_DEMONYM: u32 = 1 << 18;
const W_SURNAME: u32 = 1 << 19;
const W_ORG_OF: u32 = 1 << 20;
const W_WEAK_LOC: u32 = 1 << 21;
const W_NAME_PREFIX: u32 = 1 << 22;
const W_COUNTY: u32 = 1 << 23;
const W_PERSON_NOUN: u32 = 1 << 24;
const W_FEATURE: u32 = 1 << 25;

/// Words that make what follows a location: "in X", "near X".
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "from",
    "to",
    "into",
    "outside",
    "inside",
    "across",
    "around",
    "throughout",
    "toward",
    "towards",
    "via",
    "through",
    "within",
    "along",
    "beyond",
    "off",
    "visited",
    "visiting",
    "toured",
    "captured",
    "recaptured",
    "shelled",
    "bombarded",
    "liberated",
    "occupied",
    "evacuated",
    "entered",
];
/// Capitalised words that make the next name part of another name.
const NAME_PREFIX: &[&str] = &[
    "la", "le", "el", "los", "las", "les", "lake", "mount", "mt.", "cape", "port", "fort", "san",
    "santa", "saint", "st.", "new", "upper", "lower", "little", "great",
];
/// Nouns for people that, before a capitalised word, make it a name
/// ("actor Chad", "chairman Markham Robinson").
const PERSON_NOUNS: &[&str] = &[
    "chairman",
    "chairwoman",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "actor",
    "actress",
    "singer",
    "rapper",
    "musician",
    "player",
    "striker",
    "goalkeeper",
    "author",
    "writer",
    "novelist",
    "journalist",
    "reporter",
    "lawyer",
    "attorney",
    "candidate",
    "congressman",
    "congresswoman",
    "senator",
    "nominee",
    "founder",
    "ceo",
    "boss",
    "daughter",
    "son",
    "wife",
    "husband",
    "mother",
    "mom",
    "dad",
    "brother",
    "sister",
    "cousin",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
    "defendant",
    "suspect",
    "victim",
    "comedian",
    "host",
    "presenter",
    "director",
    "producer",
    "coach",
    "manager",
];
/// Features named after a place that are not the place: "Jordan River",
/// "Torres Strait", "Niger Delta".
const FEATURE_WORDS: &[&str] = &[
    "river",
    "valley",
    "lake",
    "bay",
    "island",
    "islands",
    "harbour",
    "harbor",
    "falls",
    "mountains",
    "strait",
    "straits",
    "peninsula",
    "delta",
    "sea",
    "gulf",
    "canal",
    "basin",
    "creek",
    "reservoir",
    "dam",
    "glacier",
    "desert",
    "forest",
    "park",
    "station",
    "square",
    "street",
    "road",
    "avenue",
    "bridge",
    "stadium",
    "arena",
    "hospital",
    "prison",
    "zoo",
];
/// Sub-regions smaller than an admin-1 region, named after a town.
const COUNTY: &[&str] = &["county", "parish", "borough", "township", "shire"];
/// The locative words that also take people ("to", "from").
const WEAK_LOCATIVE: &[&str] = &[
    "from", "to", "toward", "towards", "via", "through", "along", "beyond", "off", "visited",
    "visiting", "entered",
];
/// Direction adjectives allowed between a locative word and a name.
const DIRECTION: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "downtown",
    "coastal",
    "rural",
    "occupied",
    "neighbouring",
    "neighboring",
    "nearby",
    "war-torn",
];
/// Heads of "the X of Y" that make Y a place.
const OF_HEAD: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "state",
    "capital",
    "port",
    "district",
    "county",
    "island",
    "islands",
    "municipality",
    "outskirts",
    "suburbs",
    "suburb",
    "streets",
    "residents",
    "mayor",
    "governor",
    "centre",
    "center",
    "heart",
    "north",
    "south",
    "east",
    "west",
    "coast",
    "shores",
    "border",
    "borders",
    "people",
    "citizens",
    "inhabitants",
];
/// Titles before a surname: what follows is a person.
const TITLES: &[&str] = &[
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sen.",
    "senator",
    "rep.",
    "representative",
    "gov.",
    "president",
    "gen.",
    "general",
    "lt.",
    "col.",
    "capt.",
    "sgt.",
    "coach",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "lord",
    "lady",
    "sir",
    "dame",
    "pope",
    "minister",
    "secretary",
    "chancellor",
    "mayor",
    "sheikh",
    "emir",
    "ayatollah",
    "imam",
    "rabbi",
    "father",
    "brother",
    "sister",
    "professor",
    "prof.",
    "officer",
    "detective",
    "agent",
    "commissioner",
    "ambassador",
    "premier",
];
/// Words after a place name that make the whole an organisation or team.
const ORG: &[&str] = &[
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "chronicle",
    "telegraph",
    "examiner",
    "globe",
    "courier",
    "observer",
    "standard",
    "university",
    "college",
    "institute",
    "fc",
    "united",
    "stock",
    "exchange",
    "symphony",
    "orchestra",
    "airlines",
    "airways",
    "motors",
    "group",
    "corp",
    "corp.",
    "corporation",
    "inc",
    "inc.",
    "ltd",
    "ltd.",
    "club",
    "rangers",
    "rovers",
    "wanderers",
    "athletic",
    "bulls",
    "lakers",
    "giants",
    "jets",
    "bears",
    "lions",
    "tigers",
    "eagles",
    "sharks",
    "kings",
    "warriors",
    "capitals",
    "nationals",
    "senators",
    "thunder",
    "heat",
    "magic",
    "pistons",
    "celtics",
    "knicks",
    "nets",
    "raptors",
    "rockets",
    "spurs",
    "suns",
    "cowboys",
    "patriots",
    "steelers",
    "packers",
    "dolphins",
    "saints",
    "broncos",
    "chiefs",
    "cardinals",
    "braves",
    "dodgers",
    "yankees",
    "mets",
    "cubs",
    "sox",
    "redskins",
    "commanders",
    "hotspur",
    "wolves",
    "review",
    "press",
    "open",
    "masters",
    "grand",
    "air",
    "news",
    "agency",
];
/// Heads of "X of Y" that make the whole an organisation.
const ORG_OF: &[&str] = &[
    "university",
    "college",
    "institute",
    "museum",
    "bank",
    "school",
    "academy",
];
/// Words after a place name that, in any case, make the whole a named
/// thing rather than a place ("Paris agreement", "Stockholm syndrome").
const ORG_ANY: &[&str] = &[
    "agreement",
    "agreements",
    "accord",
    "accords",
    "protocol",
    "protocols",
    "convention",
    "conventions",
    "syndrome",
    "declaration",
    "treaty",
    "marathon",
    "format",
];
/// Admin words that follow an admin-1 name in lower case.
const ADMIN: &[&str] = &[
    "province",
    "region",
    "oblast",
    "state",
    "governorate",
    "prefecture",
    "krai",
    "county",
    "department",
    "territory",
    "emirate",
];
/// Place words: what follows makes the preceding name a place.
const PLACE_WORD: &[&str] = &[
    "city",
    "airport",
    "border",
    "coast",
    "district",
    "port",
    "outskirts",
    "area",
    "capital",
    "metropolitan",
    "residents",
    "suburbs",
    "mayor",
    "municipality",
];
/// Speech verbs: a person-like name before them is a person.
const SAID: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "argued",
    "wrote",
    "tweeted",
    "announced",
    "explained",
    "insisted",
    "noted",
    "stated",
    "asked",
    "replied",
    "responded",
    "claimed",
    "admitted",
];
/// Words that alone make a sentence about sport.
const SPORTS: &[&str] = &[
    "scored",
    "goalkeeper",
    "striker",
    "midfielder",
    "quarterback",
    "touchdown",
    "touchdowns",
    "nba",
    "nfl",
    "nhl",
    "mlb",
    "mls",
    "fifa",
    "uefa",
    "playoffs",
    "playoff",
    "innings",
    "wicket",
    "wickets",
    "halftime",
    "half-time",
    "hat-trick",
    "rebounds",
    "premiership",
    "bundesliga",
    "laliga",
    "serie",
    "grand",
    "semifinal",
    "semi-final",
    "quarterfinal",
    "quarter-final",
    "goalless",
    "olympian",
    "paralympian",
];
/// Words of which two make a sentence about sport.
const SPORTS_WEAK: &[&str] = &[
    "match",
    "season",
    "points",
    "game",
    "games",
    "team",
    "coach",
    "league",
    "cup",
    "win",
    "won",
    "beat",
    "defeated",
    "championship",
    "tournament",
    "goal",
    "goals",
    "player",
    "players",
    "final",
    "victory",
    "draw",
    "medal",
    "title",
    "rebound",
    "assists",
    "fans",
];
/// Words that may stand capitalised before a name at the start of a
/// sentence or in a heading without being part of it.
const FUNCTION: &[&str] = &[
    "a",
    "an",
    "and",
    "but",
    "or",
    "as",
    "for",
    "with",
    "by",
    "after",
    "before",
    "during",
    "when",
    "while",
    "since",
    "if",
    "its",
    "his",
    "her",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "both",
    "all",
    "many",
    "some",
    "most",
    "several",
    "local",
    "on",
    "about",
    "against",
    "over",
    "under",
    "like",
    "unlike",
    "meanwhile",
    "however",
    "also",
    "yesterday",
    "today",
    "tonight",
    "now",
    "then",
    "so",
    "yet",
];
/// Demonyms and similar words that GeoNames lists among cities' names.
const DEMONYMS: &[&str] = &[
    "thai",
    "latina",
    "latino",
    "latinos",
    "latinas",
    "hispanic",
    "arab",
    "arabs",
    "kurd",
    "kurds",
    "turk",
    "turks",
    "serb",
    "serbs",
    "croat",
    "croats",
    "pole",
    "poles",
    "dane",
    "danes",
    "swede",
    "swedes",
    "finn",
    "finns",
    "scot",
    "scots",
    "brit",
    "brits",
    "yankee",
    "roma",
    "sikh",
    "hindu",
    "jew",
    "jews",
    "muslim",
    "christian",
    "catholic",
    "roman",
];
/// Months and weekdays (never the start of a surname).
const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Place names that are as often people (given names and surnames).
const PERSON_PLACES: &[&str] = &[
    "jordan",
    "chad",
    "georgia",
    "paris",
    "austin",
    "sydney",
    "florence",
    "victoria",
    "charlotte",
    "madison",
    "aurora",
    "tyler",
    "eugene",
    "troy",
    "marion",
    "elizabeth",
    "alexandria",
    "orlando",
    "regina",
    "dallas",
    "houston",
    "lincoln",
    "jackson",
    "hamilton",
    "nelson",
    "clinton",
    "warren",
    "franklin",
    "wilson",
    "marshall",
    "carson",
    "lawrence",
    "harrison",
    "bolton",
    "lancaster",
    "milton",
    "clifton",
    "ashton",
    "shelby",
    "beverly",
    "kingston",
    "sherman",
    "dayton",
    "tracy",
    "camden",
    "chester",
    "preston",
    "kent",
    "darwin",
    "hastings",
    "montgomery",
    "columbus",
    "raleigh",
    "wellington",
    "bristol",
    "burlington",
    "douglas",
    "stanley",
    "gary",
    "logan",
    "taylor",
    "mercedes",
    "santiago",
    "vernon",
    "denver",
    "cleveland",
    "lafayette",
    "hudson",
    "salem",
    "carolina",
    "virginia",
    "savannah",
    "brooklyn",
    "eden",
    "hope",
    "grace",
    "faith",
    "joy",
    "aden",
    "ramsey",
    "harlow",
    "crawley",
    "barrow",
    "burton",
    "morgan",
    "walker",
    "young",
    "martin",
    "rogers",
    "mason",
    "griffin",
    "bell",
    "newton",
    "chandler",
    "davenport",
    "garland",
    "jasper",
    "tucker",
    "sandy",
    "wright",
    "grant",
    "palmer",
    "pierce",
    "quincy",
    "auburn",
    "albany",
    "boyd",
    "leon",
    "rochester",
    "richmond",
    "norman",
    "nancy",
    "ali",
    "indiana",
];
/// Common English surnames that are also towns ("Naomi Campbell said").
const SURNAMES: &[&str] = &[
    "adams",
    "allen",
    "anderson",
    "baker",
    "barnes",
    "bell",
    "brooks",
    "brown",
    "burke",
    "butler",
    "campbell",
    "carter",
    "clark",
    "collins",
    "cook",
    "cooper",
    "cox",
    "davis",
    "edwards",
    "evans",
    "fisher",
    "foster",
    "garner",
    "gibson",
    "graham",
    "grant",
    "gray",
    "green",
    "griffin",
    "hall",
    "harris",
    "hayes",
    "henderson",
    "hill",
    "howard",
    "hughes",
    "hunt",
    "james",
    "jenkins",
    "johnson",
    "jones",
    "kelly",
    "kennedy",
    "king",
    "lewis",
    "long",
    "miller",
    "mitchell",
    "moore",
    "morris",
    "murphy",
    "murray",
    "parker",
    "perry",
    "phillips",
    "powell",
    "price",
    "reed",
    "reynolds",
    "richardson",
    "roberts",
    "robinson",
    "ross",
    "russell",
    "scott",
    "shaw",
    "simpson",
    "stewart",
    "sullivan",
    "thompson",
    "turner",
    "ward",
    "watson",
    "webb",
    "wells",
    "white",
    "williams",
    "wood",
    "roosevelt",
    "delano",
    "ripley",
    "granger",
    "carlisle",
    "kingsley",
    "torres",
    "garcia",
    "lopez",
    "gonzalez",
    "rodriguez",
    "hernandez",
    "sanchez",
    "ramirez",
    "cruz",
    "flores",
    "rivera",
    "gomez",
    "diaz",
    "reyes",
    "morales",
    "ortiz",
    "gutierrez",
    "chavez",
    "ramos",
    "ruiz",
    "mendoza",
    "castillo",
    "moreno",
    "romero",
    "alvarez",
    "vargas",
    "medina",
    "herrera",
    "castro",
    "guzman",
    "fernandez",
    "santos",
    "silva",
    "costa",
    "pereira",
    "oliveira",
    "souza",
    "gardner",
    "carvalho",
    "almeida",
    "barbosa",
    "rocha",
    "moro",
    "khan",
    "singh",
    "patel",
    "kumar",
    "shah",
    "ahmed",
    "hussain",
    "ali",
    "hamid",
];
/// Brands and other proper nouns that are also cities.
const BRANDS: &[&str] = &[
    "toyota", "nokia", "bata", "zara", "hershey", "orange", "mercedes", "jaguar", "lotus", "puma",
    "corona", "tesla", "ford", "apple", "amazon", "shell", "dodge", "subaru", "hitachi", "suzuki",
    "kawasaki", "yamaha", "ajax", "mercury", "venus", "mars", "jupiter", "saturn", "uranus",
    "neptune", "pluto", "earth", "moon", "sun", "molotov",
];
/// Common given names, to spot "Michael Jordan" and "Chad Smith".
const FIRST_NAMES: &[&str] = &[
    "aaron",
    "abdul",
    "abdullah",
    "adam",
    "adrian",
    "ahmad",
    "ahmed",
    "aisha",
    "alan",
    "albert",
    "alberto",
    "alex",
    "alexander",
    "alexandra",
    "alexei",
    "alexey",
    "alexis",
    "alfred",
    "ali",
    "alice",
    "alicia",
    "allen",
    "amanda",
    "amber",
    "amelia",
    "amir",
    "amy",
    "ana",
    "anderson",
    "andre",
    "andrea",
    "andreas",
    "andrei",
    "andrew",
    "andrey",
    "andy",
    "angela",
    "angelo",
    "anna",
    "anne",
    "annie",
    "anthony",
    "antonio",
    "arthur",
    "ashley",
    "barack",
    "barbara",
    "barry",
    "ben",
    "benjamin",
    "bernard",
    "bernie",
    "beth",
    "betty",
    "bill",
    "billy",
    "bob",
    "bobby",
    "boris",
    "brad",
    "brandon",
    "brian",
    "bruce",
    "bryan",
    "carl",
    "carlos",
    "carmen",
    "carol",
    "caroline",
    "catherine",
    "charles",
    "charlie",
    "chris",
    "christian",
    "christina",
    "christine",
    "christopher",
    "claire",
    "clara",
    "craig",
    "dan",
    "daniel",
    "danny",
    "dave",
    "david",
    "dean",
    "deborah",
    "dennis",
    "diana",
    "diane",
    "dmitry",
    "dmitri",
    "don",
    "donald",
    "donna",
    "doris",
    "dorothy",
    "doug",
    "douglas",
    "dylan",
    "ed",
    "eddie",
    "edward",
    "elena",
    "elizabeth",
    "ella",
    "emily",
    "emma",
    "emmanuel",
    "eric",
    "erik",
    "eva",
    "evan",
    "fatima",
    "felix",
    "fernando",
    "francis",
    "frank",
    "fred",
    "gary",
    "george",
    "gerald",
    "gloria",
    "grace",
    "greg",
    "gregory",
    "hannah",
    "harold",
    "harry",
    "heather",
    "helen",
    "henry",
    "hillary",
    "hugo",
    "ian",
    "igor",
    "isabel",
    "ivan",
    "jack",
    "jacob",
    "james",
    "jane",
    "janet",
    "jason",
    "javier",
    "jean",
    "jeff",
    "jeffrey",
    "jennifer",
    "jeremy",
    "jerry",
    "jessica",
    "jim",
    "jimmy",
    "joan",
    "joe",
    "joel",
    "john",
    "johnny",
    "jon",
    "jonathan",
    "jorge",
    "jose",
    "josé",
    "joseph",
    "josh",
    "joshua",
    "juan",
    "julia",
    "julian",
    "julie",
    "justin",
    "karen",
    "karl",
    "kate",
    "katherine",
    "kathleen",
    "keith",
    "kelly",
    "ken",
    "kenneth",
    "kevin",
    "kim",
    "kyle",
    "larry",
    "laura",
    "lauren",
    "lebron",
    "lee",
    "leo",
    "lily",
    "linda",
    "lisa",
    "lloyd",
    "louis",
    "lucas",
    "lucy",
    "luis",
    "luke",
    "marco",
    "maria",
    "marie",
    "mario",
    "mark",
    "martin",
    "mary",
    "matt",
    "matthew",
    "max",
    "megan",
    "melissa",
    "michael",
    "michel",
    "michelle",
    "miguel",
    "mike",
    "mikhail",
    "mohamed",
    "mohammad",
    "mohammed",
    "muhammad",
    "nancy",
    "natalie",
    "nathan",
    "nicholas",
    "nick",
    "nicola",
    "nicolas",
    "nicole",
    "nikolai",
    "nina",
    "oliver",
    "olivia",
    "omar",
    "oscar",
    "pablo",
    "pamela",
    "patricia",
    "patrick",
    "paul",
    "pedro",
    "peter",
    "philip",
    "pierre",
    "rachel",
    "ralph",
    "raymond",
    "rebecca",
    "richard",
    "rick",
    "rob",
    "robert",
    "roberto",
    "roger",
    "ron",
    "ronald",
    "rose",
    "ruth",
    "ryan",
    "sally",
    "sam",
    "samuel",
    "sandra",
    "sara",
    "sarah",
    "scott",
    "sean",
    "sergei",
    "sergey",
    "sharon",
    "simon",
    "sofia",
    "sophia",
    "sophie",
    "stephen",
    "steve",
    "steven",
    "susan",
    "ted",
    "thomas",
    "tim",
    "timothy",
    "tom",
    "tommy",
    "tony",
    "valerie",
    "victor",
    "vincent",
    "vladimir",
    "walter",
    "wayne",
    "william",
    "yuri",
    "zachary",
    "joanna",
    "recep",
    "vera",
    "leslie",
    "sidney",
    "cory",
    "rand",
    "ted",
    "mitt",
    "nikki",
    "kirsten",
    "pete",
    "stanislav",
    "borna",
    "gyula",
    "esperanza",
    "bradley",
    "conway",
    "merrick",
    "kyle",
    "naomi",
    "hermione",
    "whitney",
    "jasim",
    "nur",
    "abu",
    "hassan",
    "hussein",
    "karim",
    "mahmoud",
    "mustafa",
    "yusuf",
    "ibrahim",
    "ismail",
    "khalid",
    "tariq",
    "salman",
    "faisal",
    "franklin",
    "marion",
    "nelson",
    "warren",
    "winston",
    "sydney",
    "chelsea",
    "austin",
    "tyler",
    "logan",
    "mason",
    "madison",
    "savannah",
    "victoria",
    "florence",
    "georgia",
    "jordan",
    "chad",
    "paris",
    "dallas",
    "regina",
    "eugene",
    "troy",
    "santiago",
    "carmen",
    "mercedes",
    "dolores",
    "lourdes",
    "rosario",
    "pilar",
    "consuelo",
    "soledad",
    "angeles",
    "jair",
    "narendra",
    "xi",
    "li",
    "wang",
    "zhang",
    "kamala",
    "volodymyr",
    "olaf",
    "angela",
    "rishi",
    "keir",
    "justin",
    "jacinda",
    "scott",
    "lionel",
    "cristiano",
    "kobe",
    "magic",
    "shaquille",
    "tiger",
    "serena",
    "venus",
    "rafael",
    "novak",
    "roger",
];

/// The classes of a folded word (0 for none).
fn word_class(key: &str) -> u32 {
    static TABLE: OnceLock<FastMap<&'static str, u32>> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        let mut m: FastMap<&'static str, u32> = FastMap::default();
        let lists: [(&[&str], u32); 25] = [
            (PERSON_NOUNS, W_PERSON_NOUN),
            (FEATURE_WORDS, W_FEATURE),
            (NAME_PREFIX, W_NAME_PREFIX),
            (COUNTY, W_COUNTY),
            (WEAK_LOCATIVE, W_WEAK_LOC),
            (ORG_OF, W_ORG_OF),
            (SURNAMES, W_SURNAME),
            (ORG_ANY, W_ORG_ANY),
            (FUNCTION, W_FUNCTION),
            (DEMONYMS, W_DEMONYM),
            (LOCATIVE, W_LOCATIVE),
            (DIRECTION, W_DIRECTION),
            (&["the"], W_THE),
            (&["of"], W_OF),
            (OF_HEAD, W_OF_HEAD),
            (FIRST_NAMES, W_FIRST_NAME),
            (TITLES, W_TITLE),
            (PERSON_PLACES, W_PERSON_PLACE),
            (ORG, W_ORG),
            (ADMIN, W_ADMIN),
            (PLACE_WORD, W_PLACE_WORD),
            (SAID, W_SAID),
            (SPORTS, W_SPORTS),
            (SPORTS_WEAK, W_SPORTS_WEAK),
            (CALENDAR, W_CALENDAR),
        ];
        for (list, bit) in lists {
            for w in list {
                *m.entry(w).or_insert(0) |= bit;
            }
        }
        for w in BRANDS {
            *m.entry(w).or_insert(0) |= W_BRAND;
        }
        m
    });
    t.get(key).copied().unwrap_or(0)
}

/// The classes of a token, folded into `buf`.
fn class_of(form: &str, buf: &mut String) -> u32 {
    if form.len() > 24 {
        return 0;
    }
    buf.clear();
    fold_into(form, buf);
    word_class(buf)
}

/// Whether a unit is about sport: one strong sports word, or two weak ones.
fn is_sports(toks: &[Tok], buf: &mut String) -> bool {
    let mut weak = 0;
    for t in toks {
        let c = class_of(t.form, buf);
        if c & W_SPORTS != 0 {
            return true;
        }
        if c & W_SPORTS_WEAK != 0 {
            weak += 1;
            if weak >= 2 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(String, Option<String>, PlaceKind)> {
        let a = dyad_text::analyze(text);
        find_places(Gazetteer::builtin(), text, &a)
            .into_iter()
            .map(|m| (m.place.name, m.place.country, m.place.kind))
            .collect()
    }

    #[test]
    fn word_lists_are_lower_case() {
        for list in [
            LOCATIVE,
            DIRECTION,
            OF_HEAD,
            TITLES,
            ORG,
            ORG_ANY,
            ADMIN,
            NAME_PREFIX,
            COUNTY,
            WEAK_LOCATIVE,
            ORG_OF,
            PERSON_NOUNS,
            FEATURE_WORDS,
            PLACE_WORD,
            SAID,
            SPORTS,
            SPORTS_WEAK,
            CALENDAR,
            PERSON_PLACES,
            BRANDS,
            FIRST_NAMES,
            FUNCTION,
            DEMONYMS,
            SURNAMES,
        ] {
            for w in list {
                let mut k = String::new();
                fold_into(w, &mut k);
                assert!(k == *w || w.contains('é'), "{w:?} is not a folded key");
            }
        }
    }

    #[test]
    fn simple_mentions() {
        let p = places("The talks were held in Beijing and later in Hangzhou.");
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(p[0].0, "Beijing");
        assert_eq!(p[1].0, "Hangzhou");
    }

    #[test]
    fn empty_and_odd_inputs() {
        for t in ["", " ", "\u{2014}", "In", "in the", "Of Of Of", "\u{feff}X"] {
            let _ = places(t);
        }
    }
}
