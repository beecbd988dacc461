//! Where and when each event happened, and who spoke each quotation: the
//! coder's use of `dyad-enrich`'s findings.
//!
//! The enricher finds time expressions, places and quotations without
//! knowing the grammar of a sentence or who its actors are; the coder knows
//! both. So the choices that need them are made here:
//!
//! * an event's **date** is the time expression in its own clause (the
//!   clause's tokens, without the clauses embedded in it), else in the
//!   clause it is part of (a conjoined, adverbial, relative or
//!   complement clause: "Later on Tuesday X met Y, where he denounced…";
//!   never through reported speech), resolved with the clause's tense
//!   ("will meet on Tuesday" is the next Tuesday); else the publication
//!   date. The end of a range or the start of a duration ("to May 1",
//!   "until", "since") is not the event's date;
//! * the document's **places** are the place names used as locations: a
//!   name that also names an actor ("Beijing said", "Russia imposed",
//!   "trade with China") is an actor, not a place, unless a locative
//!   preposition precedes it ("in Beijing") or it is "the island of
//!   Taiwan";
//! * an event's **place** is a place in its clause, else in its sentence,
//!   else the dateline's place, else the document's dominant place;
//! * a quotation's **speaker** is resolved like any subject: names from
//!   the dictionary, pronouns and descriptions from the document's memory.

use dyad_dict::Day;
use dyad_enrich::dates::{self, Precision, TimeExpr};
use dyad_enrich::places::PlaceMention;
use dyad_enrich::Enrichment;
use dyad_text::{Analysis, Document, Sentence};

use crate::mentions::{self, Resolver};
use crate::tree::Tree;
use crate::{Coder, Event, EventPlace};

/// Prepositions that make a place name a location even when the name
/// also names an actor ("talks in Beijing", "troops in Ukraine").
#[rustfmt::skip]
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "inside", "across", "throughout", "within", "around", "into",
    "via", "through",
];

/// Nouns whose "of" phrase is a location ("the island of Taiwan", "the
/// city of Kharkiv").
const PLACE_NOUNS: &[&str] = &[
    "island",
    "city",
    "town",
    "village",
    "province",
    "region",
    "capital",
    "state",
    "port",
    "coast",
    "outskirts",
    "suburbs",
    "centre",
    "center",
    "north",
    "south",
    "east",
    "west",
    "streets",
    "border",
    "territory",
    "district",
    "county",
    "area",
    "parts",
];

/// How precise a date is, as the output names it.
pub(crate) fn precision_name(p: Precision) -> &'static str {
    match p {
        Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
    }
}

/// The token ids (1-based) whose bytes lie inside `[start, end)`.
fn tokens_in(s: &Sentence, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
    s.tokens
        .iter()
        .enumerate()
        .filter(move |(_, t)| t.start >= start && t.end <= end)
        .map(|(i, _)| i + 1)
}

/// The token of a span whose head lies outside it (the phrase's head).
fn head_of(tree: &Tree, s: &Sentence, start: usize, end: usize) -> Option<usize> {
    let ids: Vec<usize> = tokens_in(s, start, end).collect();
    ids.iter()
        .copied()
        .find(|&i| !ids.contains(&tree.head(i)))
        .or_else(|| ids.first().copied())
}

/// Whether byte `at` falls on one of the tokens `ids` of `s`.
fn on_tokens(s: &Sentence, ids: &[usize], at: usize) -> bool {
    ids.iter().any(|&i| {
        let t = &s.tokens[i - 1];
        t.start <= at && at < t.end
    })
}

/// Whether a time expression ends a range or starts a duration ("extended
/// the lockdown to May 1", "until December", "since March"): not when the
/// event happened.
fn range_end(s: &Sentence, d: &TimeExpr) -> bool {
    let before = s
        .tokens
        .iter()
        .take_while(|t| t.end <= d.start)
        .last()
        .map(|t| t.form().to_ascii_lowercase());
    matches!(
        before.as_deref(),
        Some("to" | "until" | "till" | "through" | "since" | "before" | "after")
    )
}

