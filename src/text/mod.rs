//! Text of articles: HTML extraction, boilerplate removal, script and language.
//!
//! One job per file: [`fragment`] tokenizes HTML fragments of feed bodies; [`dom`] and [`page`]
//! read whole pages (the tree, and the content scoring that finds the article in it). Both
//! produce the [`Block`]s of [`block`], decode references with [`entities`], clean image URLs with
//! [`images`] and read class names with [`names`]. [`boilerplate`] judges paragraphs, with the
//! caption and photo-credit rules of `captions` and the wire credits of [`credits`]; their shared
//! helpers are `strings` and `phrases` (matching word lists fast). [`script`] tells scripts and
//! languages apart. The words and phrases all these rules match live in data files under
//! `src/data/`, one list per file, compiled in (see `src/data.rs`).

pub mod block;
pub mod boilerplate;
mod captions;
pub mod credits;
pub mod dom;
pub mod entities;
pub mod fragment;
pub mod images;
pub mod names;
pub mod page;
mod phrases;
pub mod script;
mod strings;

pub use block::{normalize_ws, Block, BlockKind, Extracted};
pub use entities::decode_entities;
