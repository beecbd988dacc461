//! dyad's verb and event-noun patterns (`data/verbs/`, format in
//! `data/verbs/FORMAT.md`): which lemmas, in which dependency roles, report
//! which CAMEO event. This module parses and indexes them; matching them
//! against a parse is the coder's job.

use std::collections::HashMap;

use crate::cameo::CameoTable;
use crate::DictError;

include!(concat!(env!("OUT_DIR"), "/builtin_verbs.rs"));

/// One head word of a pattern: a lemma and, for phrasal verbs, its particle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadWord {
    /// The lemma (`call`).
    pub lemma: String,
    /// The particle (`off` in `call_off`).
    pub particle: Option<String>,
}

/// A condition a pattern puts on the words around its head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// `obj=L1/L2`: the direct object has one of these lemmas.
    ObjLemma(Vec<String>),
    /// `obj:TARGET`: the direct object is the target.
    ObjTarget,
    /// `iobj:TARGET`: the indirect object is the target.
    IobjTarget,
    /// `P:TARGET`: the phrase introduced by preposition `P` is the target
    /// (multiword prepositions with spaces: `on behalf of`).
    PrepTarget(String),
    /// `P=L1/L2`: a phrase introduced by `P` whose word has one of these lemmas.
    PrepLemma(String, Vec<String>),
    /// `xcomp=L1/L2`: an open clausal complement with one of these lemmas.
    Xcomp(Vec<String>),
    /// `between:SOURCE+TARGET`: both actors from a "between X and Y" phrase.
    Between,
    /// `by:SOURCE`: the source from a "by X" phrase (event nouns).
    BySource,
    /// `poss:SOURCE`: the source from a possessive, adjectival or compound
    /// modifier (event nouns).
    PossSource,
}

impl Constraint {
    /// Whether this constraint names where the target is.
    pub fn is_target(&self) -> bool {
        matches!(
            self,
            Constraint::ObjTarget
                | Constraint::IobjTarget
                | Constraint::PrepTarget(_)
                | Constraint::Between
        )
    }
}

/// One pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The CAMEO event code.
    pub code: String,
    /// The head words (alternatives).
    pub heads: Vec<HeadWord>,
    /// Whether the head is an event noun (`~meeting`) rather than a verb.
    pub nominal: bool,
    /// The constraints, all of which must hold.
    pub constraints: Vec<Constraint>,
    /// Where it was written: `04-consult.txt:12`; this is the pattern's name
    /// in an event's evidence.
    pub name: String,
    /// The pattern as written.
    pub text: String,
}

impl Pattern {
    /// Whether the pattern says where its target is.
    pub fn has_target(&self) -> bool {
        self.constraints.iter().any(Constraint::is_target)
    }
}

/// All patterns, indexed by head lemma.
#[derive(Debug, Clone, Default)]
pub struct VerbDict {
    patterns: Vec<Pattern>,
    by_head: HashMap<(String, bool), Vec<usize>>,
}

/// `a/b_c` → ["a", "b"]: lemmas a dependent may have. A phrasal verb in a
/// complement (`set_up`) is matched on its verb (`set`); its particle is
/// the complement's own business.
fn alternatives(s: &str) -> Vec<String> {
    s.split('/')
        .filter(|v| !v.is_empty())
        .map(|v| v.split('_').next().unwrap_or(v).to_lowercase())
        .collect()
}

