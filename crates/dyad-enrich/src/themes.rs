//! Themes: what a story is about, found with plain-text dictionaries.
//!
//! An analyst filtering millions of events wants to ask "events in stories
//! about sanctions" or "protests in stories about elections". The event coder
//! says who did what to whom; this module adds the topics around it, with a
//! taxonomy of our own (about fifty themes such as `ENERGY`, `SANCTIONS`,
//! `PROTEST`, `PEACE_PROCESS`) kept as editable text in `data/themes/`
//! (format: `data/themes/FORMAT.md`).
//!
//! ## Why dictionaries and not a classifier
//!
//! Every theme hit carries the byte span of the words that triggered it, so
//! an analyst can see *why* a story was tagged and fix a bad trigger by
//! editing one line. A classifier would need labelled data we do not have and
//! would give no evidence.
//!
//! ## How matching works, and why
//!
//! * **Only `analysis.sentences`.** Headings, removed boilerplate and the
//!   dateline are skipped: boilerplate is by definition not the story
//!   ("ALSO READ: …" links name other stories' topics), headings mostly repeat
//!   the body, and every hit then belongs to a sentence, which is what lets
//!   events inherit the themes of their sentence ([`themes_in`],
//!   [`sentence_themes`]).
//! * **Tokens, not characters.** Entries are tokenised with the same
//!   tokenizer as the text, so "women's rights" matches `women` `'s`
//!   `rights`, and a trigger never matches inside a word ("war" does not fire
//!   in "software").
//! * **Case.** A word written in lower case matches any case; a word written
//!   with a capital letter matches only that spelling, which keeps acronyms
//!   apart from words ("AI" is not "ai", "WHO" is not "who").
//! * **No lemmatiser, so wildcards.** `sanction*` matches every token that
//!   begins with `sanction`. Entries otherwise list their inflections.
//! * **Longest match wins.** At each token the longest entry of any theme is
//!   taken and its tokens are consumed, so "trade union" (`LABOUR`) hides
//!   "trade" (`TRADE`), and the reserved pseudo-theme `@STOP` can hide
//!   phrases that would otherwise fire ("West Bank", "gold medal").
//! * **Weak triggers.** Ambiguous words ("campaign", "vote", "gas") are
//!   marked weak with `?`: they count only when the same theme also has a
//!   strong hit in the document, or when at least two different weak
//!   entries of that theme fire (the alternatives of one entry, written
//!   `?journalist|journalists`, count as one). A lone "campaign" therefore
//!   never makes a story about elections.
//!
//! ## Speed
//!
//! Entries are compiled once into two byte tries of words (one for
//! case-insensitive words, fed lowercased token forms; one for case-sensitive
//! words, fed original forms) that map a token to word ids, and a trie of
//! word ids for phrases. The hot loop lowercases into one reused buffer (with
//! an ASCII fast path), walks the byte trie, and allocates only for hits.
//! [`ThemeDict::builtin`] parses the built-in files once per process.

use dyad_text::{tokens, Analysis};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The built-in theme files, in the order they are loaded.
const BUILTIN: &[(&str, &str)] = &[
    (
        "data/themes/economy.txt",
        include_str!("../../../data/themes/economy.txt"),
    ),
    (
        "data/themes/resources.txt",
        include_str!("../../../data/themes/resources.txt"),
    ),
    (
        "data/themes/technology.txt",
        include_str!("../../../data/themes/technology.txt"),
    ),
    (
        "data/themes/environment.txt",
        include_str!("../../../data/themes/environment.txt"),
    ),
    (
        "data/themes/society.txt",
        include_str!("../../../data/themes/society.txt"),
    ),
    (
        "data/themes/security.txt",
        include_str!("../../../data/themes/security.txt"),
    ),
    (
        "data/themes/politics.txt",
        include_str!("../../../data/themes/politics.txt"),
    ),
    (
        "data/themes/stop.txt",
        include_str!("../../../data/themes/stop.txt"),
    ),
];

/// The names of the built-in theme files (relative to the repository), for
/// tests that check every file in `data/themes/` is compiled in.
pub fn builtin_files() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(name, _)| *name)
}