/// Whether a place mention is used as a location, not as an actor: a name
/// that names no actor ("Hangzhou"), or one after a locative preposition
/// ("in Beijing") or in "the island of Taiwan". "Russia imposed",
/// "Beijing's dedication" and "trade with China" are actors.
fn locative(s: &Sentence, p: &PlaceMention, actor_spans: &[(usize, usize)]) -> bool {
    let after = s.tokens.iter().find(|t| t.start >= p.end).map(|t| t.form());
    if matches!(after, Some("'s" | "'")) {
        return false;
    }
    let is_actor = actor_spans.iter().any(|&(a, b)| a < p.end && p.start < b);
    if !is_actor {
        return true;
    }
    // The two words before the name, past articles and direction words.
    let mut before = s
        .tokens
        .iter()
        .rev()
        .skip_while(|t| t.end > p.start)
        .map(|t| t.form().to_ascii_lowercase())
        .filter(|w| {
            !matches!(
                w.as_str(),
                "the" | "a" | "an" | "northern" | "southern" | "eastern" | "western" | "central"
            )
        });
    let (last, prev) = (before.next(), before.next());
    match (prev, last) {
        (_, Some(w)) if LOCATIVE.contains(&w.as_str()) => true,
        (Some(noun), Some(of)) if of == "of" => {
            PLACE_NOUNS.contains(&noun.as_str())
                || PLACE_NOUNS.contains(&noun.trim_end_matches('s'))
        }
        _ => false,
    }
}

/// Keeps the place mentions that are locations (see [`locative`]); the
/// dateline's place always is. Actors are looked up only in sentences
/// that mention a place. Then chooses the document's dominant place.
pub(crate) fn keep_locations(
    coder: &Coder,
    analysis: &Analysis,
    day: Option<Day>,
    enr: &mut Enrichment,
) {
    // Weighed before the actors' names are dropped: "Beijing said" counts
    // for China.
    let weights = country_weights(&enr.places);
    let mut actor_spans: Vec<(usize, usize)> = Vec::new();
    let mut for_sentence = 0;
    enr.places.retain(|p| {
        let Some(s) = p.sentence_id.and_then(|id| analysis.sentences.get(id - 1)) else {
            return true;
        };
        if for_sentence != s.id {
            for_sentence = s.id;
            actor_spans = mentions::find(&coder.actors, &s.tokens, day)
                .iter()
                .map(|f| f.span(&s.tokens))
                .collect();
        }
        locative(s, p, &actor_spans)
    });
    enr.dominant_place = dominant(&weights, &enr.places);
}

/// How much a document is about one country.
struct CountryWeight {
    /// ISO-3 code.
    code: String,
    /// Its mentions, the lead's counting double.
    weight: usize,
    /// Its mentions.
    mentions: usize,
    /// The first mention of the country itself (not a place in it).
    itself: Option<PlaceMention>,
}

/// Every mention of a place counts for its country, as a location or as an
/// actor; in order of first mention.
fn country_weights(all: &[PlaceMention]) -> Vec<CountryWeight> {
    let mut weights: Vec<CountryWeight> = Vec::new();
    for p in all {
        let Some(c) = p.place.country.as_deref() else {
            continue;
        };
        let i = match weights.iter().position(|w| w.code == c) {
            Some(i) => i,
            None => {
                weights.push(CountryWeight {
                    code: c.to_string(),
                    weight: 0,
                    mentions: 0,
                    itself: None,
                });
                weights.len() - 1
            }
        };
        let w = &mut weights[i];
        w.weight += if p.sentence_id.is_some_and(|s| s <= 2) {
            2
        } else {
            1
        };
        w.mentions += 1;
        if w.itself.is_none() && p.place.kind == dyad_enrich::gazetteer::PlaceKind::Country {
            w.itself = Some(p.clone());
        }
    }
    weights
}

/// The document's dominant place, where its events without a place of
/// their own happened:
///
/// * the dateline's place;
/// * else, in the country the document is most about (every mention of
///   its places counts, as a location or as an actor: "Beijing said"
///   counts for China; the lead's mentions count double), the first
///   location named in the lead (the first two sentences) if it lies in
///   that country ("talks in Beijing"), or the one place of that country
///   the document names as a location more often than all its others
///   together;
/// * else that country itself, when the document names it at least twice.
///
/// A story about United States politics that names a dozen states happened
/// in the United States, not in the state named most.
fn dominant(weights: &[CountryWeight], kept: &[PlaceMention]) -> Option<PlaceMention> {
    if let Some(p) = kept.iter().find(|p| p.from_dateline) {
        return Some(p.clone());
    }
    // The first country to reach the top weight wins ties.
    let top = weights.iter().map(|w| w.weight).max()?;
    let main = weights.iter().find(|w| w.weight == top)?;
    let country = main.code.as_str();
    let in_country = |p: &&PlaceMention| p.place.country.as_deref() == Some(country);
    let finer = |p: &&PlaceMention| p.place.kind != dyad_enrich::gazetteer::PlaceKind::Country;
    if let Some(lead) = kept
        .iter()
        .filter(|p| p.sentence_id.is_some_and(|s| s <= 2))
        .find(|p| in_country(p))
    {
        return Some(lead.clone());
    }
    let places: Vec<&PlaceMention> = kept.iter().filter(in_country).filter(finer).collect();
    let mut counts: std::collections::HashMap<(&str, Option<u32>), usize> = Default::default();
    for p in &places {
        *counts
            .entry((p.place.name.as_str(), p.place.geonames_id))
            .or_default() += 1;
    }
    if let Some(best) = places
        .iter()
        .max_by_key(|p| counts[&(p.place.name.as_str(), p.place.geonames_id)])
    {
        let n = counts[&(best.place.name.as_str(), best.place.geonames_id)];
        if 2 * n > places.len() && n >= 2 {
            return Some((*best).clone());
        }
    }
    if main.mentions < 2 {
        return None;
    }
    main.itself.clone()
}

