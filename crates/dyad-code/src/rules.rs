//! The coding rules: patterns matched on the tree, and what applies to
//! every event (sources, targets, compound actors, negation, modality,
//! attribution, discards).

use dyad_dict::{ActorKind, Constraint, Day, Pattern};
use dyad_text::{Analysis, Document, Sentence};

use crate::attach;
use crate::mentions::{self, ActorRef, Found, Memory, Resolver};
use crate::tree::Tree;
use crate::{ActorMention, Coded, Coder, Event, EventActor, Evidence, Plover};

/// Verbs that report speech: an event in their complement is coded with
/// their subject as the reporter.
pub(crate) const SPEECH: &[&str] = &[
    "say",
    "tell",
    "state",
    "announce",
    "declare",
    "add",
    "claim",
    "report",
    "note",
    "stress",
    "confirm",
    "insist",
    "argue",
    "warn",
    "write",
    "told",
    "explain",
    "allege",
    "suggest",
    "acknowledge",
    "indicate",
    "reiterate",
    "emphasize",
    "emphasise",
    "assert",
    "believe",
    "think",
    "according",
];

/// Modal auxiliaries that make an event hypothetical.
const HYPOTHETICAL: &[&str] = &[
    "would", "could", "might", "may", "should", "can", "must", "ought",
];

/// Words that mark a sentence as sport, entertainment or market news.
const DISCARD: &[&str] = &[
    "championship",
    "tournament",
    "olympics",
    "olympic",
    "medal",
    "goalkeeper",
    "striker",
    "quarterfinal",
    "quarter-final",
    "semifinal",
    "semi-final",
    "playoff",
    "play-off",
    "nasdaq",
    "ftse",
    "nikkei",
    "album",
    "grammy",
    "oscar",
    "footballer",
    "batsman",
    "wicket",
    "midfielder",
    "box-office",
    "hat-trick",
    "stoppage-time",
];

/// Words whose complement is an intended, not an accomplished, act:
/// "plans to meet", "a wish to enhance cooperation", "is ready to send".
const INTENT: &[&str] = &[
    "plan",
    "intend",
    "want",
    "hope",
    "aim",
    "seek",
    "prepare",
    "expect",
    "wish",
    "desire",
    "intention",
    "willingness",
    "readiness",
    "commitment",
    "pledge",
    "promise",
    "vow",
    "ready",
    "willing",
    "determined",
    "determination",
    "eager",
    "offer",
    "agree",
    "decide",
    "resolve",
    "propose",
    "proposal",
    "threaten",
    "threat",
    "need",
    "necessity",
    "importance",
    "commit",
    "committed",
];

/// Nouns of quantity whose "of" complement is what was given or sent.
const MEASURES: &[&str] = &[
    "dollar",
    "euro",
    "pound",
    "yuan",
    "ruble",
    "rouble",
    "yen",
    "rupee",
    "ton",
    "tonne",
    "million",
    "billion",
    "thousand",
    "hundred",
    "worth",
    "amount",
    "package",
    "shipment",
    "batch",
    "number",
    "lot",
    "consignment",
    "load",
    "kilogram",
    "kg",
    "litre",
    "liter",
    "barrel",
    "unit",
    "round",
    "convoy",
    "tranche",
];

/// Whether an actor code is an armed group rather than a state's forces.
fn non_state_armed(code: &str) -> bool {
    code.starts_with("IMG")
        || ["REB", "INS", "UAF", "SEP", "RAD", "CRM"]
            .iter()
            .any(|s| code.get(3..).is_some_and(|rest| rest.contains(s)))
}

/// Whether a code is an armed force, state or not.
fn armed(code: &str) -> bool {
    non_state_armed(code) || code.get(3..).is_some_and(|rest| rest.contains("MIL"))
}

/// Roots whose events read the same both ways (meet, agree, cooperate).
fn symmetric(root: &str) -> bool {
    matches!(root, "03" | "04" | "05" | "06")
}

struct Matched {
    sources: Vec<ActorRef>,
    targets: Vec<ActorRef>,
    /// Both sides come from one group ("between X and Y", "X and Y met").
    pairs: bool,
    /// Tokens of the verb phrase.
    span: Vec<usize>,
}

