//! # dyad-read: any news input in, documents out
//!
//! dyad accepts what news collections actually come as: plain text files,
//! saved web pages, JSON Lines dumps, JSON exports, RSS and Atom feeds, any of
//! them gzip-compressed, whole directory trees of them, and JSON Lines on
//! standard input. This crate turns every one of those into a stream of
//! [`dyad_text::Document`]s, each with the [`Origin`] (file and line) it came
//! from, so that every later error or warning can name its source.
//!
//! ## Why a stream of items, and why errors are items
//!
//! A batch over a large collection must carry on past a bad document and
//! report it at the end, and must not hold the collection in memory. So the
//! [`Reader`] is an iterator of [`Item`]s: a document, a warning, or an
//! error. A malformed JSONL line yields an [`Item::Error`] naming the file,
//! line and field, and the next line is read as usual. JSONL (the format of
//! large dumps) is streamed line by line, also through gzip; other formats
//! are read a file at a time.
//!
//! Only this crate reads files. It decides nothing about the text itself:
//! cleaning, sentences and tokens are `dyad-text`'s job, and the article
//! inside an HTML page is `dyad-html`'s.
#![deny(missing_docs)]

pub mod date;
mod decode;
mod feed;
mod fields;
mod format;

use std::collections::VecDeque;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use dyad_text::Document;

pub use date::normalize_published;
pub use format::Format;

/// Where a document, warning or error came from: a file (or `-` for
/// standard input) and, for line-oriented inputs, the line (from 1).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Origin {
    /// The file as named on the command line or found in a directory; `-` is standard input.
    pub file: String,
    /// The line, for JSONL inputs; the item number (from 1) for JSON arrays and feeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Origin {
    fn file(path: &str) -> Self {
        Origin {
            file: path.to_string(),
            line: None,
        }
    }
    fn at(path: &str, line: usize) -> Self {
        Origin {
            file: path.to_string(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// Why an input (or one document of it) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file or directory could not be opened or read.
    #[error("{origin}: cannot read: {source}")]
    Io {
        /// Where.
        origin: Origin,
        /// The operating system's reason.
        #[source]
        source: io::Error,
    },
    /// A JSON line or file is not valid JSON.
    #[error("{origin}: invalid JSON: {message}")]
    Json {
        /// Where.
        origin: Origin,
        /// The parser's reason, with the column.
        message: String,
    },
    /// A document's field is missing or has a value dyad cannot use.
    #[error("{origin}: field `{field}`: {message}")]
    Field {
        /// Where.
        origin: Origin,
        /// The field's name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The file's type is neither known by its name nor recognisable by its content.
    #[error("{origin}: unknown file type{}; dyad reads .txt, .html/.htm, .jsonl, .json, RSS/Atom feeds (.xml/.rss/.atom) and their .gz", ext.as_deref().map(|e| format!(" .{e}")).unwrap_or_default())]
    UnknownType {
        /// Where.
        origin: Origin,
        /// The file's extension, if it has one.
        ext: Option<String>,
    },
    /// The file holds binary data, not text.
    #[error("{origin}: skipped: binary file ({reason})")]
    Binary {
        /// Where.
        origin: Origin,
        /// What gave it away.
        reason: String,
    },
    /// A feed file could not be parsed as RSS or Atom.
    #[error("{origin}: invalid feed: {message}")]
    Feed {
        /// Where.
        origin: Origin,
        /// The parser's reason.
        message: String,
    },
}

impl ReadError {
    /// Where the error arose.
    pub fn origin(&self) -> &Origin {
        match self {
            ReadError::Io { origin, .. }
            | ReadError::Json { origin, .. }
            | ReadError::Field { origin, .. }
            | ReadError::UnknownType { origin, .. }
            | ReadError::Binary { origin, .. }
            | ReadError::Feed { origin, .. } => origin,
        }
    }
}

/// Something worth telling the user that does not stop the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub origin: Origin,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// A document with the place it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The document.
    pub doc: Document,
    /// Where it was read from.
    pub origin: Origin,
}

/// One thing the [`Reader`] yields.
#[derive(Debug)]
pub enum Item {
    /// A document, ready for analysis.
    Document(Box<Loaded>),
    /// A warning about the input; reading goes on.
    Warning(Warning),
    /// An input or a document that failed; reading goes on with the next one.
    Error(ReadError),
}

/// Settings for documents that carry no metadata of their own.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Publication date for documents without one (already normalised with
    /// [`normalize_published`]).
    pub published: Option<String>,
    /// Identifier for a single document read from a text or HTML file.
    pub id: Option<String>,
}

/// One input as named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// JSON Lines on standard input (`-`).
    Stdin,
}

