//! xinwen's core: reading archives of Chinese-language news into clean, dated, attributed records.
//!
//! The core knows nothing of Python: `bindings` (behind the `python` feature) maps it to the
//! `xinwen._core` extension module and hands results over as Arrow.

pub mod alloc;
pub mod arrow_out;
mod data;
pub mod dates;
pub mod error;
pub mod features;
pub mod ingest;
pub mod outlet;
pub mod pool;
pub mod progress;
pub mod segment;
pub mod text;

#[cfg(test)]
mod props;

#[cfg(feature = "python")]
mod bindings;

/// Huge pages for the dictionary's large tables (see [`alloc`]).
#[global_allocator]
static GLOBAL: alloc::HugePageAlloc = alloc::HugePageAlloc;

pub use error::{Result, XinwenError};
pub use ingest::{read_paths, Article, ReadOptions};