pub(crate) fn code_document(coder: &Coder, doc: &Document, analysis: &Analysis) -> Coded {
    let day = doc.published.as_deref().and_then(Day::parse);
    let mut memory = Memory {
        default_country: analysis
            .dateline
            .as_ref()
            .and_then(|d| dateline_country(coder, &d.place, day)),
        ..Memory::default()
    };
    let mut out = Coded::default();
    let mut enrichment = coder.enricher.as_ref().map(|e| {
        let mut enr = e.enrich(doc, analysis);
        attach::keep_locations(coder, analysis, day, &mut enr);
        enr
    });
    let index = enrichment
        .as_ref()
        .map(|e| attach::Index::new(e, analysis))
        .unwrap_or_default();
    memory.location_country = enrichment
        .as_ref()
        .and_then(|e| e.dominant_place.as_ref())
        .and_then(|p| p.place.country.clone());
    for s in &analysis.sentences {
        if s.tokens.is_empty() {
            continue;
        }
        let found = mentions::find(&coder.actors, &s.tokens, day);
        if found.is_empty() && !s.tokens.iter().any(|t| mentions::may_refer(t.form())) {
            // No actor, and nothing that could refer to one: no event can
            // come of it, so the sentence is not parsed.
            continue;
        }
        let forms: Vec<&str> = s.tokens.iter().map(|t| t.form()).collect();
        let parsed = coder.pipeline.annotate(&forms);
        let tree = Tree::new(&parsed);
        for f in &found {
            let (start, end) = f.span(&s.tokens);
            out.actors.push(ActorMention {
                sentence_id: s.id,
                code: f.code.clone(),
                text: doc.text[start..end].to_string(),
                start,
                end,
                kind: match f.kind {
                    ActorKind::Country => "country",
                    ActorKind::Organization => "organization",
                    ActorKind::Person => "person",
                    ActorKind::Agent => "agent",
                },
            });
        }
        let coded = !s
            .text
            .trim_end()
            .trim_end_matches(['"', '\'', '\u{201d}', ')'])
            .ends_with('?')
            && !(1..=tree.len()).any(|i| DISCARD.contains(&tree.lemma(i)))
            && !is_caption(&s.text);
        let places = enrichment
            .as_ref()
            .map(|e| index.place_countries(e, s.id))
            .unwrap_or_default();
        let resolver = Resolver {
            tree: &tree,
            tokens: &s.tokens,
            found: &found,
            memory: &memory,
            places: &places,
        };
        if let Some(enr) = enrichment.as_mut() {
            attach::speakers(&resolver, s, &doc.text, enr, &index);
        }
        if coded {
            let mut events = sentence_events(coder, doc, s, &resolver);
            // "agreed to resume talks" matches both the generic 030 and the
            // specific 036: the same actors with a more specific code of the
            // same root keep only that one.
            let specific: Vec<(String, String, Option<String>)> = events
                .iter()
                .filter(|(e, _)| !e.code.ends_with('0') || e.code.len() > 3)
                .map(|(e, _)| {
                    (
                        e.root.clone(),
                        e.source.code.clone(),
                        e.target.as_ref().map(|t| t.code.clone()),
                    )
                })
                .collect();
            events.retain(|(e, _)| {
                let generic = e.code.len() == 3 && e.code.ends_with('0');
                !generic
                    || !specific.contains(&(
                        e.root.clone(),
                        e.source.code.clone(),
                        e.target.as_ref().map(|t| t.code.clone()),
                    ))
            });
            if let Some(enr) = enrichment.as_ref() {
                let evs = events.iter_mut().map(|(e, _)| e);
                attach::events(&tree, doc, s, evs, enr, &index);
            }
            // A subject naming several actors ("the two nations", "India and
            // Pakistan") is what a later "they" refers to.
            let mut group = (1..=tree.len())
                .filter(|&i| tree.rel(i) == "nsubj" && tree.upos(i) != "PRON")
                .map(|i| resolver.actors(i, &doc.text))
                .find(|a| a.len() >= 2);
            for (ev, sources) in events {
                if sources.len() >= 2 {
                    group = Some(sources);
                }
                if !out.events.iter().any(|e: &Event| {
                    e.sentence_id == ev.sentence_id
                        && e.code == ev.code
                        && e.source.code == ev.source.code
                        && e.target.as_ref().map(|t| &t.code) == ev.target.as_ref().map(|t| &t.code)
                }) {
                    out.events.push(ev);
                }
            }
            if let Some(g) = group {
                memory.group = g;
            }
        }
        remember(&mut memory, &found, &s.tokens, &doc.text);
    }
    if let Some(enr) = enrichment.as_mut() {
        let n = out.events.len();
        enr.tone.goldstein = (n > 0).then(|| {
            out.events
                .iter()
                .map(|e| f64::from(e.goldstein))
                .sum::<f64>()
                / n as f64
        });
    }
    out.enrichment = enrichment;
    out
}

/// Whether a sentence is a photo caption ("X (center) stands with Y
/// (left) … Image: Jane Doe"): it shows people, it reports no event.
fn is_caption(text: &str) -> bool {
    const MARKS: &[&str] = &[
        "(left)",
        "(right)",
        "(center)",
        "(centre)",
        "(pictured)",
        "Image:",
        "Photo:",
        "Pictured:",
        "(file photo)",
    ];
    MARKS.iter().any(|m| text.contains(m))
}

/// The country a dateline's place names ("ANKARA" → TUR), if the dictionary knows it.
fn dateline_country(coder: &Coder, place: &str, day: Option<Day>) -> Option<String> {
    let tokens = dyad_text::tokens::tokenize(place, 0, place.len());
    let found = mentions::find(&coder.actors, &tokens, day);
    found
        .iter()
        .find(|f| f.kind == ActorKind::Country)
        .map(|f| dyad_dict::country_part(&f.code).to_string())
}