/// Reads a word-list file a user names: its name for errors and its text.
pub(crate) fn read_list(path: &Path) -> Result<(String, String), LexiconError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
        file: file.clone(),
        source,
    })?;
    Ok((file, text))
}

/// Adds to a word list all or nothing: `parse` works on a copy, which is
/// compiled and kept only if it parsed, so on error `list` is unchanged.
pub(crate) fn add_all_or_nothing<T: Clone>(
    list: &mut T,
    parse: impl FnOnce(&mut T) -> Result<(), LexiconError>,
    compile: impl FnOnce(&mut T),
) -> Result<(), LexiconError> {
    let mut next = list.clone();
    parse(&mut next)?;
    compile(&mut next);
    *list = next;
    Ok(())
}

/// Why a theme dictionary or tone lexicon could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A line of a file is malformed.
    #[error("{file}:{line}: {message}")]
    Syntax {
        /// The file, as named by the caller.
        file: String,
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The system's reason.
        #[source]
        source: std::io::Error,
    },
}

/// The name of the reserved pseudo-theme whose entries block matches.
const STOP: &str = "STOP";
/// Theme id of `@STOP` entries.
const STOP_ID: u16 = u16::MAX;
/// "No value" in the tries.
const NONE: u32 = u32::MAX;
/// Shortest prefix a wildcard may have, so that `a*` cannot match half the
/// language.
pub(crate) const MIN_PREFIX: usize = 3;

// ---------------------------------------------------------------------------
// Shared by themes and tone: reading lines, parsing words, the word trie.
// ---------------------------------------------------------------------------

/// The lines of `text` that are not blank and not comments, as
/// `(line number from 1, content)`, with trailing comments (` # …`) removed
/// and white space trimmed.
pub(crate) fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, raw)| {
        let line = raw.trim();
        if line.starts_with('#') {
            return None;
        }
        // A comment starts at a `#` that follows white space.
        let bytes = line.as_bytes();
        let line = match (1..bytes.len())
            .find(|&k| bytes[k] == b'#' && bytes[k - 1].is_ascii_whitespace())
        {
            Some(k) => line[..k].trim_end(),
            None => line,
        };
        (!line.is_empty()).then_some((i + 1, line))
    })
}

/// One word of a dictionary entry, as the matcher compares it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Word {
    /// The bytes to compare: lowercased unless `cs`.
    pub(crate) key: Box<str>,
    /// Case-sensitive: the word was written with a capital letter.
    pub(crate) cs: bool,
    /// A wildcard: matches any token beginning with `key`.
    pub(crate) prefix: bool,
}

/// Parses one entry ("economic sanction*", "IMF") into words, tokenising it
/// like running text. `fold_case` forces every word to be case-insensitive
/// (the tone lexicon). Errors are messages without a location.
pub(crate) fn parse_entry(entry: &str, fold_case: bool) -> Result<Vec<Word>, String> {
    let toks = tokens::tokenize(entry, 0, entry.len());
    let mut words: Vec<Word> = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let form = t.form();
        if form == "*" {
            let attached = i > 0 && toks[i - 1].end == t.start;
            let at_word_end = toks.get(i + 1).is_none_or(|n| n.start > t.end);
            match words.last_mut() {
                Some(w) if attached && at_word_end && !w.prefix => {
                    if w.key.len() < MIN_PREFIX {
                        return Err(format!(
                            "wildcard prefix `{}*` is shorter than {MIN_PREFIX} bytes",
                            w.key
                        ));
                    }
                    w.prefix = true;
                }
                _ => {
                    return Err(format!(
                        "`*` may only end a word (as in `sanction*`): `{entry}`"
                    ))
                }
            }
            continue;
        }
        if form.contains('*') {
            return Err(format!("`*` may only end a word: `{entry}`"));
        }
        let cs = !fold_case && form.chars().any(char::is_uppercase);
        let key = if cs {
            form.to_string()
        } else {
            let mut buf = Vec::new();
            lowercase_into(form, &mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        };
        words.push(Word {
            key: key.into_boxed_str(),
            cs,
            prefix: false,
        });
    }
    if words.is_empty() {
        return Err(format!("entry `{entry}` has no words"));
    }
    Ok(words)
}