impl VerbDict {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self::default()
    }

    /// The patterns that ship with dyad (`data/verbs/`), compiled in.
    pub fn builtin(cameo: &CameoTable) -> Result<Self, DictError> {
        let mut dict = VerbDict::new();
        for (file, text) in BUILTIN {
            dict.add_text(file, text, cameo)?;
        }
        Ok(dict)
    }

    /// Parses and adds a pattern file; the first malformed line is an error
    /// naming the file and line.
    pub fn add_text(
        &mut self,
        file: &str,
        text: &str,
        cameo: &CameoTable,
    ) -> Result<(), DictError> {
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let err = |message: String| DictError::Syntax {
                file: file.to_string(),
                line: i + 1,
                message,
            };
            let mut words = line.split_whitespace();
            let code = words.next().unwrap_or_default();
            if cameo.get(code).is_none() {
                return Err(err(format!("{code:?} is not a CAMEO event code")));
            }
            let head = words
                .next()
                .ok_or_else(|| err("no head word after the code".into()))?;
            let (nominal, head) = match head.strip_prefix('~') {
                Some(h) => (true, h),
                None => (false, head),
            };
            let heads: Vec<HeadWord> = head
                .split('/')
                .filter(|h| !h.is_empty())
                .map(|h| {
                    let h = h.to_lowercase();
                    match h.split_once('_') {
                        Some((lemma, particle)) if !nominal => HeadWord {
                            lemma: lemma.to_string(),
                            particle: Some(particle.replace('_', " ")),
                        },
                        _ => HeadWord {
                            lemma: h.replace('_', " "),
                            particle: None,
                        },
                    }
                })
                .collect();
            if heads.is_empty()
                || heads.iter().any(|h| {
                    !h.lemma
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-' || c == ' ' || c == '\'')
                })
            {
                return Err(err(format!("head {head:?} is not a lemma or lemma/lemma")));
            }
            let mut constraints = Vec::new();
            for c in words {
                constraints.push(parse_constraint(c).map_err(err)?);
            }
            let id = self.patterns.len();
            for h in &heads {
                self.by_head
                    .entry((h.lemma.clone(), nominal))
                    .or_default()
                    .push(id);
            }
            let short = file.rsplit('/').next().unwrap_or(file);
            self.patterns.push(Pattern {
                code: code.to_string(),
                heads,
                nominal,
                constraints,
                name: format!("{short}:{}", i + 1),
                text: line.to_string(),
            });
        }
        Ok(())
    }

    /// The patterns whose head is `lemma` (verbs, or event nouns if `nominal`),
    /// in file order.
    pub fn for_head(&self, lemma: &str, nominal: bool) -> impl Iterator<Item = &Pattern> {
        self.by_head
            .get(&(lemma.to_string(), nominal))
            .into_iter()
            .flatten()
            .map(|&i| &self.patterns[i])
    }

    /// All patterns.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }
}

fn parse_constraint(c: &str) -> Result<Constraint, String> {
    let bad = || {
        format!("constraint {c:?} is not obj=…, obj:TARGET, iobj:TARGET, P:TARGET, P=…, xcomp=…, between:SOURCE+TARGET, by:SOURCE or poss:SOURCE")
    };
    if let Some((role, slot)) = c.split_once(':') {
        let role = role.to_lowercase();
        return match (role.as_str(), slot) {
            ("obj", "TARGET") => Ok(Constraint::ObjTarget),
            ("iobj", "TARGET") => Ok(Constraint::IobjTarget),
            ("between", "SOURCE+TARGET") => Ok(Constraint::Between),
            ("by", "SOURCE") => Ok(Constraint::BySource),
            ("poss", "SOURCE") => Ok(Constraint::PossSource),
            (p, "TARGET") if p.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_') => {
                Ok(Constraint::PrepTarget(p.replace('_', " ")))
            }
            _ => Err(bad()),
        };
    }
    if let Some((role, values)) = c.split_once('=') {
        let values = alternatives(values);
        if values.is_empty() {
            return Err(bad());
        }
        let role = role.to_lowercase();
        return match role.as_str() {
            "obj" => Ok(Constraint::ObjLemma(values)),
            "xcomp" => Ok(Constraint::Xcomp(values)),
            p if p.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_') => {
                Ok(Constraint::PrepLemma(p.replace('_', " "), values))
            }
            _ => Err(bad()),
        };
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_format() {
        let cameo = CameoTable::builtin();
        let mut d = VerbDict::new();
        d.add_text(
            "t.txt",
            "# c\n040  meet with:TARGET   # X met with Y\n163 impose obj=sanction/sanctions on:TARGET\n040 ~meeting between:SOURCE+TARGET\n1056? \n",
            &cameo,
        )
        .unwrap_err();
        let mut d = VerbDict::new();
        d.add_text(
            "t.txt",
            "040  meet with:TARGET\n163 impose obj=sanction/sanctions on:TARGET\n040 ~meeting between:SOURCE+TARGET\n043 call_off obj=talks\n",
            &cameo,
        )
        .unwrap();
        let p: Vec<&Pattern> = d.for_head("impose", false).collect();
        assert_eq!(
            p[0].constraints,
            [
                Constraint::ObjLemma(vec!["sanction".into(), "sanctions".into()]),
                Constraint::PrepTarget("on".into())
            ]
        );
        assert_eq!(p[0].name, "t.txt:2");
        assert!(d.for_head("meeting", true).next().unwrap().has_target());
        let call = d.for_head("call", false).next().unwrap();
        assert_eq!(call.heads[0].particle.as_deref(), Some("off"));
        let e = d
            .add_text("x.txt", "\n040 meet sideways\n", &cameo)
            .unwrap_err();
        assert!(e.to_string().starts_with("x.txt:2: constraint"), "{e}");
        let e = d.add_text("x.txt", "999 meet\n", &cameo).unwrap_err();
        assert!(e.to_string().contains("not a CAMEO event code"), "{e}");
    }
}
