//! The actor dictionary: actors, their phrases, their dated codes, and the
//! token trie that finds the phrases in a sentence.

use std::collections::HashMap;

use crate::{Day, DictError};

/// What kind of actor an entry is; the coder treats them differently
/// (agents combine with the nearest country, persons carry dated offices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActorKind {
    /// A country, territory, region or bloc.
    Country,
    /// An international, non-state or armed organisation.
    Organization,
    /// A political person.
    Person,
    /// A sector word ("police", "protesters") that takes its country from context.
    Agent,
}

/// How a phrase names its actor; adjectives ("Chinese") modify a noun and
/// metonyms ("the Kremlin") stand for the government.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhraseRole {
    /// A name or alias.
    Name,
    /// An adjective or demonym.
    Adjective,
    /// A capital or building standing for the government.
    Metonym,
}

/// A code that applies from `from` (inclusive) until `to` (exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The CAMEO actor code (`RUSGOV`) or, for agents, the sector code (`COP`).
    pub code: String,
    /// First day, if limited.
    pub from: Option<Day>,
    /// The day it stopped applying, if it did.
    pub to: Option<Day>,
    /// The office this code stands for, when the dictionary names it.
    pub office: Option<String>,
}

impl DatedCode {
    fn contains(&self, day: Day) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day < t)
    }
    fn undated(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// One actor with all its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The canonical name (the first name the dictionary gives).
    pub name: String,
    /// Country, organisation, person or agent.
    pub kind: ActorKind,
    /// Its codes, in dictionary order.
    pub codes: Vec<DatedCode>,
}

/// Code prefixes that are not countries: their codes are kept whole when a
/// person's office has ended.
const NON_STATE: [&str; 6] = ["IGO", "NGO", "IMG", "MNC", "UIS", "NGM"];

impl Actor {
    /// The code that applies on `day` (the document's publication date).
    ///
    /// A dated code whose range contains the day wins (the latest-starting,
    /// if several do), then an undated code. For a person outside every
    /// range, the most recent earlier office applies with its country only
    /// (a former president is no longer the government); before any office,
    /// the first office's country. Without a day, the most recent office.
    pub fn code_on(&self, day: Option<Day>) -> Option<String> {
        let Some(day) = day else {
            return self
                .codes
                .iter()
                .max_by_key(|c| (c.undated(), c.from))
                .map(|c| c.code.clone());
        };
        if let Some(c) = self
            .codes
            .iter()
            .filter(|c| !c.undated() && c.contains(day))
            .max_by_key(|c| c.from)
        {
            return Some(c.code.clone());
        }
        if let Some(c) = self.codes.iter().find(|c| c.undated()) {
            return Some(c.code.clone());
        }
        let earlier = self
            .codes
            .iter()
            .filter(|c| c.to.is_some_and(|t| t <= day))
            .max_by_key(|c| c.to);
        let base = earlier.or_else(|| self.codes.iter().min_by_key(|c| c.from))?;
        Some(country_part(&base.code).to_string())
    }
}

/// The country part of a code (`RUSGOV` → `RUS`); non-state codes stay whole.
pub fn country_part(code: &str) -> &str {
    if code.len() <= 3 || NON_STATE.iter().any(|p| code.starts_with(p)) {
        code
    } else {
        &code[..3]
    }
}

/// Index of an actor in an [`ActorDict`].
pub type ActorId = u32;

/// One phrase of an actor, tokenised as text is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The tokens as written in the dictionary.
    pub tokens: Vec<String>,
    /// Whether case matters (the phrase has a capital letter).
    pub case_sensitive: bool,
    /// Name, adjective or metonym.
    pub role: PhraseRole,
    /// The actor it names.
    pub actor: ActorId,
}

/// A phrase found in a sentence: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The phrase (index into [`ActorDict::phrase`]).
    pub phrase: u32,
    /// The actor.
    pub actor: ActorId,
}

#[derive(Debug, Default, Clone)]
struct Node {
    children: HashMap<Box<str>, u32>,
    /// Phrases ending here, latest added last.
    phrases: Vec<u32>,
}

/// The actor dictionary: actors, their phrases and the trie over them.
#[derive(Debug, Clone)]
pub struct ActorDict {
    actors: Vec<Actor>,
    phrases: Vec<Phrase>,
    nodes: Vec<Node>,
    /// Persons by canonical name, so lines of one person merge.
    by_key: HashMap<(ActorKind, String), ActorId>,
}

impl Default for ActorDict {
    fn default() -> Self {
        ActorDict {
            actors: Vec::new(),
            phrases: Vec::new(),
            nodes: vec![Node::default()],
            by_key: HashMap::new(),
        }
    }
}