fn remember(memory: &mut Memory, found: &[Found], tokens: &[dyad_text::Token], text: &str) {
    for f in found {
        if f.kind == ActorKind::Agent {
            continue;
        }
        if f.kind == ActorKind::Country
            && f.role == dyad_dict::PhraseRole::Adjective
            && f.code.len() > 3
        {
            continue;
        }
        let (start, end) = f.span(tokens);
        memory.remember(&ActorRef {
            code: f.code.clone(),
            text: text[start..end].to_string(),
            start,
            end,
            person: f.kind == ActorKind::Person,
        });
    }
}

/// The events of one sentence, each with its full source group.
fn sentence_events(
    coder: &Coder,
    doc: &Document,
    s: &Sentence,
    r: &Resolver,
) -> Vec<(Event, Vec<ActorRef>)> {
    let t = r.tree;
    let mut out = Vec::new();
    demands(coder, doc, s, r, &mut out);
    for id in 1..=t.len() {
        let nominal = match t.upos(id) {
            "VERB" => false,
            "NOUN" | "PROPN" => true,
            _ => continue,
        };
        // The lemmatiser's rules cannot always restore a silent "e"
        // ("telephoned" → "telephon"): the pattern dictionary knows the
        // verbs, so "telephone" is tried as well.
        let mut lemma = t.lemma(id).to_string();
        if !nominal && coder.verbs.for_head(&lemma, false).next().is_none() {
            let with_e = format!("{lemma}e");
            if coder.verbs.for_head(&with_e, false).next().is_some() {
                lemma = with_e;
            }
        }
        let particle = t
            .with(id, &["compound:prt"])
            .first()
            .map(|&p| t.lemma(p).to_string());
        let form = t.form(id).to_lowercase();
        let mut candidates: Vec<&Pattern> = coder
            .verbs
            .for_head(&lemma, nominal)
            .chain(
                if nominal && form != lemma {
                    Some(coder.verbs.for_head(&form, true))
                } else {
                    None
                }
                .into_iter()
                .flatten(),
            )
            .filter(|p| {
                nominal
                    || p.heads
                        .iter()
                        .any(|h| h.lemma == lemma && h.particle == particle)
            })
            .collect();
        candidates.sort_by_key(|p| std::cmp::Reverse(p.constraints.len()));
        if candidates.is_empty() || !factual(t, id) {
            continue;
        }
        for p in candidates {
            let Some(m) = try_pattern(p, id, nominal, r, &doc.text) else {
                continue;
            };
            let mut code = recode_for_modality(t, id, &p.code);
            // Force used by armed groups, not armies, is CAMEO's
            // unconventional violence (18), not conventional force (19).
            if code == "190" && m.sources.iter().all(|s| non_state_armed(&s.code)) {
                code = "180".to_string();
            }
            // Armed forces clashing are fighting, not protesting.
            if code == "145" && m.sources.iter().all(|s| armed(&s.code)) {
                code = "190".to_string();
            }
            // Troops marching through a town are not demonstrating.
            if code == "141" && t.lemma(id) == "march" && m.sources.iter().all(|s| armed(&s.code)) {
                continue;
            }
            let reporter = reporter(t, id, r, &doc.text);
            let pairs: Vec<(ActorRef, Option<ActorRef>)> = if m.pairs {
                let g = &m.sources;
                let mut v = Vec::new();
                for i in 0..g.len() {
                    for j in i + 1..g.len() {
                        v.push((g[i].clone(), Some(g[j].clone())));
                    }
                }
                v
            } else if m.targets.is_empty() {
                m.sources.iter().map(|s| (s.clone(), None)).collect()
            } else {
                m.sources
                    .iter()
                    .flat_map(|s| m.targets.iter().map(move |t| (s.clone(), Some(t.clone()))))
                    .collect()
            };
            let mut any = false;
            for (src, tgt) in pairs {
                if tgt.as_ref().is_some_and(|t| t.code == src.code) {
                    continue;
                }
                if let Some(ev) =
                    make_event(coder, doc, s, &code, p, &m, src, tgt, reporter.clone())
                {
                    out.push((ev, m.sources.clone()));
                    any = true;
                }
            }
            if any {
                break;
            }
        }
    }
    out
}

/// Verbs whose open complement is as factual as they are: "continued to
/// shell", "began to withdraw".
const ASPECTUAL: &[&str] = &[
    "continue", "begin", "start", "resume", "keep", "manage", "help", "go", "come", "stop",
];

