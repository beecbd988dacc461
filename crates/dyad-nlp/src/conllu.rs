//! CoNLL-U reading and writing.
//!
//! The reader keeps comment lines, skips multiword-token ranges (`1-2`) and
//! empty nodes (`1.1`), and checks every sentence: ten columns, consecutive
//! ids, heads in range and no cycles. Any problem is a [`ConlluError`] that
//! carries the 1-based line number; the reader never panics.

use std::fmt::Write as _;
use std::io::BufRead;

/// A malformed CoNLL-U input.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// Reading the input failed.
    #[error("I/O error while reading CoNLL-U: {0}")]
    Io(#[from] std::io::Error),
    /// A word line without exactly ten tab-separated columns.
    #[error("line {line}: expected 10 tab-separated columns, found {found}")]
    ColumnCount {
        /// 1-based line number.
        line: usize,
        /// Number of columns found.
        found: usize,
    },
    /// The ID column is not a number, or not the next one in the sentence.
    #[error("line {line}: bad word id {value:?} (expected {expected})")]
    BadId {
        /// 1-based line number.
        line: usize,
        /// The ID as written.
        value: String,
        /// The id that should have come next.
        expected: usize,
    },
    /// The HEAD column is not a number (or `_`).
    #[error("line {line}: bad head {value:?}")]
    BadHead {
        /// 1-based line number.
        line: usize,
        /// The head as written.
        value: String,
    },
    /// The head points past the end of the sentence or at the word itself.
    #[error("line {line}: head {head} out of range for a sentence of {len} words")]
    HeadOutOfRange {
        /// 1-based line number.
        line: usize,
        /// The head.
        head: usize,
        /// Words in the sentence.
        len: usize,
    },
    /// Following heads from a word never reaches the root.
    #[error("line {line}: the heads of the sentence form a cycle")]
    Cycle {
        /// Line of a word on the cycle.
        line: usize,
    },
}

/// One word line of a CoNLL-U file. Unknown values are `_`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA.
    pub lemma: String,
    /// UPOS.
    pub upos: String,
    /// XPOS (Penn Treebank tag in UD English).
    pub xpos: String,
    /// FEATS.
    pub feats: String,
    /// HEAD: `Some(0)` for the root, `None` when written as `_`.
    pub head: Option<usize>,
    /// DEPREL.
    pub deprel: String,
    /// DEPS.
    pub deps: String,
    /// MISC.
    pub misc: String,
}

/// One sentence: its comment lines and its words (ids are positions + 1).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines, including the leading `#`.
    pub comments: Vec<String>,
    /// Syntactic words, in order.
    pub words: Vec<Word>,
}

impl Sentence {
    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

fn col(s: &str) -> String {
    if s.is_empty() {
        "_".to_string()
    } else {
        s.to_string()
    }
}

/// Reads every sentence of a CoNLL-U text.
pub fn parse_str(text: &str) -> Result<Vec<Sentence>, ConlluError> {
    read(text.as_bytes())
}

/// Reads every sentence from a reader.
pub fn read<R: BufRead>(mut r: R) -> Result<Vec<Sentence>, ConlluError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut lines: Vec<usize> = Vec::new();
    let mut buf = String::new();
    let mut lineno = 0usize;
    loop {
        buf.clear();
        let n = r.read_line(&mut buf)?;
        if n == 0 {
            break;
        }
        lineno += 1;
        let line = buf.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            if !cur.words.is_empty() || !cur.comments.is_empty() {
                check(&cur, &lines)?;
                out.push(std::mem::take(&mut cur));
                lines.clear();
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ConlluError::ColumnCount {
                line: lineno,
                found: cols.len(),
            });
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let expected = cur.words.len() + 1;
        match id.parse::<usize>() {
            Ok(v) if v == expected => {}
            _ => {
                return Err(ConlluError::BadId {
                    line: lineno,
                    value: id.to_string(),
                    expected,
                })
            }
        }
        let head = if cols[6] == "_" {
            None
        } else {
            match cols[6].parse::<usize>() {
                Ok(h) => Some(h),
                Err(_) => {
                    return Err(ConlluError::BadHead {
                        line: lineno,
                        value: cols[6].to_string(),
                    })
                }
            }
        };
        cur.words.push(Word {
            form: col(cols[1]),
            lemma: col(cols[2]),
            upos: col(cols[3]),
            xpos: col(cols[4]),
            feats: col(cols[5]),
            head,
            deprel: col(cols[7]),
            deps: col(cols[8]),
            misc: col(cols[9]),
        });
        lines.push(lineno);
    }
    if !cur.words.is_empty() || !cur.comments.is_empty() {
        check(&cur, &lines)?;
        out.push(cur);
    }
    Ok(out)
}

fn check(s: &Sentence, lines: &[usize]) -> Result<(), ConlluError> {
    let n = s.words.len();
    for (i, w) in s.words.iter().enumerate() {
        if let Some(h) = w.head {
            if h > n || h == i + 1 {
                return Err(ConlluError::HeadOutOfRange {
                    line: lines[i],
                    head: h,
                    len: n,
                });
            }
        }
    }
    // Cycle check: walk up from every word; colour states avoid quadratic work.
    let mut state = vec![0u8; n + 1]; // 0 unseen, 1 on current path, 2 done
    state[0] = 2;
    let mut path = Vec::new();
    for start in 1..=n {
        let mut v = start;
        path.clear();
        while state[v] == 0 {
            state[v] = 1;
            path.push(v);
            match s.words[v - 1].head {
                Some(h) => v = h,
                None => break,
            }
        }
        if state[v] == 1 && s.words[v - 1].head.is_some() {
            return Err(ConlluError::Cycle { line: lines[v - 1] });
        }
        for &p in &path {
            state[p] = 2;
        }
    }
    Ok(())
}

/// Writes sentences as CoNLL-U (each sentence followed by a blank line).
pub fn write_str(sentences: &[Sentence]) -> String {
    let mut s = String::new();
    for sent in sentences {
        write_sentence(&mut s, sent);
    }
    s
}

/// Appends one sentence in CoNLL-U to `out`.
pub fn write_sentence(out: &mut String, sent: &Sentence) {
    for c in &sent.comments {
        out.push_str(c);
        out.push('\n');
    }
    for (i, w) in sent.words.iter().enumerate() {
        let head = match w.head {
            Some(h) => h.to_string(),
            None => "_".to_string(),
        };
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            i + 1,
            clean(&w.form),
            clean(&w.lemma),
            clean(&w.upos),
            clean(&w.xpos),
            clean(&w.feats),
            head,
            clean(&w.deprel),
            clean(&w.deps),
            clean(&w.misc)
        );
    }
    out.push('\n');
}

fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_empty() {
        "_".into()
    } else if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ").into()
    } else {
        s.into()
    }
}