impl Input {
    /// `-` is standard input, anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// A queued input: an explicit one, or a file found inside a directory
/// (whose id is its path below that directory).
#[derive(Debug)]
enum Pending {
    Explicit(Input),
    InDir { path: PathBuf, root: PathBuf },
}

/// Reads inputs into a stream of [`Item`]s, in order: inputs as given,
/// directories recursively in sorted order.
pub struct Reader {
    queue: VecDeque<Pending>,
    pending: VecDeque<Item>,
    jsonl: Option<fields::JsonlStream>,
    opts: Options,
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if let Some(stream) = &mut self.jsonl {
                match stream.next() {
                    Some(parsed) => self.push_parsed(parsed),
                    None => self.jsonl = None,
                }
                continue;
            }
            let next = self.queue.pop_front()?;
            self.open(next);
        }
    }
}

impl Reader {
    /// A reader over `inputs`.
    pub fn new(inputs: Vec<Input>, opts: Options) -> Self {
        Reader {
            queue: inputs.into_iter().map(Pending::Explicit).collect(),
            pending: VecDeque::new(),
            jsonl: None,
            opts,
        }
    }

    /// A reader over one in-memory file named `name` (its extension decides
    /// the format, as for files on disk). For tests and fuzzing.
    pub fn from_bytes(name: &str, bytes: Vec<u8>, opts: Options) -> Self {
        let mut reader = Reader::new(Vec::new(), opts);
        let id = format::strip_extensions(name);
        let stream: Box<dyn BufRead + Send> = Box::new(io::Cursor::new(bytes));
        if let Err(e) = reader.read_stream(stream, name, &name.to_lowercase(), id, true) {
            reader.pending.push_back(Item::Error(e));
        }
        reader
    }

    fn open(&mut self, next: Pending) {
        match next {
            Pending::Explicit(Input::Stdin) => {
                let stream: Box<dyn BufRead + Send> = Box::new(BufReader::new(io::stdin()));
                self.jsonl = Some(fields::JsonlStream::new(stream, "-".into()));
            }
            Pending::Explicit(Input::Path(path)) => {
                let id = path
                    .file_name()
                    .map(|n| format::strip_extensions(&n.to_string_lossy()))
                    .unwrap_or_default();
                self.open_path(&path, id, None);
            }
            Pending::InDir { path, root } => {
                let rel = path.strip_prefix(&root).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                self.open_path(&path, format::strip_extensions(&rel), Some(root));
            }
        }
    }

