//! A fixed pool of store connections for blocking queries.
//!
//! Each connection is a `Mutex<Store>`; a semaphore with one permit per
//! connection bounds the queries in flight, so a request waits for a
//! connection asynchronously (no thread is held while it waits) and, once
//! it has a permit, finds a free connection without blocking.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};

use dyad_store::Store;
use tokio::sync::Semaphore;

use crate::error::ApiError;

pub(crate) struct Pool {
    /// Never empty except while dropping (see `Drop`).
    stores: Vec<Mutex<Store>>,
    permits: Semaphore,
    next: AtomicUsize,
}

impl Pool {
    pub(crate) fn new(stores: Vec<Store>) -> Pool {
        let n = stores.len();
        Pool {
            stores: stores.into_iter().map(Mutex::new).collect(),
            permits: Semaphore::new(n),
            next: AtomicUsize::new(0),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.stores.len()
    }
}

impl Drop for Pool {
    /// The blocking PostgreSQL client runs a small tokio runtime of its own
    /// to close its connection, which panics when it happens on a thread of
    /// the server's runtime (where the last reference to the pool usually
    /// goes). So the connections are closed on a plain thread.
    fn drop(&mut self) {
        let stores = std::mem::take(&mut self.stores);
        if stores.is_empty() {
            return;
        }
        if tokio::runtime::Handle::try_current().is_err() {
            drop(stores);
            return;
        }
        let closing = std::thread::spawn(move || drop(stores));
        let _ = closing.join();
    }
}

impl Pool {
    /// A free connection; blocks only in the rare race where the permit
    /// holder before us has not yet unlocked.
    fn take(&self) -> MutexGuard<'_, Store> {
        let n = self.stores.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        for i in 0..n {
            match self.stores[(start + i) % n].try_lock() {
                Ok(g) => return g,
                // A query panicked while holding it; the connection itself
                // is still usable (queries do not leave transactions open).
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        self.stores[start % n]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on a pooled connection in tokio's blocking thread pool.
    pub(crate) async fn run<T: Send + 'static>(
        self: &std::sync::Arc<Self>,
        f: impl FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = self.permits.acquire().await.map_err(|_| {
            ApiError::status(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "the server is shutting down",
            )
        })?;
        let pool = self.clone();
        let result = tokio::task::spawn_blocking(move || {
            let mut store = pool.take();
            f(&mut store)
        })
        .await;
        drop(permit);
        result.unwrap_or_else(|e| {
            eprintln!("dyad-server: a query task failed: {e}");
            Err(ApiError::status(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal error",
            ))
        })
    }
}
