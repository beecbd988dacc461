//! Hashed perceptron weight tables and the binary model file format.
//!
//! File layout (all integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 8 | magic `DYADNLP\0` |
//! | 4 | model kind (1 = tagger, 2 = parser) |
//! | 4 | format version ([`FORMAT_VERSION`]) |
//! | 8 | payload length |
//! | 8 | FNV-1a 64 checksum of the payload |
//! | n | payload |
//!
//! Weight tables are stored sparsely: i16-quantised non-zero weights as
//! (delta-coded index, zig-zag value) LEB128 varints.

use crate::hash::fnv1a;

/// Magic bytes that open every model file.
pub const MAGIC: &[u8; 8] = b"DYADNLP\0";
/// Current format version.
pub const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 32;

/// What kind of model a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    /// POS tagger (+ lemma exceptions).
    Tagger = 1,
    /// Dependency parser.
    Parser = 2,
}

/// What is wrong with a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelErrorKind {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    /// The file does not start with the dyad magic bytes.
    #[error("bad magic (not a dyad model file)")]
    BadMagic,
    /// The file was written by an incompatible version.
    #[error("unsupported format version {found} (expected {expected})")]
    Version {
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The file holds another kind of model.
    #[error("wrong model kind {found} (expected {expected})")]
    WrongKind {
        /// Kind in the file.
        found: u32,
        /// Kind wanted.
        expected: u32,
    },
    /// The file is shorter than its header says.
    #[error("truncated: {0}")]
    Truncated(String),
    /// The payload does not match its checksum.
    #[error("checksum mismatch (stored {stored:#018x}, computed {computed:#018x})")]
    Checksum {
        /// Checksum in the header.
        stored: u64,
        /// Checksum of the bytes read.
        computed: u64,
    },
    /// The payload is inconsistent.
    #[error("malformed payload: {0}")]
    Malformed(String),
}

/// A model file that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("model {file}: {kind}")]
pub struct ModelError {
    /// File name (or `<builtin ...>` for embedded models).
    pub file: String,
    /// What is wrong.
    #[source]
    pub kind: ModelErrorKind,
}

impl ModelError {
    pub(crate) fn new(file: &str, kind: ModelErrorKind) -> Self {
        ModelError {
            file: file.to_string(),
            kind,
        }
    }
}