/// Writes the lowercase form of `s` into `buf` (cleared first) and says
/// whether `s` had an upper-case letter. ASCII text takes a fast path.
#[inline]
pub(crate) fn lowercase_into(s: &str, buf: &mut Vec<u8>) -> bool {
    buf.clear();
    if s.is_ascii() {
        let mut upper = false;
        buf.extend(s.bytes().map(|b| {
            upper |= b.is_ascii_uppercase();
            b.to_ascii_lowercase()
        }));
        upper
    } else {
        let mut upper = false;
        let mut tmp = [0u8; 4];
        for c in s.chars() {
            upper |= c.is_uppercase();
            for l in c.to_lowercase() {
                buf.extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
            }
        }
        upper
    }
}

/// A node of a frozen [`WordTrie`].
#[derive(Debug, Clone, Copy)]
struct ByteNode {
    /// First edge in `labels`/`targets`.
    start: u32,
    /// Number of edges.
    len: u32,
    /// Value of the word ending here, or [`NONE`].
    exact: u32,
    /// Value of the wildcard prefix ending here, or [`NONE`].
    prefix: u32,
}

/// A byte trie of words and wildcard prefixes, frozen into flat arrays so
/// that a lookup is a walk over small contiguous label slices.
#[derive(Debug, Clone)]
pub(crate) struct WordTrie {
    nodes: Vec<ByteNode>,
    labels: Vec<u8>,
    targets: Vec<u32>,
}

impl Default for WordTrie {
    fn default() -> Self {
        WordTrie::build(std::iter::empty())
    }
}

impl WordTrie {
    /// Builds a trie from `(key, is_prefix, value)` triples. A later triple
    /// with the same key and kind replaces an earlier one.
    pub(crate) fn build<'a>(items: impl Iterator<Item = (&'a [u8], bool, u32)>) -> Self {
        struct B {
            children: Vec<(u8, u32)>,
            exact: u32,
            prefix: u32,
        }
        let new = || B {
            children: Vec::new(),
            exact: NONE,
            prefix: NONE,
        };
        let mut b = vec![new()];
        for (key, is_prefix, value) in items {
            let mut n = 0usize;
            for &byte in key {
                n = match b[n].children.iter().find(|(l, _)| *l == byte) {
                    Some(&(_, t)) => t as usize,
                    None => {
                        let t = b.len();
                        b.push(new());
                        b[n].children.push((byte, t as u32));
                        t
                    }
                };
            }
            if is_prefix {
                b[n].prefix = value;
            } else {
                b[n].exact = value;
            }
        }
        let mut nodes = Vec::with_capacity(b.len());
        let mut labels = Vec::new();
        let mut targets = Vec::new();
        for node in &mut b {
            node.children.sort_unstable();
            nodes.push(ByteNode {
                start: labels.len() as u32,
                len: node.children.len() as u32,
                exact: node.exact,
                prefix: node.prefix,
            });
            for &(l, t) in &node.children {
                labels.push(l);
                targets.push(t);
            }
        }
        WordTrie {
            nodes,
            labels,
            targets,
        }
    }

    /// Walks `key` and calls `f(value, false)` for each wildcard prefix of
    /// `key` (shortest first), then `f(value, true)` if `key` itself is a word.
    #[inline]
    pub(crate) fn walk(&self, key: &[u8], mut f: impl FnMut(u32, bool)) {
        let mut n = 0usize;
        for &byte in key {
            let node = self.nodes[n];
            let s = node.start as usize;
            let labels = &self.labels[s..s + node.len as usize];
            match memchr::memchr(byte, labels) {
                Some(k) => n = self.targets[s + k] as usize,
                None => return,
            }
            let p = self.nodes[n].prefix;
            if p != NONE {
                f(p, false);
            }
        }
        let e = self.nodes[n].exact;
        if e != NONE {
            f(e, true);
        }
    }
}

// ---------------------------------------------------------------------------
// The theme dictionary.
// ---------------------------------------------------------------------------

/// One theme of a dictionary, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeInfo {
    /// The theme's code, e.g. `SANCTIONS`.
    pub code: String,
    /// What the theme covers, from its `@CODE` header line.
    pub description: String,
    /// How many entries (words and phrases) trigger it.
    pub entries: usize,
}

