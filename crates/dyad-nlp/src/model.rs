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

/// Row of feature hash `f` in a table of `2^bits` rows.
#[inline(always)]
fn row(f: u64, bits: u32) -> usize {
    (f >> (64 - bits)) as usize
}

/// Quantised (i16) weight table used at prediction time.
///
/// Stored sparsely, row by row (CSR): after pruning most of a row's class
/// weights are zero, so a row is a short list of (class, weight) pairs.
/// That keeps memory small and makes a score a few cache lines per feature.
#[derive(Debug, Clone)]
pub struct Weights {
    bits: u32,
    n: usize,
    /// `ptr[r]..ptr[r + 1]` are row `r`'s entries.
    ptr: Vec<u32>,
    /// (class, weight) pairs.
    ent: Vec<(u16, i16)>,
}

impl Weights {
    /// An empty placeholder table.
    pub(crate) fn empty() -> Self {
        Weights {
            bits: 8,
            n: 1,
            ptr: vec![0; 257],
            ent: Vec::new(),
        }
    }

    /// Builds from a dense row-major table of `2^bits × n` weights.
    pub(crate) fn from_dense(bits: u32, n: usize, table: &[i16]) -> Self {
        let rows = 1usize << bits;
        let mut ptr = Vec::with_capacity(rows + 1);
        let mut ent = Vec::new();
        ptr.push(0);
        for r in 0..rows {
            for (c, &v) in table[r * n..(r + 1) * n].iter().enumerate() {
                if v != 0 {
                    ent.push((c as u16, v));
                }
            }
            ptr.push(ent.len() as u32);
        }
        Weights { bits, n, ptr, ent }
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.n
    }

    /// Adds the rows of all features into `out` (length = classes).
    #[inline]
    pub fn score(&self, feats: &[u64], out: &mut [i32]) {
        out.iter_mut().for_each(|x| *x = 0);
        // Two phases: first look up every row's span (independent loads the
        // CPU can overlap), then add the entries.
        const CHUNK: usize = 64;
        let mut spans = [(0u32, 0u32); CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for (s, &f) in spans.iter_mut().zip(chunk) {
                let r = row(f, self.bits);
                *s = (self.ptr[r], self.ptr[r + 1]);
            }
            for &(a, b) in &spans[..chunk.len()] {
                for &(c, v) in &self.ent[a as usize..b as usize] {
                    if let Some(o) = out.get_mut(c as usize) {
                        *o += v as i32;
                    }
                }
            }
        }
    }

    /// Drops weights whose magnitude is below `k`.
    pub fn prune(&mut self, k: i16) {
        let k = k.unsigned_abs();
        let mut ent = Vec::with_capacity(self.ent.len());
        let mut ptr = Vec::with_capacity(self.ptr.len());
        ptr.push(0);
        for r in 0..self.ptr.len() - 1 {
            let (a, b) = (self.ptr[r] as usize, self.ptr[r + 1] as usize);
            ent.extend(self.ent[a..b].iter().filter(|e| e.1.unsigned_abs() >= k));
            ptr.push(ent.len() as u32);
        }
        self.ent = ent;
        self.ptr = ptr;
    }

    /// Non-zero weights.
    pub fn nonzero(&self) -> usize {
        self.ent.len()
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.u8(self.bits as u8);
        w.var(self.n as u64);
        w.var(self.ent.len() as u64);
        let mut last = 0usize;
        for r in 0..self.ptr.len() - 1 {
            let (a, b) = (self.ptr[r] as usize, self.ptr[r + 1] as usize);
            for &(c, x) in &self.ent[a..b] {
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
        let mut ptr = vec![0u32; rows + 1];
        let mut ent = Vec::with_capacity(nz);
        let mut idx = 0usize;
        let mut row_cur = 0usize;
        for k in 0..nz {
            let d = r.var()? as usize;
            if k > 0 && d == 0 {
                return Err(ModelErrorKind::Malformed(
                    "weight indices not increasing".into(),
                ));
            }
            idx = idx.saturating_add(d);
            let z = r.var()?;
            let v = ((z >> 1) as i64) ^ -((z & 1) as i64);
            if idx >= len || v < i16::MIN as i64 || v > i16::MAX as i64 {
                return Err(ModelErrorKind::Malformed(
                    "weight index out of range".into(),
                ));
            }
            let rw = idx / n;
            while row_cur < rw {
                row_cur += 1;
                ptr[row_cur] = ent.len() as u32;
            }
            ent.push(((idx % n) as u16, v as i16));
        }
        while row_cur < rows {
            row_cur += 1;
            ptr[row_cur] = ent.len() as u32;
        }
        Ok(Weights { bits, n, ptr, ent })
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
