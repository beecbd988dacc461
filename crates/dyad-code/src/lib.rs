//! # dyad-code: events from parsed sentences
//!
//! The heart of dyad. For each sentence of a document this crate parses it
//! (`dyad-nlp`), finds the actors in it (`dyad-dict`'s actor dictionary,
//! judged against the publication date), and matches the verb and
//! event-noun patterns (`dyad-dict`'s verb dictionary) against the
//! dependency tree. Each match becomes an [`Event`]: who (source) did what
//! (CAMEO code, PLOVER type, Goldstein value, QuadClass) to whom (target),
//! with the byte spans that justify it and the name of the pattern that
//! fired.
//!
//! ## Why patterns on the tree, and the rules the coder applies itself
//!
//! Patterns name a lemma and the grammatical roles around it ("impose,
//! object *sanction*, target after *on*"), so one pattern covers every tense,
//! passives and relative clauses. What applies to every pattern is done here,
//! once: the source is the subject (or a passive's agent, or the controller
//! of "agreed to meet"); compound actors give one event per pair; pronouns
//! and descriptions ("He", "the visiting Prime Minister", "the two nations")
//! resolve to actors named earlier in the document; negated, hypothetical,
//! conditional and questioned events are not coded as facts; future events
//! become CAMEO's intent codes (03x, 13x); "X said Y attacked Z" codes
//! Y → Z with X as the reporter; sentences about sport, entertainment and
//! markets give no events.
//!
//! The coder does no I/O: dictionaries and models are passed in (or
//! compiled in, [`Coder::builtin`]).
#![deny(missing_docs)]

mod attach;
mod mentions;
mod rules;
mod tree;

use dyad_dict::{ActorDict, CameoTable, VerbDict};
pub use dyad_enrich::{Enricher, Enrichment};
use dyad_nlp::Pipeline;
use dyad_text::{Analysis, Document};
use serde::Serialize;

pub use mentions::ActorRef;

/// Why the coder could not be built.
#[derive(Debug, thiserror::Error)]
pub enum CoderError {
    /// A dictionary is malformed.
    #[error(transparent)]
    Dict(#[from] dyad_dict::DictError),
    /// A model file is missing or corrupt.
    #[error(transparent)]
    Model(#[from] dyad_nlp::ModelError),
}

/// An actor taking part in an event, as it appears in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventActor {
    /// The CAMEO actor code (`CHNGOV`).
    pub code: String,
    /// The text that names it (`Chinese President Xi Jinping`).
    pub text: String,
    /// The country part of the code (`CHN`), if it has one.
    pub country: Option<String>,
    /// The sector part (`GOV`), if it has one.
    pub sector: Option<String>,
    /// First byte of the naming text in the document.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
}

/// PLOVER's reading of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plover {
    /// Event type (`CONSULT`), or null where PLOVER has none (statements).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Mode (`visit`), or null.
    pub mode: Option<String>,
}

/// Why an event was coded: the verb (or event noun) phrase and the pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Byte span `[start, end]` of the verb phrase in the document.
    pub verb: [usize; 2],
    /// The pattern's name (`04-consult.txt:12`).
    pub pattern: String,
}

/// One coded event. The field names are the `dyad code` output contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The document's id.
    pub doc_id: String,
    /// A stable id: a hash of the document, sentence, verb position, code and actors.
    pub event_id: String,
    /// The sentence's id (from 1).
    pub sentence_id: usize,
    /// The sentence's text.
    pub sentence_text: String,
    /// Who did it.
    pub source: EventActor,
    /// To whom, if anyone.
    pub target: Option<EventActor>,
    /// CAMEO event code (`"040"`).
    pub code: String,
    /// CAMEO root (`"04"`).
    pub root: String,
    /// 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein value of the code.
    pub goldstein: f32,
    /// PLOVER type and mode.
    pub plover: Plover,
    /// The event's date: the time expression of its clause, resolved
    /// against the publication date (`2025-11-03`, `2022-02`, `2022`), else
    /// the publication date; `None` when neither is known.
    pub date: Option<String>,
    /// `day`, `week` (the date is the week's Monday), `month` or `year`.
    pub date_precision: Option<String>,
    /// Byte span `[start, end]` of the time expression the date comes
    /// from; `null` for the publication date.
    pub date_span: Option<[usize; 2]>,
    /// Where it happened, if the document says.
    pub place: Option<EventPlace>,
    /// Ids of the quotations in the event's sentence (see `quotes` in
    /// `dyad analyze`).
    pub quotes: Vec<usize>,
    /// The text that justifies the event.
    pub evidence: Evidence,
    /// Who reported it ("X said Y attacked Z": X), if anyone.
    pub reporter: Option<EventActor>,
}