/// Gives each event of sentence `s` its date, place and quotations.
pub(crate) fn events<'e>(
    tree: &Tree,
    doc: &Document,
    s: &Sentence,
    events: impl Iterator<Item = &'e mut Event>,
    enr: &Enrichment,
    index: &Index,
) {
    let published = doc.published.as_deref();
    let at = index.of(s.id);
    let sentence_dates: Vec<&TimeExpr> = at.dates.iter().map(|&i| &enr.dates[i]).collect();
    let sentence_places: Vec<&PlaceMention> = at.places.iter().map(|&i| &enr.places[i]).collect();
    let quotes: Vec<usize> = at.quotes.iter().map(|&i| enr.quotes[i].id).collect();
    for ev in events {
        let Some(anchor) = head_of(tree, s, ev.evidence.verb[0], ev.evidence.verb[1]) else {
            continue;
        };
        let (head, clause) = tree.clause(anchor);
        let anchor_at = s.tokens[anchor - 1].start;
        let nearest = |start: usize| start.abs_diff(anchor_at);
        // The clause's own time expression; else, for a clause that is part
        // of a larger one ("…, where he denounced", "and expressed"), the
        // larger clause's (not through reported speech: "said on Monday
        // that X attacked" does not date the attack).
        let mut scope = (head, clause.clone());
        let date = loop {
            let found = sentence_dates
                .iter()
                .filter(|d| on_tokens(s, &scope.1, d.start) && !range_end(s, d))
                .min_by_key(|d| nearest(d.start));
            if found.is_some() {
                break found;
            }
            let h = scope.0;
            let up = tree.head(h);
            if up == 0
                || !matches!(
                    tree.rel(h),
                    "conj" | "advcl" | "acl" | "xcomp" | "parataxis"
                )
            {
                break None;
            }
            scope = tree.clause(up);
        };
        if let Some(d) = date {
            let future = tree.is_future(head);
            let value = if d.relative {
                dates::resolve_tense(d, published, future)
            } else {
                d.value.clone()
            };
            // What is planned ("invited Xi to visit next year", "will meet
            // next week") is reported, and dated, now: an event is never
            // dated after its publication.
            let value = value.filter(|v| !after_publication(v, published));
            if let Some(v) = value {
                ev.date = Some(v);
                ev.date_precision = Some(precision_name(d.precision).to_string());
                ev.date_span = Some([d.start, d.end]);
            }
        }
        let in_clause = sentence_places
            .iter()
            .filter(|p| on_tokens(s, &clause, p.start))
            .min_by_key(|p| nearest(p.start));
        let place = in_clause
            .map(|p| (*p, "clause"))
            .or_else(|| {
                sentence_places
                    .iter()
                    .min_by_key(|p| nearest(p.start))
                    .map(|p| (*p, "sentence"))
            })
            .or_else(|| {
                enr.places
                    .iter()
                    .find(|p| p.from_dateline)
                    .map(|p| (p, "dateline"))
            })
            .or_else(|| enr.dominant_place.as_ref().map(|p| (p, "document")));
        ev.place = place.map(|(p, basis)| EventPlace {
            place: p.place.clone(),
            span: (basis != "document").then_some([p.start, p.end]),
            basis,
        });
        ev.quotes = quotes.clone();
    }
}

/// Where a sentence's dates, places, quotations and quotation speakers
/// are in an [`Enrichment`]'s lists: built once per document, so that
/// attaching costs no scan of the whole document per sentence (a 50 MB
/// document has hundreds of thousands of sentences).
#[derive(Default)]
pub(crate) struct Index {
    by_sentence: std::collections::HashMap<usize, At>,
}