/// Whether an event in a subordinate clause is reported as happening:
/// complements of speech verbs (attributed), of intent words (recoded as
/// intent), of aspectual verbs; not those of requests, accusations or
/// threats ("urged Russia to withdraw", "accused Ukraine of shelling").
fn reported_as_event(t: &Tree, id: usize) -> bool {
    let gov = t.head(id);
    if gov == 0 {
        return true;
    }
    let g = t.lemma(gov);
    match t.rel(id) {
        "xcomp" => INTENT.contains(&g) || ASPECTUAL.contains(&g),
        "ccomp" => SPEECH.contains(&g) || INTENT.contains(&g),
        "acl" if t.deprel(id) != "acl:relcl" => INTENT.contains(&g),
        "advcl" => {
            let mark = t.marker(id);
            !(mark == "of" || mark == "to" || mark == "for") || INTENT.contains(&g)
        }
        _ => true,
    }
}

/// Verbs that deny or refuse what their complement says: "denies backing
/// the rebels", "refused to meet".
const NEGATING: &[&str] = &[
    "deny", "refuse", "decline", "fail", "reject", "rule", "dismiss",
];

/// "X said (that) Y must Z" is a demand by X of Y (CAMEO 100), whatever Z is.
fn demands(
    coder: &Coder,
    doc: &Document,
    s: &Sentence,
    r: &Resolver,
    out: &mut Vec<(Event, Vec<ActorRef>)>,
) {
    let t = r.tree;
    for id in 1..=t.len() {
        let must = t.children(id).iter().any(|&c| {
            t.rel(c) == "aux"
                && matches!(t.lemma(c), "must")
                && !t.children(id).iter().any(|&n| t.lemma(n) == "not")
        });
        if !must || !in_reported_speech(t, id) {
            continue;
        }
        let speaker = subjects(t, t.head(id), r, &doc.text, 0);
        let addressee = subjects(t, id, r, &doc.text, 0);
        let m = Matched {
            sources: speaker.clone(),
            targets: addressee.clone(),
            pairs: false,
            span: vec![t.head(id), id],
        };
        let pattern = Pattern {
            code: "100".into(),
            heads: Vec::new(),
            nominal: false,
            constraints: Vec::new(),
            name: "rule:reported-must".into(),
            text: "X said Y must …".into(),
        };
        for src in &speaker {
            for tgt in &addressee {
                if tgt.code == src.code {
                    continue;
                }
                if let Some(ev) = make_event(
                    coder,
                    doc,
                    s,
                    "100",
                    &pattern,
                    &m,
                    src.clone(),
                    Some(tgt.clone()),
                    None,
                ) {
                    out.push((ev, speaker.clone()));
                }
            }
        }
    }
}

/// Whether the verb reports a fact: not negated, not hypothetical, not conditional.
fn factual(t: &Tree, id: usize) -> bool {
    if !reported_as_event(t, id) {
        return false;
    }
    if matches!(t.rel(id), "xcomp" | "ccomp" | "advcl")
        && t.head(id) != 0
        && NEGATING.contains(&t.lemma(t.head(id)))
    {
        return false;
    }
    let mut cur = id;
    for _ in 0..4 {
        for &c in t.children(cur) {
            let l = t.lemma(c);
            if matches!(t.rel(c), "advmod" | "aux" | "det" | "mark")
                && matches!(l, "not" | "n't" | "never" | "no")
            {
                return false;
            }
            if t.rel(c) == "aux"
                && HYPOTHETICAL.contains(&l)
                && !(l == "would" && in_reported_speech(t, cur))
            {
                return false;
            }
            if t.rel(c) == "mark" && matches!(l, "if" | "unless" | "whether") {
                return false;
            }
        }
        // Negation and conditions of a governing "refuse to"/"if" clause carry down.
        if matches!(t.rel(cur), "xcomp" | "conj") && t.head(cur) != 0 {
            cur = t.head(cur);
            if NEGATING.contains(&t.lemma(cur)) {
                return false;
            }
        } else {
            break;
        }
    }
    true
}

/// Whether a clause is the complement of a speech verb ("they said they
/// would blockade Paris"), where "would" is a reported "will".
fn in_reported_speech(t: &Tree, id: usize) -> bool {
    matches!(t.rel(id), "ccomp" | "parataxis")
        && t.head(id) != 0
        && SPEECH.contains(&t.lemma(t.head(id)))
}

/// Whether a verb is the consequence of a condition: "will withdraw its
/// troops unless…", "will boycott the elections if…".
fn has_condition(t: &Tree, id: usize) -> bool {
    t.children(id)
        .iter()
        .any(|&c| t.rel(c) == "advcl" && matches!(t.marker(c).as_str(), "unless" | "if"))
}