/// Folds a token for the trie: lower case, curly apostrophes straightened.
fn fold(token: &str) -> String {
    token
        .chars()
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a text token satisfies a case-sensitive phrase token: the same,
/// or the same in capitals (headlines, datelines).
fn case_ok(phrase_token: &str, text_token: &str) -> bool {
    let straight = |s: &str| s.replace('\u{2019}', "'");
    let (p, t) = (straight(phrase_token), straight(text_token));
    p == t || (t.chars().any(char::is_alphabetic) && t == p.to_uppercase())
}

impl ActorDict {
    /// An empty dictionary.
    pub fn new() -> Self {
        Self::default()
    }

    /// The dictionaries that ship with dyad (`data/actors/`), compiled in.
    pub fn builtin() -> Result<Self, DictError> {
        let mut dict = ActorDict::new();
        for (name, text) in crate::ours::BUILTIN {
            dict.add_text(name, text)?;
        }
        Ok(dict)
    }

    /// Adds a dictionary file in dyad's format; which of the four kinds it
    /// is follows from its name (`countries`, `organizations`, `agents`,
    /// anything else is persons), as in `data/actors/`.
    pub fn add_text(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        crate::ours::load(self, file, text)
    }

    /// Reads and adds a dictionary file: dyad's format, or PETRARCH's
    /// (recognised by its `[CODE]` brackets), whose warnings are returned.
    pub fn load_file(
        &mut self,
        path: &std::path::Path,
    ) -> Result<Vec<crate::DictWarning>, DictError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DictError::Io {
            file: file.clone(),
            source,
        })?;
        if crate::petrarch::looks_like_petrarch(&text) {
            Ok(crate::petrarch::load(self, &file, &text))
        } else {
            self.add_text(&file, &text).map(|()| Vec::new())
        }
    }

    /// The actor for `key` of `kind`, created if new.
    pub(crate) fn actor_for(&mut self, kind: ActorKind, key: &str) -> ActorId {
        if let Some(&id) = self.by_key.get(&(kind, key.to_string())) {
            return id;
        }
        let id = self.actors.len() as ActorId;
        // Keys are `code \u{1} name` (or `file \u{1} line \u{1} name`): the
        // name is their last part.
        self.actors.push(Actor {
            name: key.rsplit('\u{1}').next().unwrap_or(key).to_string(),
            kind,
            codes: Vec::new(),
        });
        self.by_key.insert((kind, key.to_string()), id);
        id
    }

    /// Adds a code to an actor (skipping exact repeats).
    pub(crate) fn add_code(&mut self, actor: ActorId, code: DatedCode) {
        let codes = &mut self.actors[actor as usize].codes;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }

    /// Adds a phrase for an actor. The phrase is tokenised like text, so it
    /// matches wherever the same words appear.
    pub fn add_phrase(&mut self, actor: ActorId, phrase: &str, role: PhraseRole) {
        let case_sensitive = phrase.chars().any(char::is_uppercase);
        self.add_phrase_case(actor, phrase, role, case_sensitive);
    }

    /// [`ActorDict::add_phrase`] with case sensitivity decided by the caller
    /// (PETRARCH dictionaries are written in capitals but match any case).
    pub(crate) fn add_phrase_case(
        &mut self,
        actor: ActorId,
        phrase: &str,
        role: PhraseRole,
        case_sensitive: bool,
    ) {
        let tokens: Vec<String> = dyad_text::tokens::tokenize(phrase, 0, phrase.len())
            .iter()
            .map(|t| t.form().to_string())
            .collect();
        if tokens.is_empty() {
            return;
        }
        let mut node = 0u32;
        for t in &tokens {
            let key = fold(t);
            node = match self.nodes[node as usize].children.get(key.as_str()) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len() as u32;
                    self.nodes.push(Node::default());
                    self.nodes[node as usize]
                        .children
                        .insert(key.into_boxed_str(), n);
                    n
                }
            };
        }
        let end = &self.nodes[node as usize].phrases;
        if end.iter().any(|&p| {
            let p = &self.phrases[p as usize];
            p.actor == actor && p.tokens == tokens && p.role == role
        }) {
            return;
        }
        let id = self.phrases.len() as u32;
        self.phrases.push(Phrase {
            tokens,
            case_sensitive,
            role,
            actor,
        });
        self.nodes[node as usize].phrases.push(id);
    }

    /// All actors.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// One actor.
    pub fn actor(&self, id: ActorId) -> &Actor {
        &self.actors[id as usize]
    }

    /// One phrase.
    pub fn phrase(&self, id: u32) -> &Phrase {
        &self.phrases[id as usize]
    }

    /// How many phrases the dictionary holds.
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Finds actor phrases in a sentence's tokens, left to right, longest
    /// first, without overlaps. Where several actors share the longest
    /// phrase, the one added last wins (so a user's dictionary overrides
    /// the built-in one). A phrase of the same actor that starts inside a
    /// match and ends after it extends the match: "President Xi" and "Xi
    /// Jinping" make one mention, "President Xi Jinping".
    pub fn find(&self, tokens: &[&str]) -> Vec<Match> {
        let folded: Vec<String> = tokens.iter().map(|t| fold(t)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, &folded, i) {
                Some(mut m) => {
                    let mut k = m.start + 1;
                    while k < m.end {
                        if let Some(n) = self.longest_at(tokens, &folded, k) {
                            if n.actor == m.actor && n.end > m.end {
                                m.end = n.end;
                            }
                        }
                        k += 1;
                    }
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    fn longest_at(&self, tokens: &[&str], folded: &[String], start: usize) -> Option<Match> {
        let mut node = 0u32;
        let mut best = None;
        for (j, key) in folded.iter().enumerate().skip(start) {
            let Some(&next) = self.nodes[node as usize].children.get(key.as_str()) else {
                break;
            };
            node = next;
            for &p in self.nodes[node as usize].phrases.iter().rev() {
                let phrase = &self.phrases[p as usize];
                let ok = !phrase.case_sensitive
                    || phrase
                        .tokens
                        .iter()
                        .zip(&tokens[start..=j])
                        .all(|(pt, tt)| case_ok(pt, tt));
                if ok {
                    best = Some(Match {
                        start,
                        end: j + 1,
                        phrase: p,
                        actor: phrase.actor,
                    });
                    break;
                }
            }
        }
        best
    }
}