/// One entry as parsed, before compiling.
#[derive(Debug, Clone)]
struct Entry {
    words: Vec<Word>,
    theme: u16,
    weak: bool,
    /// Alternatives written `a|b|c` share a group: they count as one entry
    /// for the weak-trigger rule.
    group: u32,
}

/// What a phrase-trie terminal reports: a theme (or [`STOP_ID`]) and whether
/// the entry is weak for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Output {
    theme: u16,
    weak: bool,
    group: u32,
}

/// A node of the phrase trie over word ids.
#[derive(Debug, Clone, Copy)]
struct PhraseNode {
    start: u32,
    len: u32,
    /// Index into `terminals`, or [`NONE`].
    terminal: u32,
}

/// The compiled matcher of a [`ThemeDict`].
#[derive(Debug, Clone, Default)]
struct Matcher {
    /// Case-insensitive words, keyed by lowercase bytes.
    ci: WordTrie,
    /// Case-sensitive words, keyed by their exact bytes.
    cs: WordTrie,
    /// For each word id, the phrase node reached from the root, or [`NONE`].
    root: Vec<u32>,
    nodes: Vec<PhraseNode>,
    /// Edges `(word id, node)`, sorted by word id within each node.
    edges: Vec<(u32, u32)>,
    /// For each terminal, its range in `outputs`.
    terminals: Vec<(u32, u32)>,
    outputs: Vec<Output>,
}

/// A theme dictionary: themes, their trigger entries, and the compiled
/// matcher. Build one with [`ThemeDict::builtin`], or start from
/// [`ThemeDict::new`] or a clone of the built-in one and add files.
#[derive(Debug, Clone, Default)]
pub struct ThemeDict {
    themes: Vec<ThemeInfo>,
    entries: Vec<Entry>,
    /// Number of entry groups so far (the last group id).
    groups: u32,
    matcher: Matcher,
}

impl ThemeDict {
    /// An empty dictionary that finds nothing.
    pub fn new() -> Self {
        ThemeDict::default()
    }