/// Where an event happened: a gazetteer place and how it was chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPlace {
    /// The place (`name`, `type`, `country`, `adm1`, `lat`, `lon`,
    /// `geonames_id`).
    #[serde(flatten)]
    pub place: dyad_enrich::gazetteer::Place,
    /// Byte span `[start, end]` of the mention; `null` for the document's
    /// dominant place.
    pub span: Option<[usize; 2]>,
    /// `clause` (a place in the event's own clause), `sentence`, `dateline`
    /// or `document` (the place the document mentions most).
    pub basis: &'static str,
}

/// An actor mention found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorMention {
    /// The sentence's id.
    pub sentence_id: usize,
    /// The actor code on the document's date.
    pub code: String,
    /// The mention's text.
    pub text: String,
    /// First byte in the document.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// `country`, `organization`, `person` or `agent`.
    pub kind: &'static str,
}

/// What the coder finds in one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Coded {
    /// Every actor mention, in order.
    pub actors: Vec<ActorMention>,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// Places, dates, quotations (with speakers' codes), themes and tone,
    /// when the coder has an enricher.
    #[serde(flatten)]
    pub enrichment: Option<Enrichment>,
}

/// The event coder: a parser, the dictionaries and the CAMEO table.
pub struct Coder {
    pipeline: Pipeline,
    actors: ActorDict,
    verbs: VerbDict,
    cameo: CameoTable,
    enricher: Option<Enricher>,
}

impl Coder {
    /// A coder from its parts.
    pub fn new(pipeline: Pipeline, actors: ActorDict, verbs: VerbDict, cameo: CameoTable) -> Self {
        Coder {
            pipeline,
            actors,
            verbs,
            cameo,
            enricher: None,
        }
    }

    /// The coder with everything dyad ships: models and dictionaries
    /// compiled into the binary, and the built-in enricher.
    pub fn builtin() -> Result<Self, CoderError> {
        let mut coder = Coder::builtin_without_enricher()?;
        coder.enricher = Some(Enricher::builtin());
        Ok(coder)
    }

    /// The built-in coder without an enricher, for runs that want events
    /// only: the gazetteer and lexicons are then never parsed.
    pub fn builtin_without_enricher() -> Result<Self, CoderError> {
        let cameo = CameoTable::builtin();
        Ok(Coder {
            pipeline: Pipeline::builtin()?,
            actors: ActorDict::builtin()?,
            verbs: VerbDict::builtin(&cameo)?,
            cameo,
            enricher: None,
        })
    }

    /// The enricher (places, dates, quotations, themes, tone), if any; the
    /// built-in coder has one.
    pub fn enricher_mut(&mut self) -> Option<&mut Enricher> {
        self.enricher.as_mut()
    }

    /// Sets or removes the enricher. Without one, events are dated by the
    /// publication date and have no place, and [`Coded::enrichment`] is
    /// `None`.
    pub fn set_enricher(&mut self, enricher: Option<Enricher>) {
        self.enricher = enricher;
    }

    /// The actor dictionary.
    pub fn actors(&self) -> &ActorDict {
        &self.actors
    }

    /// The CAMEO event code table.
    pub fn cameo(&self) -> &CameoTable {
        &self.cameo
    }

    /// The actor dictionary, for adding a user's files.
    pub fn actors_mut(&mut self) -> &mut ActorDict {
        &mut self.actors
    }

    /// The verb dictionary, for adding a user's files.
    pub fn verbs_mut(&mut self) -> (&mut VerbDict, &CameoTable) {
        (&mut self.verbs, &self.cameo)
    }

    /// The parser pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Codes one analysed document.
    pub fn code(&self, doc: &Document, analysis: &Analysis) -> Coded {
        rules::code_document(self, doc, analysis)
    }
}