/// Wraps a payload in the header.
pub(crate) fn wrap(kind: ModelKind, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(kind as u32).to_le_bytes());
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&fnv1a(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the header and returns the payload.
pub(crate) fn unwrap(kind: ModelKind, bytes: &[u8]) -> Result<&[u8], ModelErrorKind> {
    if bytes.len() < 8 || &bytes[..8] != MAGIC {
        if bytes.len() < 8 && MAGIC.starts_with(bytes) {
            return Err(ModelErrorKind::Truncated(format!(
                "{} bytes, header needs {HEADER_LEN}",
                bytes.len()
            )));
        }
        return Err(ModelErrorKind::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(ModelErrorKind::Truncated(format!(
            "{} bytes, header needs {HEADER_LEN}",
            bytes.len()
        )));
    }
    let u32at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap_or([0; 4]));
    let u64at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
    let k = u32at(8);
    let v = u32at(12);
    if v != FORMAT_VERSION {
        return Err(ModelErrorKind::Version {
            found: v,
            expected: FORMAT_VERSION,
        });
    }
    if k != kind as u32 {
        return Err(ModelErrorKind::WrongKind {
            found: k,
            expected: kind as u32,
        });
    }
    let len = u64at(16);
    let stored = u64at(24);
    let have = (bytes.len() - HEADER_LEN) as u64;
    if have < len {
        return Err(ModelErrorKind::Truncated(format!(
            "payload has {have} of {len} bytes"
        )));
    }
    if have > len {
        return Err(ModelErrorKind::Malformed(format!(
            "{} trailing bytes after the payload",
            have - len
        )));
    }
    let payload = &bytes[HEADER_LEN..];
    let computed = fnv1a(payload);
    if computed != stored {
        return Err(ModelErrorKind::Checksum { stored, computed });
    }
    Ok(payload)
}

/// Little-endian byte writer.
#[derive(Default)]
pub(crate) struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn var(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                break;
            }
            self.0.push(b | 0x80);
        }
    }
    pub fn str(&mut self, s: &str) {
        self.var(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

/// Little-endian byte reader that reports truncation instead of panicking.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelErrorKind> {
        if self.b.len() - self.pos < n {
            return Err(ModelErrorKind::Malformed(format!(
                "payload ends early at byte {}",
                self.pos
            )));
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, ModelErrorKind> {
        Ok(self.take(1)?[0])
    }
    pub fn var(&mut self) -> Result<u64, ModelErrorKind> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            if shift >= 64 {
                return Err(ModelErrorKind::Malformed("varint too long".into()));
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    pub fn str(&mut self) -> Result<String, ModelErrorKind> {
        let n = self.var()? as usize;
        if n > self.b.len() - self.pos {
            return Err(ModelErrorKind::Malformed("string past end".into()));
        }
        let s = self.take(n)?;
        String::from_utf8(s.to_vec()).map_err(|_| ModelErrorKind::Malformed("bad UTF-8".into()))
    }
    pub fn remaining(&self) -> usize {
        self.b.len() - self.pos
    }
    pub fn done(&self) -> Result<(), ModelErrorKind> {
        if self.pos == self.b.len() {
            Ok(())
        } else {
            Err(ModelErrorKind::Malformed(
                "trailing bytes in payload".into(),
            ))
        }
    }
}

/// Hints the CPU to bring the cache line at `p` closer (no effect on
/// other targets). Never dereferences: a prefetch of any address is safe.
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching does not access memory architecturally; any
    // address, valid or not, is allowed.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Row of feature hash `f` in a table of `2^bits` rows.
#[inline(always)]
fn row(f: u64, bits: u32) -> usize {
    (f >> (64 - bits)) as usize
}

/// Quantised (i16) weight table used at prediction time.
///
/// After pruning most rows hold a few non-zero class weights, so a row is
/// stored as a short list of (class, weight) pairs. But the features that
/// fire most often (common words and tags) have nearly full rows, and they
/// are the ones every prediction reads: those rows are stored densely, as
/// `n` consecutive i16, and added with a loop the compiler vectorises. Each
/// row is one packed `u64` in `rows`, so finding a row is one load.
#[derive(Debug, Clone)]
pub struct Weights {
    bits: u32,
    n: usize,
    /// Per row: `start << 32 | len` of a sparse row in `ent`, or
    /// `index << 32 | DENSE` of a dense row in `dense`.
    rows: Vec<u64>,
    /// (class, weight) pairs of the sparse rows.
    ent: Vec<(u16, i16)>,
    /// Dense rows, `n` weights each.
    dense: Vec<i16>,
}

/// Marks a dense row in [`Weights::rows`].
const DENSE: u64 = u32::MAX as u64;

impl Weights {
    /// An empty placeholder table.
    pub(crate) fn empty() -> Self {
        Weights::from_rows(8, 1, |_, _| {})
    }

    /// Builds a table from a function giving each row's non-zero
    /// (class, weight) pairs in class order. A row with at least an eighth
    /// of the classes set is stored densely.
    fn from_rows(bits: u32, n: usize, mut row_of: impl FnMut(usize, &mut Vec<(u16, i16)>)) -> Self {
        let ok: Result<Self, std::convert::Infallible> = Weights::try_from_rows(bits, n, |r, e| {
            row_of(r, e);
            Ok(())
        });
        match ok {
            Ok(w) => w,
            Err(never) => match never {},
        }
    }

    /// [`Weights::from_rows`] with a row function that may fail.
    fn try_from_rows<E>(
        bits: u32,
        n: usize,
        mut row_of: impl FnMut(usize, &mut Vec<(u16, i16)>) -> Result<(), E>,
    ) -> Result<Self, E> {
        let count = 1usize << bits;
        let mut rows = Vec::with_capacity(count);
        let mut ent = Vec::new();
        let mut dense = Vec::new();
        let dense_from = (n / 8).max(8);
        let mut e = Vec::new();
        for r in 0..count {
            e.clear();
            row_of(r, &mut e)?;
            if e.len() >= dense_from {
                let index = (dense.len() / n) as u64;
                let at = dense.len();
                dense.resize(at + n, 0);
                for &(c, v) in &e {
                    dense[at + c as usize] = v;
                }
                rows.push(index << 32 | DENSE);
            } else {
                rows.push((ent.len() as u64) << 32 | e.len() as u64);
                ent.extend_from_slice(&e);
            }
        }
        Ok(Weights {
            bits,
            n,
            rows,
            ent,
            dense,
        })
    }

    /// Builds from a dense row-major table of `2^bits × n` weights.
    pub(crate) fn from_dense(bits: u32, n: usize, table: &[i16]) -> Self {
        Weights::from_rows(bits, n, |r, e| {
            e.extend(
                table[r * n..(r + 1) * n]
                    .iter()
                    .enumerate()
                    .filter(|(_, &v)| v != 0)
                    .map(|(c, &v)| (c as u16, v)),
            )
        })
    }

    /// Row `r`'s non-zero (class, weight) pairs, in class order.
    fn entries(&self, r: usize) -> impl Iterator<Item = (u16, i16)> + '_ {
        let x = self.rows[r];
        let at = (x >> 32) as usize;
        let (d, e): (&[i16], &[(u16, i16)]) = if x & DENSE == DENSE {
            (&self.dense[at * self.n..(at + 1) * self.n], &[])
        } else {
            (&[], &self.ent[at..at + (x & DENSE) as usize])
        };
        d.iter()
            .enumerate()
            .filter(|(_, &v)| v != 0)
            .map(|(c, &v)| (c as u16, v))
            .chain(e.iter().copied())
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.n
    }

    /// Adds the rows of all features into `out` (length = classes).
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        self.score_portable(feats, out);
    }

    #[inline(always)]
    fn score_portable(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|x| *x = 0);
        let n = self.n;
        // Three phases, so that the CPU overlaps the cache misses of all
        // features instead of waiting for each in turn: find the rows (and
        // ask for them), find where each row's weights are (and ask for
        // those), then add the weights, which are in cache by then.
        const CHUNK: usize = 128;
        let mut at = [0usize; CHUNK];
        for chunk in feats.chunks(CHUNK) {
            let at = &mut at[..chunk.len()];
            for (r, &f) in at.iter_mut().zip(chunk) {
                *r = row(f, self.bits);
                prefetch(self.rows.as_ptr().wrapping_add(*r));
            }
            for r in at.iter_mut() {
                let x = self.rows[*r];
                // Keep the packed row in place of the row number.
                *r = x as usize;
                let i = (x >> 32) as usize;
                if x & DENSE == DENSE {
                    let p = self.dense.as_ptr().wrapping_add(i * n);
                    let mut k = 0;
                    while k < n {
                        prefetch(p.wrapping_add(k));
                        k += 32;
                    }
                } else {
                    prefetch(self.ent.as_ptr().wrapping_add(i));
                }
            }
            for &x in at.iter() {
                let x = x as u64;
                let i = (x >> 32) as usize;
                if x & DENSE == DENSE {
                    if let Some(d) = self.dense.get(i * n..(i + 1) * n) {
                        for (o, &v) in out.iter_mut().zip(d) {
                            *o += v as i32;
                        }
                    }
                } else {
                    let len = (x & DENSE) as usize;
                    for &(c, v) in self.ent.get(i..i + len).unwrap_or(&[]) {
                        if let Some(o) = out.get_mut(c as usize) {
                            *o += v as i32;
                        }
                    }
                }
            }
        }
    }

    /// Drops weights whose magnitude is below `k`.
    pub fn prune(&mut self, k: i16) {
        let k = k.unsigned_abs();
        let old = std::mem::replace(self, Weights::empty());
        *self = Weights::from_rows(old.bits, old.n, |r, e| {
            e.extend(old.entries(r).filter(|e| e.1.unsigned_abs() >= k))
        });
    }

    /// Non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.ent.len() + self.dense.iter().filter(|&&v| v != 0).count()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u8(self.bits as u8);
        w.var(self.n as u64);
        w.var(self.nonzero() as u64);
        let mut last = 0usize;
        for r in 0..self.rows.len() {
            for (c, x) in self.entries(r) {
                let i = r * self.n + c as usize;
                w.var((i - last) as u64);
                last = i;
                let z = ((x as i64) << 1) ^ ((x as i64) >> 63);
                w.var(z as u64);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, ModelErrorKind> {
        let bits = r.u8()? as u32;
        if !(8..=24).contains(&bits) {
            return Err(ModelErrorKind::Malformed(format!(
                "bad table size 2^{bits}"
            )));
        }
        let n = r.var()? as usize;
        if n == 0 || n > 4096 {
            return Err(ModelErrorKind::Malformed(format!("bad class count {n}")));
        }
        let rows = 1usize << bits;
        let len = rows * n;
        let nz = r.var()? as usize;
        if nz > len || nz > r.remaining() {
            return Err(ModelErrorKind::Malformed("too many weights".into()));
        }
        // Entries come in index order, so rows are filled one after the
        // other; `pending` is the first entry of the next non-empty row.
        let mut left = nz;
        let mut idx = 0usize;
        let mut pending: Option<(usize, i16)> = None;
        let mut next = |r: &mut Reader<'_>| -> Result<Option<(usize, i16)>, ModelErrorKind> {
            if left == 0 {
                return Ok(None);
            }
            let d = r.var()? as usize;
            if left < nz && d == 0 {
                return Err(ModelErrorKind::Malformed(
                    "weight indices not increasing".into(),
                ));
            }
            left -= 1;
            idx = idx.saturating_add(d);
            let z = r.var()?;
            let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
            if idx >= len || v < i16::MIN as i64 || v > i16::MAX as i64 {
                return Err(ModelErrorKind::Malformed(
                    "weight index out of range".into(),
                ));
            }
            Ok(Some((idx, v as i16)))
        };
        Weights::try_from_rows(bits, n, |row, e| loop {
            let (i, v) = match pending.take() {
                Some(p) => p,
                None => match next(r)? {
                    Some(p) => p,
                    None => return Ok(()),
                },
            };
            if i / n != row {
                pending = Some((i, v));
                return Ok(());
            }
            e.push(((i % n) as u16, v));
        })
    }
}

/// Averaged-perceptron weights during training (integer updates).
pub(crate) struct TrainWeights {
    pub bits: u32,
    pub n: usize,
    w: Vec<i32>,
    u: Vec<i64>,
    /// Update counter (number of examples seen).
    pub c: i64,
}

impl TrainWeights {
    pub fn new(bits: u32, n: usize) -> Self {
        let len = (1usize << bits) * n;
        TrainWeights {
            bits,
            n,
            w: vec![0; len],
            u: vec![0; len],
            c: 1,
        }
    }

    /// Scores with the current (non-averaged) weights.
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|x| *x = 0);
        let n = self.n;
        for &f in feats {
            let r = row(f, self.bits) * n;
            for (o, &x) in out.iter_mut().zip(&self.w[r..r + n]) {
                *o += x;
            }
        }
    }

    /// Perceptron update towards `gold`, away from `pred`.
    #[inline]
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        if gold == pred {
            return;
        }
        let n = self.n;
        for &f in feats {
            let r = row(f, self.bits) * n;
            self.w[r + gold] += 1;
            self.u[r + gold] += self.c;
            self.w[r + pred] -= 1;
            self.u[r + pred] -= self.c;
        }
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Vec<f32> {
        let c = self.c as f64;
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (w as f64 - u as f64 / c) as f32)
            .collect()
    }

    /// Averaged weights, quantised to i16 (see [`quantise`]).
    pub fn quantise(&self, prune: i16) -> Weights {
        quantise(self.bits, self.n, &self.averaged(), prune)
    }
}

/// Quantises float weights to i16: the 99.99th percentile of the non-zero
/// magnitudes maps to 12,000 (larger ones are clamped at 32,767), and
/// weights whose quantised magnitude is below `prune` are dropped.
pub(crate) fn quantise(bits: u32, n: usize, avg: &[f32], prune: i16) -> Weights {
    let mut mags: Vec<f32> = avg.iter().filter(|x| **x != 0.0).map(|x| x.abs()).collect();
    let scale = if mags.is_empty() {
        1.0
    } else {
        let k = ((mags.len() as f64) * 0.9999) as usize;
        let k = k.min(mags.len() - 1);
        let (_, q, _) = mags.select_nth_unstable_by(k, |a, b| a.total_cmp(b));
        12000.0 / q.max(1e-6)
    };
    let table: Vec<i16> = avg
        .iter()
        .map(|&x| {
            let q = (x * scale).round().clamp(-32767.0, 32767.0) as i16;
            if q.abs() < prune {
                0
            } else {
                q
            }
        })
        .collect();
    Weights::from_dense(bits, n, &table)
}