    /// The built-in dictionary (`data/themes/*.txt`, compiled into the
    /// binary), parsed on first use and shared afterwards.
    ///
    /// # Panics
    ///
    /// Only if the built-in files are malformed, which the crate's tests
    /// rule out.
    pub fn builtin() -> &'static ThemeDict {
        static DICT: OnceLock<ThemeDict> = OnceLock::new();
        DICT.get_or_init(|| {
            let mut d = ThemeDict::new();
            for (name, text) in BUILTIN {
                if let Err(e) = d.parse(name, text) {
                    panic!("built-in theme dictionary is malformed: {e}");
                }
            }
            d.compile();
            d
        })
    }

    /// Parses a dictionary from `text` (named `file` in errors).
    pub fn from_text(file: &str, text: &str) -> Result<Self, LexiconError> {
        let mut d = ThemeDict::new();
        d.add_text(file, text)?;
        Ok(d)
    }

    /// Reads a dictionary file.
    pub fn load_file(path: &Path) -> Result<Self, LexiconError> {
        let mut d = ThemeDict::new();
        d.add_file(path)?;
        Ok(d)
    }

    /// Adds the entries of `text` (named `file` in errors) to this
    /// dictionary. A theme header naming an existing theme adds to it. On
    /// error the dictionary is unchanged.
    pub fn add_text(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        add_all_or_nothing(self, |d| d.parse(file, text), ThemeDict::compile)
    }

    /// Reads a dictionary file and adds its entries, as [`ThemeDict::add_text`].
    pub fn add_file(&mut self, path: &Path) -> Result<(), LexiconError> {
        let (file, text) = read_list(path)?;
        self.add_text(&file, &text)
    }

    /// The themes, in the order their headers first appeared.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// Parses `text` into `self.themes`/`self.entries` without compiling.
    fn parse(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        let mut current: Option<u16> = None;
        for (line, content) in content_lines(text) {
            let err = |message: String| LexiconError::Syntax {
                file: file.to_string(),
                line,
                message,
            };
            if let Some(header) = content.strip_prefix('@') {
                let (code, description) = match header.find(char::is_whitespace) {
                    Some(k) => (&header[..k], header[k..].trim()),
                    None => (header, ""),
                };
                if !code.starts_with(|c: char| c.is_ascii_uppercase())
                    || !code
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                {
                    return Err(err(format!(
                        "theme code `{code}` must be upper case letters, digits and `_`, \
                         starting with a letter"
                    )));
                }
                current =
                    Some(self.theme_id(code, description).ok_or_else(|| {
                        err(format!("too many themes (at most {})", STOP_ID - 1))
                    })?);
                continue;
            }
            let theme = current.ok_or_else(|| err("entry before any `@THEME` header".into()))?;
            for item in content.split(';').map(str::trim).filter(|i| !i.is_empty()) {
                let (weak, body) = match item.strip_prefix('?') {
                    Some(rest) => (true, rest.trim_start()),
                    None => (false, item),
                };
                if weak && theme == STOP_ID {
                    return Err(err(format!("`?{body}`: stop entries cannot be weak")));
                }
                self.groups += 1;
                for alt in body.split('|') {
                    let words = parse_entry(alt.trim(), false).map_err(err)?;
                    if theme != STOP_ID {
                        self.themes[theme as usize].entries += 1;
                    }
                    self.entries.push(Entry {
                        words,
                        theme,
                        weak,
                        group: self.groups,
                    });
                }
            }
        }
        Ok(())
    }

    /// The id of theme `code`, created if new; `None` when there are too
    /// many themes for an id.
    fn theme_id(&mut self, code: &str, description: &str) -> Option<u16> {
        if code == STOP {
            return Some(STOP_ID);
        }
        if let Some(i) = self.themes.iter().position(|t| t.code == code) {
            if self.themes[i].description.is_empty() {
                self.themes[i].description = description.to_string();
            }
            return u16::try_from(i).ok();
        }
        let id = u16::try_from(self.themes.len())
            .ok()
            .filter(|&i| i < STOP_ID)?;
        self.themes.push(ThemeInfo {
            code: code.to_string(),
            description: description.to_string(),
            entries: 0,
        });
        Some(id)
    }

    /// Builds the matcher from the entries.
    fn compile(&mut self) {
        let mut ids: HashMap<&Word, u32> = HashMap::new();
        let mut words: Vec<&Word> = Vec::new();
        // Phrase trie builder: per node, its edges and its outputs.
        let mut edges: Vec<Vec<(u32, u32)>> = vec![Vec::new()];
        let mut outs: Vec<Vec<Output>> = vec![Vec::new()];
        for e in &self.entries {
            let mut n = 0usize;
            for w in &e.words {
                let id = *ids.entry(w).or_insert_with(|| {
                    words.push(w);
                    (words.len() - 1) as u32
                });
                n = match edges[n].iter().find(|(i, _)| *i == id) {
                    Some(&(_, t)) => t as usize,
                    None => {
                        let t = edges.len();
                        edges.push(Vec::new());
                        outs.push(Vec::new());
                        edges[n].push((id, t as u32));
                        t
                    }
                };
            }
            let o = Output {
                theme: e.theme,
                weak: e.weak,
                group: e.group,
            };
            // The same phrase listed twice for one theme: strong wins.
            match outs[n].iter_mut().find(|x| x.theme == o.theme) {
                Some(x) => x.weak &= o.weak,
                None => outs[n].push(o),
            }
        }
        let ci = WordTrie::build(
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| !w.cs)
                .map(|(i, w)| (w.key.as_bytes(), w.prefix, i as u32)),
        );
        let cs = WordTrie::build(
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| w.cs)
                .map(|(i, w)| (w.key.as_bytes(), w.prefix, i as u32)),
        );
        let mut root = vec![NONE; words.len()];
        for &(id, t) in &edges[0] {
            root[id as usize] = t;
        }
        let mut m = Matcher {
            ci,
            cs,
            root,
            ..Matcher::default()
        };
        for (n, es) in edges.iter_mut().enumerate() {
            es.sort_unstable();
            let terminal = if outs[n].is_empty() {
                NONE
            } else {
                let start = m.outputs.len() as u32;
                m.outputs.extend_from_slice(&outs[n]);
                m.terminals.push((start, outs[n].len() as u32));
                (m.terminals.len() - 1) as u32
            };
            m.nodes.push(PhraseNode {
                start: m.edges.len() as u32,
                len: es.len() as u32,
                terminal,
            });
            m.edges.extend_from_slice(es);
        }
        self.matcher = m;
    }
}

