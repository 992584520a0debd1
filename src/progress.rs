//! A counter that long-running calls advance and another thread reads (for progress bars).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Items done out of a total, updated from worker threads without locks. Setting `cancelled`
/// asks the work to stop early (checked between items).
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Start counting towards `total` items.
    pub fn start(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// `n` more items to do: the total grows as the work finds them (the members of an
    /// archive are known only as it is read).
    #[inline]
    pub fn add_total(&self, n: u64) {
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// One more item done.
    #[inline]
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `(done, total)`.
    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    /// Ask the work to stop.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    /// Whether the work was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// Tick `p` if there is one.
#[inline]
pub fn tick(p: Option<&Progress>) {
    if let Some(p) = p {
        p.tick();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn counts_across_threads() {
        let p = Progress::default();
        p.start(1000);
        (0..1000).into_par_iter().for_each(|_| tick(Some(&p)));
        assert_eq!(p.get(), (1000, 1000));
        p.add_total(5);
        assert_eq!(p.get(), (1000, 1005));
        assert!(!p.is_cancelled());
        p.cancel();
        assert!(p.is_cancelled());
    }
}
