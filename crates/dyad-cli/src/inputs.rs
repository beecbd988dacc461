//! What every command that reads news shares: the input arguments, the
//! reading loop that reports warnings and errors, and the exit code.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use dyad_read::{normalize_published, Input, Item, Loaded, Options, ReadError, Reader};

/// A mistake in how dyad was called (exit code 1).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Inputs and defaults for documents without metadata.
#[derive(clap::Args, Debug)]
pub struct InputArgs {
    /// Files or directories to read (.txt, .html/.htm, .jsonl, .json, RSS/Atom
    /// feeds, any of them .gz; directories recursively, in sorted order);
    /// `-` or nothing reads JSON Lines from standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Publication date (YYYY-MM-DD or RFC 3339) for documents that carry none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Id for the document of a single .txt or .html input (default: its file name).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

impl InputArgs {
    /// A reader over the inputs, after checking the options.
    pub fn reader(&self) -> Result<Reader, UsageError> {
        let published = match &self.published {
            Some(raw) => Some(
                normalize_published(raw)
                    .map_err(|reason| UsageError(format!("--published: {reason}")))?,
            ),
            None => None,
        };
        if self.id.is_some() {
            let single_file =
                self.inputs.len() == 1 && std::path::Path::new(&self.inputs[0]).is_file();
            if !single_file {
                return Err(UsageError(
                    "--id names one document: give exactly one .txt or .html file".into(),
                ));
            }
        }
        let inputs = if self.inputs.is_empty() {
            vec![Input::Stdin]
        } else {
            self.inputs.iter().map(|a| Input::parse(a)).collect()
        };
        Ok(Reader::new(
            inputs,
            Options {
                published,
                id: self.id.clone(),
            },
        ))
    }
}

/// Counts of what a run read, for the summary and the exit code.
#[derive(Debug, Default)]
pub struct Tally {
    /// Documents processed.
    pub documents: usize,
    /// Warnings printed.
    pub warnings: usize,
    /// Inputs or documents that failed.
    pub failed: usize,
    /// Whether reading stopped early (Ctrl-C).
    pub interrupted: bool,
}

/// What became of one input item, in input order.
pub enum Done<T> {
    /// A document and what the work made of it.
    Document(T),
    /// An input or document that could not be read (already reported on stderr).
    Failed(ReadError),
}

impl Tally {
    /// Runs `each` over every document the reader yields, printing warnings
    /// and errors on stderr as they come (and passing errors to `failed`);
    /// stops only on an error from `each` or `failed` (an output failure),
    /// never on a bad input, or before the next item once `stop` is set.
    pub fn run(
        reader: Reader,
        stop: Option<&AtomicBool>,
        mut each: impl FnMut(Loaded) -> anyhow::Result<()>,
        mut failed: impl FnMut(ReadError) -> anyhow::Result<()>,
    ) -> anyhow::Result<Tally> {
        let mut tally = Tally::default();
        for item in reader {
            if stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
                tally.interrupted = true;
                break;
            }
            match item {
                Item::Document(loaded) => {
                    tally.documents += 1;
                    each(*loaded)?;
                }
                Item::Warning(w) => {
                    tally.warnings += 1;
                    eprintln!("dyad: warning: {w}");
                }
                Item::Error(e) => {
                    tally.failed += 1;
                    eprintln!("dyad: error: {e}");
                    failed(e)?;
                }
            }
        }
        Ok(tally)
    }

    /// Runs `work` over every document on `threads` threads and writes what
    /// it returns to `out` in input order, so output is the same whatever
    /// the thread count.
    pub fn run_parallel(
        reader: Reader,
        threads: usize,
        work: impl Fn(Loaded) -> Vec<u8> + Sync,
        out: &mut (impl Write + Send),
    ) -> anyhow::Result<Tally> {
        Tally::run_ordered(reader, threads, None, work, |done| {
            if let Done::Document(bytes) = done {
                out.write_all(&bytes)?;
            }
            Ok(())
        })
    }

    /// Runs `work` over every document on `threads` threads and hands what
    /// it returns, and every input that failed, to `sink` in input order.
    /// Bounded queues keep memory flat: the reader waits when the workers
    /// are behind, the workers when the sink is. Once `stop` is set no new
    /// document is started, and the ones under way are finished and sunk.
    pub fn run_ordered<T: Send>(
        reader: Reader,
        threads: usize,
        stop: Option<&AtomicBool>,
        work: impl Fn(Loaded) -> T + Sync,
        mut sink: impl FnMut(Done<T>) -> anyhow::Result<()> + Send,
    ) -> anyhow::Result<Tally> {
        if threads <= 1 {
            let sink = std::cell::RefCell::new(sink);
            return Tally::run(
                reader,
                stop,
                |loaded| (sink.borrow_mut())(Done::Document(work(loaded))),
                |e| (sink.borrow_mut())(Done::Failed(e)),
            );
        }
        let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Loaded)>(threads * 4);
        let (res_tx, res_rx) = mpsc::sync_channel::<(usize, Done<T>)>(threads * 4);
        let job_rx = Mutex::new(job_rx);
        std::thread::scope(|scope| -> anyhow::Result<Tally> {
            for _ in 0..threads {
                let (job_rx, res_tx, work) = (&job_rx, res_tx.clone(), &work);
                scope.spawn(move || loop {
                    let job = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, loaded))) = job else { break };
                    if res_tx.send((seq, Done::Document(work(loaded)))).is_err() {
                        break;
                    }
                });
            }
            let errors_tx = res_tx.clone();
            drop(res_tx);
            let writer = scope.spawn(move || -> anyhow::Result<()> {
                let mut waiting = BTreeMap::new();
                let mut next = 0usize;
                let mut failed = None;
                for (seq, done) in res_rx {
                    waiting.insert(seq, done);
                    while let Some(done) = waiting.remove(&next) {
                        if failed.is_none() {
                            if let Err(e) = sink(done) {
                                failed = Some(e);
                            }
                        }
                        next += 1;
                    }
                }
                failed.map_or(Ok(()), Err)
            });
            let seq = std::cell::Cell::new(0usize);
            let tally = Tally::run(
                reader,
                stop,
                |loaded| {
                    job_tx
                        .send((seq.get(), loaded))
                        .map_err(|_| anyhow::anyhow!("the workers stopped"))?;
                    seq.set(seq.get() + 1);
                    Ok(())
                },
                |e| {
                    errors_tx
                        .send((seq.get(), Done::Failed(e)))
                        .map_err(|_| anyhow::anyhow!("the writer stopped"))?;
                    seq.set(seq.get() + 1);
                    Ok(())
                },
            );
            drop(job_tx);
            drop(errors_tx);
            let written = writer
                .join()
                .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
            written?;
            tally
        })
    }

    /// Prints the summary when something failed, and gives the exit code.
    pub fn finish(&self, command: &str) -> ExitCode {
        if self.failed > 0 {
            eprintln!(
                "dyad {command}: {} document{} processed, {} input{} failed (see the errors above)",
                self.documents,
                if self.documents == 1 { "" } else { "s" },
                self.failed,
                if self.failed == 1 { "" } else { "s" },
            );
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Whether an error is stdout closing under us (`dyad … | head`), which is
/// not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