impl Matcher {
    /// The phrase node reached from `node` by word `id`.
    #[inline]
    fn child(&self, node: u32, id: u32) -> Option<u32> {
        let n = self.nodes[node as usize];
        let s = n.start as usize;
        let es = &self.edges[s..s + n.len as usize];
        es.binary_search_by_key(&id, |&(w, _)| w)
            .ok()
            .map(|k| es[k].1)
    }
}

// ---------------------------------------------------------------------------
// Finding themes.
// ---------------------------------------------------------------------------

/// One place where a theme was triggered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThemeHit {
    /// The triggering words as they stand in the original text.
    pub text: String,
    /// First byte in the original text.
    pub start: usize,
    /// One past the last byte in the original text.
    pub end: usize,
    /// The sentence ([`dyad_text::Sentence::id`]) the hit is in.
    pub sentence_id: usize,
}

/// A theme found in a document, with every hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Theme {
    /// The theme's code, upper case (`SANCTIONS`, `OIL_GAS`): codes of a
    /// taxonomy, like CAMEO codes, kept visibly apart from matched text.
    pub theme: String,
    /// Number of hits (`hits.len()`).
    pub count: usize,
    /// The hits, in document order.
    pub hits: Vec<ThemeHit>,
}

/// A raw match before the weak-trigger rule is applied.
#[derive(Debug, Clone, Copy)]
struct RawHit {
    theme: u16,
    weak: bool,
    group: u32,
    sentence: u32,
    first: u32,
    last: u32,
}

/// Finds the themes of a document in its sentences.
///
/// Returns one [`Theme`] per theme reported, sorted by count (most first),
/// then by first hit, then by code. A theme is reported when it has a
/// strong hit, or weak hits from at least two different entries (the
/// alternatives of an `a|b` entry count as one); its `hits` then include
/// its weak hits too. Headings, boilerplate and the dateline are not
/// searched (see the module documentation).
pub fn find_themes(dict: &ThemeDict, analysis: &Analysis) -> Vec<Theme> {
    let m = &dict.matcher;
    let mut raw: Vec<RawHit> = Vec::new();
    let mut buf: Vec<u8> = Vec::with_capacity(32);
    // Word ids of each token of a sentence: token i has ids[offs[i]..offs[i+1]].
    let mut ids: Vec<u32> = Vec::new();
    let mut offs: Vec<u32> = Vec::new();
    let mut stack: Vec<(u32, u32)> = Vec::new();
    let mut best: Vec<u32> = Vec::new();
    for (si, s) in analysis.sentences.iter().enumerate() {
        ids.clear();
        offs.clear();
        offs.push(0);
        for t in &s.tokens {
            let form = t.form();
            let upper = lowercase_into(form, &mut buf);
            m.ci.walk(&buf, |id, _| ids.push(id));
            if upper {
                m.cs.walk(form.as_bytes(), |id, _| ids.push(id));
            }
            offs.push(ids.len() as u32);
        }
        if ids.is_empty() {
            continue;
        }
        let n = s.tokens.len() as u32;
        let mut i = 0u32;
        while i < n {
            // Longest match starting at token i: depth-first over the
            // (usually one) word ids of each token.
            stack.clear();
            best.clear();
            let mut best_end = i;
            for &id in &ids[offs[i as usize] as usize..offs[i as usize + 1] as usize] {
                let c = m.root[id as usize];
                if c != NONE {
                    stack.push((c, i + 1));
                }
            }
            while let Some((node, next)) = stack.pop() {
                let term = m.nodes[node as usize].terminal;
                if term != NONE {
                    if next > best_end {
                        best_end = next;
                        best.clear();
                    }
                    if next == best_end && !best.contains(&term) {
                        best.push(term);
                    }
                }
                if next < n && m.nodes[node as usize].len > 0 {
                    let r = offs[next as usize] as usize..offs[next as usize + 1] as usize;
                    for &id in &ids[r] {
                        if let Some(c) = m.child(node, id) {
                            stack.push((c, next + 1));
                        }
                    }
                }
            }
            if best.is_empty() {
                i += 1;
                continue;
            }
            let blocked = best.iter().any(|&term| {
                let (a, l) = m.terminals[term as usize];
                m.outputs[a as usize..(a + l) as usize]
                    .iter()
                    .any(|o| o.theme == STOP_ID)
            });
            if !blocked {
                let base = raw.len();
                for &term in &best {
                    let (a, l) = m.terminals[term as usize];
                    for o in &m.outputs[a as usize..(a + l) as usize] {
                        // Two entries of one theme on the same span: one hit.
                        if let Some(prev) = raw[base..].iter_mut().find(|h| h.theme == o.theme) {
                            prev.weak &= o.weak;
                            continue;
                        }
                        raw.push(RawHit {
                            theme: o.theme,
                            weak: o.weak,
                            group: o.group,
                            sentence: si as u32,
                            first: i,
                            last: best_end - 1,
                        });
                    }
                }
            }
            i = best_end;
        }
    }
    collect(dict, analysis, &raw)
}

