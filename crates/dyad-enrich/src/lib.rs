//! # dyad-enrich: where, when, who said what, and what a story is about
//!
//! The coder (`dyad-code`) says who did what to whom. This crate adds what
//! analysts need around an event: the places named in a document (with a
//! built-in gazetteer), the time expressions resolved against the
//! publication date, the direct quotations with their speakers, the themes
//! a story touches and its tone.
//!
//! Every finder here is pure and works on a document's text and its
//! `dyad-text` analysis; every span indexes the document's original text.
//! The crate does no I/O except the loaders of files a user names
//! ([`gazetteer::Gazetteer::load_geonames`], the theme and tone `load_file`
//! and `add_file`); the built-in data is compiled in.
//!
//! It knows nothing of events: `dyad-code` attaches dates, places and
//! quotations to the events it codes, and fills in speakers' actor codes
//! ([`quotes::Speaker::code`]) and the mean Goldstein value
//! ([`DocTone::goldstein`]), because it alone resolves actors.
#![deny(missing_docs)]

pub mod dates;
pub mod gazetteer;
pub mod places;
pub mod quotes;
pub mod themes;
pub mod tone;

use std::borrow::Cow;

use dyad_text::{Analysis, Document};
use serde::Serialize;

use crate::dates::TimeExpr;
use crate::gazetteer::Gazetteer;
use crate::places::PlaceMention;
use crate::quotes::Quote;
use crate::themes::{Theme, ThemeDict};
use crate::tone::{Tone, ToneLexicon};

/// The finders of this crate with their data: the built-in gazetteer,
/// theme dictionary and tone lexicon, or copies extended with a user's
/// files. Built once per run and shared by every worker thread.
#[derive(Debug, Clone)]
pub struct Enricher {
    gazetteer: Cow<'static, Gazetteer>,
    themes: Cow<'static, ThemeDict>,
    tone: Cow<'static, ToneLexicon>,
}

impl Default for Enricher {
    fn default() -> Self {
        Enricher::builtin()
    }
}

impl Enricher {
    /// The enricher with everything dyad ships (parsed once per process).
    pub fn builtin() -> Self {
        Enricher {
            gazetteer: Cow::Borrowed(Gazetteer::builtin()),
            themes: Cow::Borrowed(ThemeDict::builtin()),
            tone: Cow::Borrowed(ToneLexicon::builtin()),
        }
    }

    /// The gazetteer, to add a GeoNames dump to (copied from the built-in
    /// one on first use).
    pub fn gazetteer_mut(&mut self) -> &mut Gazetteer {
        self.gazetteer.to_mut()
    }

    /// The theme dictionary, to add a user's file to.
    pub fn themes_mut(&mut self) -> &mut ThemeDict {
        self.themes.to_mut()
    }

    /// The tone lexicon, to add a user's file to.
    pub fn tone_mut(&mut self) -> &mut ToneLexicon {
        self.tone.to_mut()
    }

    /// The gazetteer in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Finds the places, time expressions, quotations, themes and tone of
    /// one analysed document. Speaker codes and the mean Goldstein value
    /// are left for the event coder, which knows the actors.
    pub fn enrich(&self, doc: &Document, analysis: &Analysis) -> Enrichment {
        let text = doc.text.as_str();
        Enrichment {
            places: places::find_places(&self.gazetteer, text, analysis),
            dominant_place: None,
            dates: dates::find_dates(text, analysis, doc.published.as_deref()),
            quotes: quotes::find_quotes(text, analysis),
            themes: themes::find_themes(&self.themes, analysis),
            tone: DocTone {
                tone: tone::tone(&self.tone, analysis),
                goldstein: None,
            },
        }
    }
}

/// What the enricher finds in one document: the `places`, `dates`,
/// `quotes`, `themes` and `tone` of `dyad analyze`'s output.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Enrichment {
    /// Place mentions, in document order.
    pub places: Vec<PlaceMention>,
    /// The place the document is mostly about (see `dyad-code`, which
    /// chooses it), where events without a place of their own happened.
    pub dominant_place: Option<PlaceMention>,
    /// Time expressions, resolved against the publication date.
    pub dates: Vec<TimeExpr>,
    /// Quotations and terms in quotation marks, with speakers.
    pub quotes: Vec<Quote>,
    /// Themes, most frequent first.
    pub themes: Vec<Theme>,
    /// Tone of the document.
    pub tone: DocTone,
}

/// A document's tone (GDELT-like: positive minus negative words per 100
/// words) and the mean Goldstein value of its events.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DocTone {
    /// Word-based tone.
    #[serde(flatten)]
    pub tone: Tone,
    /// Mean Goldstein value of the document's events; `None` without events.
    pub goldstein: Option<f64>,
}