/// Future events become CAMEO's intent codes: "will meet" is 036, "will
/// attack" a threat (138); a conflictual act announced under a condition
/// ("will withdraw unless…") is a threat whatever its tense.
fn recode_for_modality(t: &Tree, id: usize, code: &str) -> String {
    let conflict = matches!(&code[..2], "15" | "16" | "17" | "18" | "19" | "20");
    if conflict && has_condition(t, id) {
        return if matches!(&code[..2], "18" | "19" | "20") {
            "138"
        } else {
            "130"
        }
        .to_string();
    }
    let governed_by_intent = matches!(t.rel(id), "xcomp" | "acl" | "advcl")
        && t.head(id) != 0
        && INTENT.contains(&t.lemma(t.head(id)));
    let future = t.children(id).iter().any(|&c| {
        t.rel(c) == "aux"
            && (matches!(t.lemma(c), "will" | "shall")
                || (t.lemma(c) == "would" && in_reported_speech(t, id)))
    }) || governed_by_intent;
    if !future {
        return code.to_string();
    }
    match &code[..2] {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        "15" | "16" | "17" => "130",
        "18" | "19" | "20" => "138",
        _ => code,
    }
    .to_string()
}

/// The subject of a speech verb governing this one ("X said Y attacked Z").
fn reporter(t: &Tree, id: usize, r: &Resolver, text: &str) -> Option<ActorRef> {
    let mut cur = id;
    for _ in 0..4 {
        match t.rel(cur) {
            "conj" | "xcomp" => cur = t.head(cur),
            "ccomp" | "parataxis" => {
                let h = t.head(cur);
                if h != 0 && SPEECH.contains(&t.lemma(h)) {
                    return subjects(t, h, r, text, 0).into_iter().next();
                }
                return None;
            }
            _ => break,
        }
        if cur == 0 {
            return None;
        }
    }
    t.children(id)
        .iter()
        .find(|&&c| t.rel(c) == "obl" && t.marker(c) == "according to")
        .and_then(|&c| r.actors(c, text).into_iter().next())
}