/// Applies the weak-trigger rule to raw hits and builds the sorted result.
fn collect(dict: &ThemeDict, analysis: &Analysis, raw: &[RawHit]) -> Vec<Theme> {
    let nt = dict.themes.len();
    let mut strong = vec![false; nt];
    let mut weak_groups: Vec<Vec<u32>> = vec![Vec::new(); nt];
    for h in raw {
        let t = h.theme as usize;
        if h.weak {
            if !weak_groups[t].contains(&h.group) {
                weak_groups[t].push(h.group);
            }
        } else {
            strong[t] = true;
        }
    }
    let reported: Vec<bool> = (0..nt)
        .map(|t| strong[t] || weak_groups[t].len() >= 2)
        .collect();
    let mut out: Vec<Theme> = Vec::new();
    let mut slot: Vec<usize> = vec![usize::MAX; nt];
    for h in raw {
        let t = h.theme as usize;
        if !reported[t] {
            continue;
        }
        let Some(s) = analysis.sentences.get(h.sentence as usize) else {
            continue;
        };
        let (Some(a), Some(b)) = (
            s.tokens.get(h.first as usize),
            s.tokens.get(h.last as usize),
        ) else {
            continue;
        };
        let (start, end) = (a.start, b.end);
        let text = start
            .checked_sub(s.start)
            .zip(end.checked_sub(s.start))
            .and_then(|(x, y)| s.text.get(x..y))
            .unwrap_or_default()
            .to_string();
        if slot[t] == usize::MAX {
            slot[t] = out.len();
            out.push(Theme {
                theme: dict.themes[t].code.clone(),
                count: 0,
                hits: Vec::new(),
            });
        }
        let th = &mut out[slot[t]];
        th.count += 1;
        th.hits.push(ThemeHit {
            text,
            start,
            end,
            sentence_id: s.id,
        });
    }
    // `out` is in order of first hit; a stable sort by count keeps that
    // order among equals (ties between themes of one span: by code).
    out.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then(x.hits[0].start.cmp(&y.hits[0].start))
            .then(x.theme.cmp(&y.theme))
    });
    out
}

/// The themes with at least one hit overlapping the byte range
/// `start..end` (e.g. a sentence's or an event's span), in the order of
/// `themes` (most frequent in the document first).
pub fn themes_in(themes: &[Theme], start: usize, end: usize) -> Vec<&str> {
    themes
        .iter()
        .filter(|t| t.hits.iter().any(|h| h.start < end && start < h.end))
        .map(|t| t.theme.as_str())
        .collect()
}

