//! Reading archived news files into [`Article`] records: one per file, whatever happens.

pub mod archive;
pub mod assemble;
pub mod decode;
pub mod docs;
pub mod draft;
pub mod frontmatter;
pub mod layout;
pub mod source;
pub mod warc;

use std::path::{Path, PathBuf};

use crate::dates::{DateSource, Zone};
use crate::error::{Result, XinwenError};
use crate::text::script;
use layout::Layout;

/// How a file ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    /// Read, but something was missing or guessed (see `error`).
    Partial,
    /// Not readable as an article (see `error`).
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Error => "error",
        }
    }
}

/// One file, read. Field meanings follow the columns of `xinwen.read_articles`.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub doc_id: String,
    pub path: String,
    pub layout: Option<Layout>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// Microseconds since the Unix epoch, UTC.
    pub published_at: Option<i64>,
    pub date_source: DateSource,
    pub date_conflict: bool,
    pub author: Option<String>,
    pub credit: Option<String>,
    pub categories: Vec<String>,
    pub body: String,
    pub captions: Vec<String>,
    pub images: Vec<String>,
    pub lang: Option<script::Lang>,
    pub script: script::Script,
    pub encoding: Option<String>,
    pub n_chars: i64,
    pub status: Status,
    pub error: Option<String>,
}

impl Article {
    fn failed(path: &Path, doc_id: String, why: String) -> Article {
        Self::failed_named(&path.to_string_lossy(), doc_id, why)
    }

    /// The row of a document that could not be read, named as the caller shows it.
    pub fn failed_named(path: &str, doc_id: String, why: String) -> Article {
        Article {
            doc_id,
            path: path.to_string(),
            layout: None,
            outlet: None,
            url: None,
            title: None,
            published_at: None,
            date_source: DateSource::None,
            date_conflict: false,
            author: None,
            credit: None,
            categories: Vec::new(),
            body: String::new(),
            captions: Vec::new(),
            images: Vec::new(),
            lang: None,
            script: script::Script::None,
            encoding: None,
            n_chars: 0,
            status: Status::Error,
            error: Some(why),
        }
    }
}

/// Options of [`read_paths`].
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Zone of times written without an offset (unless the outlet is known to write another).
    pub zone: Zone,
    /// Files larger than this get an error row instead of being read.
    pub max_bytes: u64,
    /// Worker threads; `None` = all cores.
    pub threads: Option<usize>,
    /// Advanced once per document read; archives add their members to its total as they are read.
    pub progress: Option<std::sync::Arc<crate::progress::Progress>>,
}

impl ReadOptions {
    pub fn new(zone: &str) -> Result<ReadOptions> {
        let zone = Zone::named(zone).map_err(XinwenError::InvalidArgument)?;
        Ok(ReadOptions {
            zone,
            max_bytes: 50_000_000,
            threads: None,
            progress: None,
        })
    }
}

/// Read every file, in parallel, keeping the input order: one article per plain file, and one
/// per member of each archive among them (see [`docs`]), in archive order at the archive's place.
/// Never fails per file.
pub fn read_paths(paths: &[PathBuf], opts: &ReadOptions) -> Result<Vec<Article>> {
    let mut documents = docs::Documents::listed(paths.to_vec(), opts.max_bytes);
    if let Some(p) = &opts.progress {
        p.start(documents.planned());
    }
    docs::read_next(&mut documents, usize::MAX, opts)
}

/// Run `work` on `threads` workers (`None`: the process default); see [`crate::pool`].
pub(crate) fn in_pool<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T> {
    crate::pool::install(threads, work)
}

/// The `doc_id` of a document that could not be read: a hash of its path (there are no bytes).
pub(crate) fn path_id(path: &str) -> String {
    path_bytes_id(path.as_bytes())
}

/// [`path_id`] of a path's own bytes, so that two unreadable files whose names differ only in
/// bytes that are not UTF-8 get two ids (the same as [`path_id`] for a UTF-8 name).
fn path_bytes_id(path: &[u8]) -> String {
    hex_id(xxhash_rust::xxh3::xxh3_64_with_seed(path, 1))
}

/// Read one file into an article. A panic inside the parsers (a bug) becomes an error row.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Article {
    let path_id = || path_bytes_id(path.as_os_str().as_encoded_bytes());
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Article::failed(path, path_id(), format!("unreadable: {e}")),
    };
    if !meta.is_file() {
        return Article::failed(path, path_id(), "unreadable: not a regular file".into());
    }
    if meta.len() > opts.max_bytes {
        return Article::failed(
            path,
            path_id(),
            format!(
                "too large: {} bytes is over max_bytes={}",
                meta.len(),
                opts.max_bytes
            ),
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Article::failed(path, path_id(), format!("unreadable: {e}")),
    };
    parse_document(
        &path.to_string_lossy(),
        path,
        &bytes,
        &archive::Hints::default(),
        opts,
    )
}

/// Read the bytes of one document into an article: a file, or a member of an archive (then
/// `path` names it as `archive!member`, `label_path` is the member's name, whose file name and
/// folder are read for dates and outlets like a file's, and `hints` carry what the container
/// knew). `doc_id` hashes the bytes, so a member gives the same id as the same file unpacked. A
/// panic inside the parsers (a bug) becomes an error row.
pub fn parse_document(
    path: &str,
    label_path: &Path,
    bytes: &[u8],
    hints: &archive::Hints,
    opts: &ReadOptions,
) -> Article {
    let doc_id = hex_id(xxhash_rust::xxh3::xxh3_64(bytes));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        parse_with(label_path, bytes, hints, opts)
    }));
    match result {
        Ok(Ok(mut a)) => {
            a.doc_id = doc_id;
            a.path = path.to_string();
            a
        }
        Ok(Err(why)) => Article::failed_named(path, doc_id, why),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Article::failed_named(
                path,
                doc_id,
                format!("internal error (please report): {msg}"),
            )
        }
    }
}

fn hex_id(h: u64) -> String {
    format!("{h:016x}")
}

/// Parse a file's bytes (doc_id is filled in by the caller).
pub fn parse_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
) -> std::result::Result<Article, String> {
    parse_with(path, bytes, &archive::Hints::default(), opts)
}

fn parse_with(
    path: &Path,
    bytes: &[u8],
    hints: &archive::Hints,
    opts: &ReadOptions,
) -> std::result::Result<Article, String> {
    let decoded =
        decode::decode_declared(bytes, hints.charset.as_deref()).map_err(|e| e.to_string())?;
    let parts = layout::split(&decoded.text).map_err(|m| m.0)?;
    let mut d = draft::Draft::collect(&parts, hints);
    if let Some(n) = decoded.note {
        d.notes.insert(0, n);
    }
    Ok(assemble::article(
        path,
        parts.layout(),
        d,
        decoded.encoding,
        opts,
    ))
}