    /// Opens a file or directory; `root` is the explicit directory it was
    /// found under, `None` for an input named on the command line.
    fn open_path(&mut self, path: &Path, id: String, root: Option<PathBuf>) {
        let label = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(source) => {
                self.pending.push_back(Item::Error(ReadError::Io {
                    origin: Origin::file(&label),
                    source,
                }));
                return;
            }
        };
        if meta.is_dir() {
            let root = root.unwrap_or_else(|| path.to_path_buf());
            self.queue_dir(path, root);
            return;
        }
        if let Err(e) = self.read_file(path, &label, id, root.is_none()) {
            self.pending.push_back(Item::Error(e));
        }
    }

    /// Queues a directory's entries (sorted, hidden ones skipped) ahead of
    /// the remaining inputs, so the tree is read depth-first in order.
    fn queue_dir(&mut self, dir: &Path, root: PathBuf) {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(source) => {
                self.pending.push_back(Item::Error(ReadError::Io {
                    origin: Origin::file(&dir.display().to_string()),
                    source,
                }));
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .map(|n| n.to_string_lossy().starts_with('.'))
                    .unwrap_or(true)
            })
            .collect();
        paths.sort();
        for path in paths.into_iter().rev() {
            self.queue.push_front(Pending::InDir {
                path,
                root: root.clone(),
            });
        }
    }

    fn read_file(
        &mut self,
        path: &Path,
        label: &str,
        id: String,
        explicit: bool,
    ) -> Result<(), ReadError> {
        let file = File::open(path).map_err(|source| ReadError::Io {
            origin: Origin::file(label),
            source,
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        self.read_stream(Box::new(BufReader::new(file)), label, &name, id, explicit)
    }

    /// Reads one file's content from `stream`; `name` (its file name)
    /// decides the format, its first bytes where the name does not.
    fn read_stream(
        &mut self,
        mut stream: Box<dyn BufRead + Send>,
        label: &str,
        name: &str,
        id: String,
        explicit: bool,
    ) -> Result<(), ReadError> {
        let origin = Origin::file(label);
        let io_err = |source| ReadError::Io {
            origin: origin.clone(),
            source,
        };
        if decode::is_gzip(stream.fill_buf().map_err(io_err)?) {
            stream = Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(stream)));
        }
        let inner_name = name.strip_suffix(".gz").unwrap_or(name);
        let ext = format::extension(inner_name);
        let format = match Format::from_extension(ext.as_deref()) {
            Some(f) => f,
            None => {
                let head = stream.fill_buf().map_err(io_err)?;
                // Without an extension the content decides; with an unknown
                // one (or .xml) only recognisable markup or JSON does.
                match (ext.as_deref(), format::sniff(head)) {
                    (None, Some(f)) => f,
                    (Some(_), Some(f)) if f != Format::Text => f,
                    _ if explicit => return Err(ReadError::UnknownType { origin, ext }),
                    _ => {
                        self.pending.push_back(Item::Warning(Warning {
                            origin,
                            message: "skipped: unknown file type".into(),
                        }));
                        return Ok(());
                    }
                }
            }
        };
        if format == Format::Jsonl {
            self.jsonl = Some(fields::JsonlStream::new(stream, label.to_string()));
            return Ok(());
        }
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).map_err(io_err)?;
        let (text, warning) = decode::decode(&bytes, &origin)?;
        drop(bytes);
        let mut warnings: Vec<Warning> = warning.into_iter().collect();
        match format {
            Format::Text => {
                let doc = Document {
                    id: self.opts.id.clone().unwrap_or(id),
                    text,
                    ..Document::default()
                };
                self.push_doc(doc, origin, warnings);
            }
            Format::Html => {
                let (doc, more) =
                    fields::from_html(&text, self.opts.id.clone().unwrap_or(id), &origin);
                warnings.extend(more);
                self.push_doc(doc, origin, warnings);
            }
            Format::Json => {
                self.pending.extend(warnings.into_iter().map(Item::Warning));
                for parsed in fields::from_json_text(&text, label) {
                    self.push_parsed(parsed);
                }
            }
            Format::Feed => {
                self.pending.extend(warnings.into_iter().map(Item::Warning));
                for parsed in feed::read_feed(text.as_bytes(), label)? {
                    self.push_parsed(parsed);
                }
            }
            Format::Jsonl => unreachable!("JSONL is streamed above"),
        }
        Ok(())
    }

    fn push_parsed(&mut self, parsed: fields::Parsed) {
        match parsed {
            Ok((doc, origin, warnings)) => self.push_doc(doc, origin, warnings),
            Err(e) => self.pending.push_back(Item::Error(e)),
        }
    }

    /// Applies the options' default date, warns where a document has no date
    /// or no text, and queues it.
    fn push_doc(&mut self, mut doc: Document, origin: Origin, warnings: Vec<Warning>) {
        self.pending.extend(warnings.into_iter().map(Item::Warning));
        if doc.published.is_none() {
            doc.published = self.opts.published.clone();
        }
        if doc.published.is_none() {
            self.pending.push_back(Item::Warning(Warning {
                origin: origin.clone(),
                message: "no publication date: relative dates cannot be resolved (use --published)"
                    .into(),
            }));
        }
        if doc.text.trim().is_empty() {
            self.pending.push_back(Item::Warning(Warning {
                origin: origin.clone(),
                message: "empty document: no text to analyze".into(),
            }));
        }
        self.pending
            .push_back(Item::Document(Box::new(Loaded { doc, origin })));
    }
}