/// The positions, in an [`Enrichment`]'s lists, of one sentence's findings.
#[derive(Default)]
pub(crate) struct At {
    dates: Vec<usize>,
    places: Vec<usize>,
    quotes: Vec<usize>,
    speakers: Vec<usize>,
}

impl Index {
    pub(crate) fn new(enr: &Enrichment, analysis: &Analysis) -> Self {
        let mut by_sentence: std::collections::HashMap<usize, At> = Default::default();
        for (i, d) in enr.dates.iter().enumerate() {
            by_sentence.entry(d.sentence_id).or_default().dates.push(i);
        }
        for (i, p) in enr.places.iter().enumerate() {
            if let Some(id) = p.sentence_id {
                by_sentence.entry(id).or_default().places.push(i);
            }
        }
        let sentences = &analysis.sentences;
        for (i, q) in enr.quotes.iter().enumerate() {
            for &id in &q.sentence_ids {
                by_sentence.entry(id).or_default().quotes.push(i);
            }
            if let Some(sp) = &q.speaker {
                let k = sentences.partition_point(|s| s.end < sp.end);
                if let Some(s) = sentences.get(k).filter(|s| s.start <= sp.start) {
                    by_sentence.entry(s.id).or_default().speakers.push(i);
                }
            }
        }
        Index { by_sentence }
    }

    /// The places named in a sentence that have a country: (first byte,
    /// end byte, country code), for agents that take their country from
    /// where they are ("civilians in Kherson").
    pub(crate) fn place_countries(
        &self,
        enr: &Enrichment,
        sentence_id: usize,
    ) -> Vec<(usize, usize, String)> {
        self.of(sentence_id)
            .places
            .iter()
            .filter_map(|&i| {
                let p = &enr.places[i];
                Some((p.start, p.end, p.place.country.clone()?))
            })
            .collect()
    }

    fn of(&self, sentence_id: usize) -> &At {
        static NONE: std::sync::OnceLock<At> = std::sync::OnceLock::new();
        self.by_sentence
            .get(&sentence_id)
            .unwrap_or_else(|| NONE.get_or_init(At::default))
    }
}

/// Fills in the actor codes of the quotation speakers named in sentence `s`.
pub(crate) fn speakers(
    resolver: &Resolver,
    s: &Sentence,
    text: &str,
    enr: &mut Enrichment,
    index: &Index,
) {
    for &i in &index.of(s.id).speakers {
        let Some(sp) = enr.quotes[i].speaker.as_mut() else {
            continue;
        };
        if sp.code.is_some() {
            continue;
        }
        let Some(head) = head_of(resolver.tree, s, sp.start, sp.end) else {
            continue;
        };
        let mut actors = if sp.pronoun {
            resolver.resolve_np(head, text)
        } else {
            resolver.actors(head, text)
        };
        if actors.is_empty() {
            // "President Xi's remarks": the possessor speaks.
            for id in tokens_in(s, sp.start, sp.end) {
                if resolver.tree.deprel(id) == "nmod:poss" {
                    actors = resolver.actors(id, text);
                    if !actors.is_empty() {
                        break;
                    }
                }
            }
        }
        if sp.pronoun && !actors.is_empty() {
            let mut names: Vec<&str> = Vec::new();
            for a in &actors {
                if !names.contains(&a.text.as_str()) {
                    names.push(&a.text);
                }
            }
            sp.mention = Some(std::mem::replace(&mut sp.text, names.join(" and ")));
        }
        sp.codes = actors.iter().map(|a| a.code.clone()).collect();
        sp.code = sp.codes.first().cloned();
    }
}

/// Whether a date (`2026`, `2026-01`, `2026-01-15`) begins after the
/// publication date (`2025-09-02…`).
fn after_publication(value: &str, published: Option<&str>) -> bool {
    let Some(p) = published.and_then(|p| p.get(..10)) else {
        return false;
    };
    let first = match value.len() {
        4 => format!("{value}-01-01"),
        7 => format!("{value}-01"),
        _ => value.to_string(),
    };
    first.as_str() > p
}

#[cfg(test)]
mod publication_tests {
    use super::after_publication;

    #[test]
    fn dates_after_publication() {
        let p = Some("2025-09-02T12:00:00Z");
        assert!(after_publication("2026", p));
        assert!(after_publication("2025-10", p));
        assert!(after_publication("2025-09-03", p));
        assert!(!after_publication("2025-09", p));
        assert!(!after_publication("2025-09-02", p));
        assert!(!after_publication("2025", p));
        assert!(!after_publication("2030", None));
    }
}