/// The themes with at least one hit in sentence `sentence_id`, in the order
/// of `themes`.
pub fn sentence_themes(themes: &[Theme], sentence_id: usize) -> Vec<&str> {
    themes
        .iter()
        .filter(|t| t.hits.iter().any(|h| h.sentence_id == sentence_id))
        .map(|t| t.theme.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(text: &str) -> ThemeDict {
        match ThemeDict::from_text("test.txt", text) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        }
    }

    fn found(d: &ThemeDict, text: &str) -> Vec<(String, usize)> {
        let a = dyad_text::analyze(text);
        find_themes(d, &a)
            .into_iter()
            .map(|t| (t.theme, t.count))
            .collect()
    }

    #[test]
    fn builtin_parses() {
        let d = ThemeDict::builtin();
        assert!(d.themes().len() >= 45, "{}", d.themes().len());
        for t in d.themes() {
            assert!(t.entries >= 5, "{} has {} entries", t.code, t.entries);
            assert!(!t.description.is_empty(), "{} has no description", t.code);
        }
    }

    #[test]
    fn wildcard_and_case() {
        let d = dict("@SANCTIONS punitive measures\nsanction*\n@FINANCE money\nIMF\n");
        assert_eq!(
            found(
                &d,
                "The IMF criticised the sanctions. Sanctioned firms suffered."
            ),
            vec![("SANCTIONS".to_string(), 2), ("FINANCE".to_string(), 1)]
        );
        // Lower-case "imf" is not the acronym.
        assert_eq!(found(&d, "imf is a word here."), vec![]);
    }

    #[test]
    fn longest_match_and_stop() {
        let d = dict(
            "@TRADE t\ntrade\n@LABOUR l\ntrade union; trade unions\n@STOP\nWorld Trade Center\n",
        );
        assert_eq!(
            found(&d, "The trade unions met. Trade grew."),
            vec![("LABOUR".to_string(), 1), ("TRADE".to_string(), 1)]
        );
        assert_eq!(found(&d, "They visited the World Trade Center."), vec![]);
    }

    #[test]
    fn weak_needs_company() {
        let d = dict("@ELECTION e\nballot\n?campaign\n?candidate|candidates\n");
        assert_eq!(found(&d, "One candidate or several candidates?"), vec![]);
        assert_eq!(
            found(&d, "The campaign went on. The campaign ended."),
            vec![]
        );
        assert_eq!(
            found(&d, "The campaign went on for the candidate."),
            vec![("ELECTION".to_string(), 2)]
        );
        assert_eq!(
            found(&d, "The campaign ended with a ballot."),
            vec![("ELECTION".to_string(), 2)]
        );
    }

    #[test]
    fn spans_and_lookup() {
        let d = dict("@CLIMATE c\nclimate change\n@ENERGY e\nsolar power\n");
        let text = "Leaders discussed climate change. Then solar power.";
        let a = dyad_text::analyze(text);
        let th = find_themes(&d, &a);
        let c = &th[0];
        assert_eq!(c.theme, "CLIMATE");
        assert_eq!(&text[c.hits[0].start..c.hits[0].end], "climate change");
        assert_eq!(c.hits[0].text, "climate change");
        assert_eq!(sentence_themes(&th, 2), vec!["ENERGY"]);
        assert_eq!(themes_in(&th, 0, 33), vec!["CLIMATE"]);
        assert_eq!(themes_in(&th, 0, text.len()), vec!["CLIMATE", "ENERGY"]);
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = [
            ("sanctions\n", 1, "before any"),
            ("@X x\n\nfo*o\n", 3, "may only end"),
            ("@X x\n*foo\n", 2, "may only end"),
            ("@X x\nab*\n", 2, "shorter"),
            ("@lower x\n", 1, "theme code"),
            ("@STOP\n?foo\n", 2, "weak"),
        ];
        for (text, line, what) in bad {
            match ThemeDict::from_text("f.txt", text) {
                Err(e @ LexiconError::Syntax { .. }) => {
                    let msg = e.to_string();
                    assert!(msg.starts_with(&format!("f.txt:{line}: ")), "{msg}");
                    assert!(msg.contains(what), "{msg}");
                }
                other => panic!("{text:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn comments_and_separators() {
        let d = dict("# a comment\n@A first theme # trailing\n alpha ; beta gamma # note\n");
        assert_eq!(d.themes()[0].description, "first theme");
        assert_eq!(d.themes()[0].entries, 2);
        assert_eq!(
            found(&d, "Beta gamma and alpha."),
            vec![("A".to_string(), 2)]
        );
    }
}
