//! The worker threads every parallel call runs on, safe across `fork()`.
//!
//! rayon's global pool is created once per process and its threads do not survive a `fork()`:
//! a child forked after the parent used it (`multiprocessing` with the `fork` start method, the
//! default on Linux before Python 3.14, `os.fork()`, some cluster schedulers) would queue work
//! for threads that do not exist and wait forever. So every call runs inside a pool of ours,
//! kept per process id: a forked child sees a new process id and builds pools of its own (those
//! inherited are leaked, never joined, as their threads are gone). Pools are cached by size, so
//! `threads=n` costs the thread start once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::{Result, XinwenError};

/// More threads than this is a mistake (`threads=10**4`), not a configuration.
pub const MAX_THREADS: usize = 1024;

struct Pools {
    pid: u32,
    by_size: HashMap<usize, Arc<rayon::ThreadPool>>,
    /// The process-wide default set by [`set_default_threads`]; `None`: the environment's
    /// `XINWEN_THREADS`, else every core.
    default: Option<usize>,
}

fn pools() -> &'static Mutex<Pools> {
    static POOLS: OnceLock<Mutex<Pools>> = OnceLock::new();
    POOLS.get_or_init(|| {
        Mutex::new(Pools {
            pid: std::process::id(),
            by_size: HashMap::new(),
            default: None,
        })
    })
}

/// Check a thread count given by a caller.
pub fn check_threads(n: usize) -> Result<usize> {
    if n == 0 {
        return Err(XinwenError::InvalidArgument(
            "threads must be at least 1".into(),
        ));
    }
    if n > MAX_THREADS {
        return Err(XinwenError::InvalidArgument(format!(
            "threads={n} is more than {MAX_THREADS}: give the number of worker threads, at most \
             a few per core (this machine has {})",
            cores()
        )));
    }
    Ok(n)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The threads a call with `threads=None` uses: [`set_default_threads`], else the
/// `XINWEN_THREADS` environment variable when it holds a valid count, else every core.
pub fn default_threads() -> usize {
    let set = pools().lock().ok().and_then(|p| p.default);
    set.or_else(|| {
        std::env::var("XINWEN_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .and_then(|n| check_threads(n).ok())
    })
    .unwrap_or_else(cores)
}

/// Set the threads of calls that do not say (`None`: back to the environment or every core).
/// Each Dask or Ray worker of a machine can so take its share of the cores.
pub fn set_default_threads(n: Option<usize>) -> Result<()> {
    let n = n.map(check_threads).transpose()?;
    let mut p = pools()
        .lock()
        .map_err(|_| XinwenError::Io("the thread pool registry is poisoned".into()))?;
    p.default = n;
    Ok(())
}

fn pool(n: usize) -> Result<Arc<rayon::ThreadPool>> {
    let mut p = pools()
        .lock()
        .map_err(|_| XinwenError::Io("the thread pool registry is poisoned".into()))?;
    let pid = std::process::id();
    if p.pid != pid {
        // Forked: the inherited pools' threads do not exist here. Never drop them (dropping
        // would wait on threads that will not answer).
        for (_, old) in p.by_size.drain() {
            std::mem::forget(old);
        }
        p.pid = pid;
    }
    if let Some(existing) = p.by_size.get(&n) {
        return Ok(existing.clone());
    }
    let built = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("xinwen-{i}"))
        .build()
        .map_err(|e| XinwenError::Io(format!("cannot start {n} threads: {e}")))?;
    let built = Arc::new(built);
    p.by_size.insert(n, built.clone());
    Ok(built)
}

/// Run `work` on `threads` workers (`None`: [`default_threads`]).
pub fn install<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T> {
    let n = match threads {
        Some(n) => check_threads(n)?,
        None => default_threads(),
    };
    Ok(pool(n)?.install(work))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn calls_run_on_the_pool_asked_for() {
        assert_eq!(install(Some(3), rayon::current_num_threads).unwrap(), 3);
        let sum: u64 = install(Some(2), || (0..1000u64).into_par_iter().sum()).unwrap();
        assert_eq!(sum, 499_500);
        assert!(install(Some(0), || ()).is_err());
        let err = install(Some(MAX_THREADS + 1), || ()).unwrap_err();
        assert!(err.to_string().contains("at most"), "{err}");
    }

    #[test]
    fn the_default_can_be_set_and_reset() {
        set_default_threads(Some(2)).unwrap();
        assert_eq!(install(None, rayon::current_num_threads).unwrap(), 2);
        assert!(set_default_threads(Some(0)).is_err());
        set_default_threads(None).unwrap();
        assert!(default_threads() >= 1);
    }
}