/// The source of a verb: its subject, a passive's agent, the controller of
/// an open complement, the first conjunct's subject, a relative clause's noun.
fn subjects(t: &Tree, v: usize, r: &Resolver, text: &str, depth: usize) -> Vec<ActorRef> {
    if depth > 3 || v == 0 {
        return Vec::new();
    }
    let passive = t
        .children(v)
        .iter()
        .any(|&c| matches!(t.deprel(c), "aux:pass" | "nsubj:pass"));
    if passive {
        // The last "by" phrase or agent, as the parser attached them.
        return t
            .children(v)
            .iter()
            .rev()
            .find(|&&c| t.deprel(c) == "obl:agent" || (t.rel(c) == "obl" && t.marker(c) == "by"))
            .map(|&c| r.actors(c, text))
            .unwrap_or_default();
    }
    let nsubjs: Vec<usize> = t
        .children(v)
        .iter()
        .copied()
        .filter(|&c| t.deprel(c) == "nsubj")
        .collect();
    if nsubjs
        .iter()
        .any(|&c| matches!(t.lemma(c), "who" | "which" | "that"))
        && t.rel(v) == "acl"
    {
        return r.actors(t.head(v), text);
    }
    let found = merged_actors(&nsubjs, r, text);
    if !found.is_empty() || nsubjs.iter().any(|&c| t.upos(c) != "PRON") {
        return found;
    }
    if !t.children(v).iter().any(|&c| t.rel(c) == "nsubj") {
        return match t.rel(v) {
            "xcomp" | "conj" | "advcl" => subjects(t, t.head(v), r, text, depth + 1),
            "acl" if t.deprel(v) == "acl:relcl" => r.actors(t.head(v), text),
            // "China's wish to enhance cooperation", "the necessity of
            // maintaining cooperation": the noun's owner, else the subject
            // of the verb the noun belongs to.
            "acl" => {
                let noun = t.head(v);
                match r.modifier_actor(noun, text) {
                    Some(a) => vec![a],
                    None if noun != 0 && t.head(noun) != 0 => {
                        subjects(t, t.head(noun), r, text, depth + 1)
                    }
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
    }
    found
}

/// The actors of several dependents in one role. Two subjects or objects
/// are usually one phrase the parser split ("Turkish | Foreign Minister
/// Hakan Fidan") or a coordination it missed: one actor per country is
/// kept, the most specific.
fn merged_actors(ids: &[usize], r: &Resolver, text: &str) -> Vec<ActorRef> {
    let mut found: Vec<ActorRef> = Vec::new();
    // "Sudan's army and the RSF agreed": a dependent with its own "and" is
    // a coordination the parser missed, each conjunct an actor of its own.
    let t = r.tree;
    let coordinated = ids
        .iter()
        .skip(1)
        .any(|&c| t.children(c).iter().any(|&k| t.rel(k) == "cc"));
    for &c in ids {
        for a in r.actors(c, text) {
            if coordinated {
                if !found.iter().any(|f| f.code == a.code) {
                    found.push(a);
                }
                continue;
            }
            match found
                .iter_mut()
                .find(|f| f.country().is_some() && f.country() == a.country())
            {
                Some(f) if a.code.len() > f.code.len() => *f = a,
                Some(_) => {}
                None => found.push(a),
            }
        }
    }
    found
}

/// Words for times, which the parser often makes the head of the phrase
/// that follows them ("met on Monday with X").
const TIMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "week",
    "weekend",
    "month",
    "year",
    "day",
    "night",
    "morning",
    "afternoon",
    "evening",
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
];

/// Dependents of `ids` that are nominals or clauses marked by `prep`,
/// looking through a time phrase the parser hung them on.
fn marked(t: &Tree, ids: &[usize], prep: &str) -> Vec<usize> {
    let is_marked = |c: usize| {
        matches!(
            t.rel(c),
            "obl" | "nmod" | "advcl" | "acl" | "xcomp" | "appos"
        ) && t.marker(c) == prep
    };
    let mut out = Vec::new();
    for &h in ids {
        for &c in t.children(h) {
            if is_marked(c) {
                out.push(c);
            } else if matches!(t.rel(c), "obl" | "nmod") && TIMES.contains(&t.lemma(c)) {
                out.extend(t.children(c).iter().copied().filter(|&g| is_marked(g)));
            }
        }
    }
    out
}

fn try_pattern(
    p: &Pattern,
    head: usize,
    nominal: bool,
    r: &Resolver,
    text: &str,
) -> Option<Matched> {
    let t = r.tree;
    let passive = !nominal
        && t.children(head)
            .iter()
            .any(|&c| matches!(t.deprel(c), "aux:pass" | "nsubj:pass"));
    let obj = t.children(head).iter().copied().find(|&c| {
        if passive {
            t.deprel(c) == "nsubj:pass"
        } else {
            t.deprel(c) == "obj"
        }
    });
    let mut span = vec![head];
    span.extend(t.with(head, &["compound:prt"]));
    let mut hosts = vec![head];
    let mut sources: Vec<ActorRef> = Vec::new();
    let mut targets: Vec<ActorRef> = Vec::new();
    let mut target_missing = false;
    let mut pairs = false;
    for c in &p.constraints {
        if let Constraint::ObjLemma(ls) = c {
            let o = obj?;
            let is = |x: usize| word_is(t, x, ls);
            // "gave 5 million dollars of aid": the amount's "of" noun counts.
            // "launched 120 drones and 10 missiles at Y": a conjunct of
            // the object counts, and phrases on either are the act's.
            let conj = t.with(o, &["conj"]).into_iter().find(|&c| is(c));
            let o = if is(o) {
                o
            } else if let Some(c) = conj {
                hosts.push(o);
                c
            } else if MEASURES.contains(&t.lemma(o)) {
                t.children(o)
                    .iter()
                    .copied()
                    .find(|&c| t.rel(c) == "nmod" && t.marker(c) == "of" && is(c))?
            } else {
                return None;
            };
            span.push(o);
            hosts.push(o);
        }
    }
    for c in &p.constraints {
        match c {
            Constraint::ObjLemma(_) => {}
            Constraint::ObjTarget => match obj {
                Some(o) => {
                    let objs: Vec<usize> = t
                        .children(head)
                        .iter()
                        .copied()
                        .filter(|&c| t.deprel(c) == t.deprel(o))
                        .collect();
                    targets = merged_actors(&objs, r, text);
                    // "condemned Russia's attack", "praised Haiti's efforts".
                    if targets.is_empty() && t.upos(o) == "NOUN" {
                        targets = r.modifier_actor(o, text).into_iter().collect();
                    }
                    if targets.is_empty() {
                        return None;
                    }
                }
                None => target_missing = true,
            },
            Constraint::IobjTarget => {
                let i = t.with(head, &["iobj"]).first().copied();
                match i {
                    Some(i) => {
                        targets = r.actors(i, text);
                        if targets.is_empty() {
                            return None;
                        }
                    }
                    None => target_missing = true,
                }
            }
            Constraint::PrepTarget(prep) => {
                let phrases = marked(t, &hosts, prep);
                if phrases.is_empty() {
                    target_missing = true;
                } else {
                    targets = phrases.iter().flat_map(|&x| r.actors(x, text)).collect();
                    if targets.is_empty() {
                        return None;
                    }
                }
            }
            Constraint::PrepLemma(prep, ls) => {
                let mut cands = marked(t, &hosts, prep);
                if prep == "to" {
                    for &h in &hosts {
                        cands.extend(t.with(h, &["xcomp", "acl"]));
                    }
                }
                // As for objects ("of=ties/relations", "on=hunger-strike").
                if !cands.iter().any(|&x| word_is(t, x, ls)) {
                    return None;
                }
            }
            Constraint::Xcomp(ls) => {
                if !t.children(head).iter().any(|&x| {
                    matches!(t.rel(x), "xcomp" | "ccomp") && ls.iter().any(|l| l == t.lemma(x))
                }) {
                    return None;
                }
            }
            Constraint::Between => {
                let phrases = marked(t, &hosts, "between");
                let group: Vec<ActorRef> =
                    phrases.iter().flat_map(|&x| r.actors(x, text)).collect();
                if group.len() < 2 {
                    return None;
                }
                sources = group;
                pairs = true;
            }
            Constraint::BySource => {
                let by = marked(t, &hosts, "by");
                sources = by.iter().flat_map(|&x| r.actors(x, text)).collect();
                if sources.is_empty() {
                    return None;
                }
            }
            Constraint::PossSource => {
                sources = r.modifier_actor(head, text).into_iter().collect();
                if sources.is_empty() {
                    return None;
                }
            }
        }
    }
    if sources.is_empty() {
        sources = if nominal {
            r.modifier_actor(head, text).into_iter().collect()
        } else {
            subjects(t, head, r, text, 0)
        };
    }
    if sources.is_empty() {
        return None;
    }
    let root = &p.code[..2];
    // "India and Pakistan exchanged fire", "X and Y signed a pact": a
    // group subject acting on no one else acts on each other, for acts
    // two parties do together. Not for what each does to a third party
    // ("China and Russia pledged aid", "X and Y rejected the claim").
    // Swaps are mutual too ("Russia and Ukraine exchanged 150 prisoners":
    // each released the other's; "X and Y traded accusations").
    let swap = matches!(root, "08" | "11" | "12" | "13")
        && matches!(t.lemma(head), "exchange" | "swap" | "trade");
    let mutual = sources.len() >= 2
        && (matches!(root, "03" | "04" | "05" | "06" | "19" | "20") || p.code == "019" || swap)
        && !p.code.starts_with("033");
    if target_missing && targets.is_empty() && !pairs {
        // "X and Y met" pairs them; "X and Y met Z" (an actor as object) is
        // for the pattern whose target is the object.
        // The object is an actor when its head word names one ("met
        // Putin", "met officials"), not when a modifier does ("held joint
        // naval exercises").
        let actor_object =
            |o: usize| (r.is_named(o) || t.upos(o) == "PRON") && !r.actors(o, text).is_empty();
        if mutual && obj.is_none_or(|o| !actor_object(o)) {
            pairs = true;
        } else {
            return None;
        }
    }
    if !p.has_target() && targets.is_empty() && !pairs {
        if mutual {
            pairs = true;
        } else {
            // An object the pattern names by its word is the act, not its
            // target, even when the word is also an actor's ("expressed
            // opposition": not the opposition); its modifiers still name
            // one ("the Iran nuclear deal").
            let word_obj = p
                .constraints
                .iter()
                .any(|c| matches!(c, Constraint::ObjLemma(_)));
            let obj = obj.filter(|&o| !(word_obj && r.is_named(o)));
            targets = implied_target(t, head, nominal, obj, &sources, r, text, root);
            // An event noun without anyone it is done to is not an event
            // ("sanctions" alone, "an attack").
            if nominal && targets.is_empty() {
                return None;
            }
        }
    }
    Some(Matched {
        sources,
        targets,
        pairs,
        span,
    })
}

/// Whether the word `x` is one a pattern lists (`obj=…`, `P=…`): by its
/// lemma, its surface form, or, with a compound noun right before it ("a
/// hunger strike"), the two joined by a hyphen as the patterns write such
/// nouns ("hunger-strike").
fn word_is(t: &Tree, x: usize, ls: &[String]) -> bool {
    let form = t.form(x).to_lowercase();
    let joined = t
        .children(x)
        .iter()
        .copied()
        .find(|&c| c + 1 == x && t.rel(c) == "compound")
        .map(|c| format!("{}-{}", t.form(c).to_lowercase(), t.lemma(x)));
    ls.iter()
        .any(|l| *l == t.lemma(x) || *l == form || joined.as_deref() == Some(l.as_str()))
}

/// A target the pattern does not name but the sentence or story implies:
/// an actor in a "with/between/to/against …" phrase under the verb; for an
/// event noun, the subject of the verb it is the object of ("Russia faces
/// Western sanctions"); for a demonstrative object ("rejects this claim"),
/// the last other country named; for cooperation, the story's other party.
#[allow(clippy::too_many_arguments)]
fn implied_target(
    t: &Tree,
    head: usize,
    nominal: bool,
    obj: Option<usize>,
    sources: &[ActorRef],
    r: &Resolver,
    text: &str,
    root: &str,
) -> Vec<ActorRef> {
    let not_source = |a: &ActorRef| {
        !sources
            .iter()
            .any(|s| s.code == a.code || (s.country().is_some() && s.country() == a.country()))
    };
    // An object that names an actor is what the act is done to ("blockaded
    // the island"), also through an open complement ("threatened to
    // blockade the island").
    let mut objects: Vec<usize> = obj.into_iter().collect();
    for &c in t.children(head) {
        if t.rel(c) == "xcomp" {
            objects.extend(
                t.children(c)
                    .iter()
                    .copied()
                    .filter(|&g| t.deprel(g) == "obj"),
            );
        }
    }
    for o in objects {
        let found: Vec<ActorRef> = r.actors(o, text).into_iter().filter(not_source).collect();
        if !found.is_empty() {
            return found;
        }
    }
    // "demanded that Iran release…", "urged Russia to withdraw": the one
    // asked is the subject of the complement.
    if matches!(root, "02" | "10" | "11" | "12" | "13") {
        for &c in t.children(head) {
            if matches!(t.rel(c), "ccomp" | "xcomp") {
                let asked: Vec<ActorRef> = t
                    .children(c)
                    .iter()
                    .filter(|&&g| t.rel(g) == "nsubj")
                    .flat_map(|&g| r.actors(g, text))
                    .filter(not_source)
                    .collect();
                if !asked.is_empty() {
                    return asked;
                }
            }
        }
    }
    let under = t.subtree_except(
        head,
        &["nsubj", "csubj", "ccomp", "parataxis", "advcl", "acl:relcl"],
    );
    for &c in &under {
        if c == head || !matches!(t.rel(c), "obl" | "nmod") {
            continue;
        }
        let marker = t.marker(c);
        // Violence done "in Gaza" is done to Gaza's side ("airstrikes killed
        // 20 people in Gaza"); for other acts "in" is only where.
        let violent_in = matches!(marker.as_str(), "in" | "across" | "throughout")
            && matches!(root, "18" | "19" | "20");
        if violent_in
            || matches!(
                marker.as_str(),
                "with" | "between" | "to" | "toward" | "towards" | "against" | "on" | "at" | "into"
            )
        {
            let found: Vec<ActorRef> = r.actors(c, text).into_iter().filter(not_source).collect();
            if !found.is_empty() {
                return found;
            }
        }
    }
    if nominal && t.rel(head) == "obj" {
        let gov = t.head(head);
        let found: Vec<ActorRef> = subjects(t, gov, r, text, 0)
            .into_iter()
            .filter(not_source)
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    if nominal {
        return Vec::new();
    }
    let source_country = sources
        .first()
        .and_then(|s| s.country().map(str::to_string));
    if let Some(o) = obj {
        if t.children(o)
            .iter()
            .any(|&c| matches!(t.lemma(c), "this" | "that" | "these" | "those" | "such"))
        {
            if let Some(a) = r
                .memory
                .countries
                .iter()
                .rev()
                .find(|a| a.country().map(str::to_string) != source_country)
            {
                return vec![a.clone()];
            }
        }
    }
    // A party to a two-country story acting cooperatively acts towards the other party.
    if symmetric(root)
        && source_country
            .as_deref()
            .is_some_and(|c| r.memory.is_main_party(c))
    {
        if let Some(a) = r.memory.main_other(source_country.as_deref()) {
            return vec![a];
        }
    }
    Vec::new()
}

#[allow(clippy::too_many_arguments)]
fn make_event(
    coder: &Coder,
    doc: &Document,
    s: &Sentence,
    code: &str,
    p: &Pattern,
    m: &Matched,
    source: ActorRef,
    target: Option<ActorRef>,
    reporter: Option<ActorRef>,
) -> Option<Event> {
    let info = coder.cameo.get(code)?;
    let start = m.span.iter().map(|&i| s.tokens[i - 1].start).min()?;
    let end = m.span.iter().map(|&i| s.tokens[i - 1].end).max()?;
    // FNV-1a over a canonical key: the same event gets the same id on every
    // machine, run and Rust version (std's hasher promises none of that).
    let key = format!(
        "{}\u{1f}{}\u{1f}{start}\u{1f}{code}\u{1f}{}\u{1f}{}",
        doc.id,
        s.id,
        source.code,
        target.as_ref().map(|t| t.code.as_str()).unwrap_or("")
    );
    let id = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let nonempty = |x: &str| (!x.is_empty()).then(|| x.to_string());
    Some(Event {
        doc_id: doc.id.clone(),
        event_id: format!("{id:016x}"),
        sentence_id: s.id,
        sentence_text: s.text.clone(),
        source: actor(source),
        target: target.map(actor),
        code: code.to_string(),
        root: info.root().to_string(),
        quad_class: info.quad_class,
        goldstein: info.goldstein,
        plover: Plover {
            kind: nonempty(&info.plover_type),
            mode: nonempty(&info.plover_mode),
        },
        date: doc
            .published
            .as_ref()
            .map(|d| d.get(..10).unwrap_or(d).to_string()),
        date_precision: doc.published.as_ref().map(|_| "day".to_string()),
        date_span: None,
        place: None,
        quotes: Vec::new(),
        evidence: Evidence {
            verb: [start, end],
            pattern: p.name.clone(),
        },
        reporter: reporter.map(actor),
    })
}

fn actor(a: ActorRef) -> EventActor {
    EventActor {
        country: a.country().map(str::to_string),
        sector: a.sector().map(str::to_string),
        code: a.code,
        text: a.text,
        start: a.start,
        end: a.end,
    }
}
