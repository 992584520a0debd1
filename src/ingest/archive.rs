//! Archive readers: the documents of a `.warc`, `.warc.gz`, `.zip`, `.tar`, `.tar.gz`/`.tgz` or
//! `.tar.zst`/`.tzst` file, streamed out one at a time without unpacking anything to disk.
//!
//! Every reader yields [`Entry`] values in archive order: a [`Member`] per document, or a [`Skip`]
//! saying why a record or member was passed over. Damage that makes the rest of a stream unreadable
//! (a truncated download, a corrupt compressed stream) ends the iteration with one error member
//! after everything read before it; damage confined to one member (a CRC error, an encrypted zip
//! member, an unsupported `Content-Encoding`) gives an error member and reading goes on.
//!
//! Sizes written in headers are never trusted: every member is read through a cap of `max_bytes`
//! uncompressed bytes, so a zip bomb or a lying length costs at most that much memory.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek};
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc;

use flate2::bufread::MultiGzDecoder;
use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};

use super::warc;

/// What a container knows about one document beyond its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// WARC-Target-URI (angle brackets of WARC/0.x stripped).
    pub url: Option<String>,
    /// Charset from the HTTP Content-Type header (lower-case, e.g. "gbk"), if any.
    pub charset: Option<String>,
    /// WARC-Date as microseconds since the Unix epoch, UTC (the crawl time: the weakest date).
    pub crawled_at: Option<i64>,
    /// The HTTP (or WARC record) content type without parameters, lower-case.
    pub content_type: Option<String>,
}

/// One document of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Name inside the archive: the member path for zip/tar; for WARC the target URI, made unique
    /// within the archive (a repeat of the same URI gets a suffix such as " [2]").
    pub name: String,
    /// The payload (HTTP body after de-chunking and Content-Encoding gzip/deflate), or why it
    /// could not be read (corrupt member, CRC error, truncated, over max_bytes, encrypted, ...).
    pub bytes: Result<Vec<u8>, String>,
    /// What the container said about the document.
    pub hints: Hints,
}

impl Member {
    /// A member that could not be read, with nothing known about it but where it is.
    pub(crate) fn failed(name: String, why: String) -> Member {
        Member {
            name,
            bytes: Err(why),
            hints: Hints::default(),
        }
    }
}

/// Why a record or member was passed over (counted, not a row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Skip {
    /// A directory entry of a zip or tar archive.
    Directory,
    /// A symlink, hard link, device or FIFO of a tar archive, or a zip symlink.
    NotRegularFile,
    /// A WARC `request` record.
    Request,
    /// A WARC `metadata` record.
    Metadata,
    /// A WARC `warcinfo` record.
    Warcinfo,
    /// A WARC `revisit` record (the payload is stored elsewhere).
    Revisit,
    /// Any other WARC record: `conversion`, `continuation`, unknown or missing types.
    OtherRecord,
    /// A WARC response or resource whose payload is not HTML or text (images, CSS, JS, JSON...).
    NotHtml,
    /// A WARC response whose HTTP status is not 2xx (redirects, 404s, server errors).
    HttpStatus,
    /// A hidden name (`.DS_Store`, `__MACOSX/...`, anything under a dot folder).
    Hidden,
}

impl Skip {
    /// The reason as a stable snake_case word, for counts shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Skip::Directory => "directory",
            Skip::NotRegularFile => "not_regular_file",
            Skip::Request => "request",
            Skip::Metadata => "metadata",
            Skip::Warcinfo => "warcinfo",
            Skip::Revisit => "revisit",
            Skip::OtherRecord => "other_record",
            Skip::NotHtml => "not_html",
            Skip::HttpStatus => "http_status",
            Skip::Hidden => "hidden",
        }
    }
}

/// One step through an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A document (or a failure to read one).
    Doc(Member),
    /// A record or member passed over, and why.
    Skipped(Skip),
}

/// The container formats read by [`open`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `.zip`: deflated or stored members.
    Zip,
    /// `.tar`.
    Tar,
    /// `.tar.gz`, `.tgz`.
    TarGz,
    /// `.tar.zst`, `.tzst`.
    TarZst,
    /// `.warc`.
    Warc,
    /// `.warc.gz`: gzipped record by record (the standard) or as a whole.
    WarcGz,
}

/// Name endings of each kind (none ends another, so their order does not matter).
const SUFFIXES: &[(&str, Kind)] = &[
    (".warc.gz", Kind::WarcGz),
    (".warc", Kind::Warc),
    (".zip", Kind::Zip),
    (".tar.gz", Kind::TarGz),
    (".tgz", Kind::TarGz),
    (".tar.zst", Kind::TarZst),
    (".tzst", Kind::TarZst),
    (".tar", Kind::Tar),
];

/// The archive kind of a path, by its name (case-insensitive extensions above).
pub fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    SUFFIXES
        .iter()
        .find(|(suffix, _)| name.len() > suffix.len() && name.ends_with(suffix))
        .map(|&(_, kind)| kind)
}

/// The name of an archive without its archive extension (`news/DW.tar.gz` gives `DW`): the folder
/// its members would be in once unpacked. `None` for a path [`kind_of`] does not recognise.
pub fn stem_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    SUFFIXES
        .iter()
        .find(|(suffix, _)| lower.len() > suffix.len() && lower.ends_with(suffix))
        // The suffixes are ASCII, so the lower-cased name has the same byte length.
        .and_then(|(suffix, _)| name.get(..name.len() - suffix.len()))
        .map(str::to_string)
}

/// The iterator [`open`] returns.
pub type Entries = Box<dyn Iterator<Item = Entry> + Send>;

/// Open an archive. The iterator yields its entries in archive order and ends after the first
/// unrecoverable damage with ONE `Entry::Doc` whose `bytes` is `Err(reason)` and whose name says
/// where (e.g. "<after record 12>"); members read before the damage are all yielded first.
/// Members larger than `max_bytes` (uncompressed; enforced while reading, never trusting headers:
/// zip bombs) are `Err("too large: ...")` members and reading goes on.
///
/// The compression of WARC and tar files is recognised by its magic bytes, so a `.tar.gz` that is
/// really a plain tar (or a `.warc` that is gzipped) still reads. `Err` only for a file that
/// cannot be opened, or a zip whose central directory cannot be read.
pub fn open(path: &Path, kind: Kind, max_bytes: u64) -> Result<Entries, String> {
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    // A directory opens on Unix and only fails at the first read, as a confusing damage entry.
    match file.metadata() {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Err(format!(
                "cannot open {}: not a regular file",
                path.display()
            ))
        }
        Err(e) => return Err(format!("cannot open {}: {e}", path.display())),
    }
    open_stream(BufReader::with_capacity(1 << 16, file), kind, max_bytes)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// [`open`] over an archive held in memory (an archive inside another, or a test).
pub fn open_bytes(bytes: Vec<u8>, kind: Kind, max_bytes: u64) -> Result<Entries, String> {
    open_stream(Cursor::new(bytes), kind, max_bytes)
}

const GZIP_MAGIC: &[u8] = b"\x1f\x8b";
const ZSTD_MAGIC: &[u8] = b"\x28\xb5\x2f\xfd";

fn open_stream<R>(mut r: R, kind: Kind, max_bytes: u64) -> Result<Entries, String>
where
    R: BufRead + Seek + Send + 'static,
{
    if kind == Kind::Zip {
        let members = ZipMembers::new(r, max_bytes)?;
        return Ok(Box::new(Guarded::new(members)));
    }
    let magic = r
        .fill_buf()
        .map_err(|e| format!("cannot read: {e}"))?
        .get(..4)
        .unwrap_or_default()
        .to_vec();
    let gzip = magic.starts_with(GZIP_MAGIC);
    match kind {
        Kind::Warc | Kind::WarcGz => {
            let stream: Box<dyn BufRead + Send> = if gzip {
                Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(r)))
            } else {
                Box::new(r)
            };
            Ok(Box::new(Guarded::new(warc::Records::new(
                stream, max_bytes,
            ))))
        }
        _ => {
            let stream: Box<dyn Read + Send> = if gzip {
                Box::new(MultiGzDecoder::new(r))
            } else if magic.starts_with(ZSTD_MAGIC) {
                Box::new(ZstdFrames::new(r))
            } else {
                Box::new(r)
            };
            tar_members(stream, max_bytes)
        }
    }
}

/// Read a whole member through the `max_bytes` cap. `Ok(Err(..))` is a member over the cap (the
/// first bytes are kept so that a caller can still sniff them); `Err` is a read error.
pub(crate) fn read_capped<R: Read>(
    r: R,
    max_bytes: u64,
    size_hint: u64,
) -> io::Result<Result<Vec<u8>, Vec<u8>>> {
    // The hint comes from a header and may lie: it only sizes the first allocation.
    let hint = size_hint.min(max_bytes).min(1 << 20);
    let mut out = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    r.take(max_bytes.saturating_add(1)).read_to_end(&mut out)?;
    if out.len() as u64 > max_bytes {
        Ok(Err(out))
    } else {
        Ok(Ok(out))
    }
}

/// The message of a member found over the cap while reading it.
pub(crate) fn too_large_read(max_bytes: u64) -> String {
    format!("too large: more than max_bytes={max_bytes} bytes uncompressed")
}

/// The message of a member whose header declares more than the cap (true, or a lie that would
/// make us read that much anyway).
fn too_large_declared(size: u64, max_bytes: u64) -> String {
    format!("too large: {size} bytes is over max_bytes={max_bytes}")
}

/// Whether a member path is hidden: anything under `__MACOSX/`, or a component starting with a
/// dot (`.DS_Store`, `._page.html`, `.git/config`). `.` and `..` are not hidden.
pub(crate) fn is_hidden(name: &str) -> bool {
    name.split(['/', '\\']).enumerate().any(|(i, part)| {
        (i == 0 && part == "__MACOSX") || (part.starts_with('.') && part != "." && part != "..")
    })
}

/// A member path as reported, without a leading `./` or `/`. Names that are not UTF-8 are read as
/// GB18030 when they are valid in it: zip tools on Chinese Windows write GBK names without the
/// UTF-8 flag, and old tarballs carry the creator's locale. Anything else is lossy UTF-8.
fn clean_name(raw: &[u8]) -> String {
    let name = match std::str::from_utf8(raw) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(raw)
            .unwrap_or_else(|| String::from_utf8_lossy(raw)),
    };
    let mut s: &str = &name;
    loop {
        if let Some(rest) = s.strip_prefix("./") {
            s = rest;
        } else if let Some(rest) = s.strip_prefix('/') {
            s = rest;
        } else {
            break;
        }
    }
    s.to_string()
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".into())
}

fn panic_entry(panic: &(dyn std::any::Any + Send)) -> Entry {
    Entry::Doc(Member::failed(
        "<internal error>".into(),
        format!("internal error (please report): {}", panic_message(panic)),
    ))
}

/// Turns a panic inside a reader or a decompressor (a bug, ours or a crate's) into one error entry
/// that ends the iteration, so a bad archive can never take the process down.
struct Guarded<I> {
    inner: Option<I>,
}

impl<I> Guarded<I> {
    fn new(inner: I) -> Guarded<I> {
        Guarded { inner: Some(inner) }
    }
}

impl<I: Iterator<Item = Entry>> Iterator for Guarded<I> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let inner = self.inner.as_mut()?;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.next())) {
            Ok(Some(entry)) => Some(entry),
            Ok(None) => {
                self.inner = None;
                None
            }
            Err(panic) => {
                self.inner = None;
                Some(panic_entry(&*panic))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// zip

/// Members of a zip archive in central-directory order. The central directory is read once by
/// `open`; each member is then decompressed on demand.
struct ZipMembers<R> {
    zip: zip::ZipArchive<R>,
    next: usize,
    max_bytes: u64,
}

impl<R: Read + Seek> ZipMembers<R> {
    fn new(r: R, max_bytes: u64) -> Result<ZipMembers<R>, String> {
        let zip = zip::ZipArchive::new(r)
            .map_err(|e| format!("cannot read the zip central directory: {e}"))?;
        Ok(ZipMembers {
            zip,
            next: 0,
            max_bytes,
        })
    }

    fn member(&mut self, i: usize) -> Entry {
        let max_bytes = self.max_bytes;
        let (name, size) = match self.zip.by_index_data(i) {
            Ok(m) => {
                let name = clean_name(m.name_raw());
                if m.is_dir() {
                    return Entry::Skipped(Skip::Directory);
                }
                if m.is_symlink() {
                    return Entry::Skipped(Skip::NotRegularFile);
                }
                if is_hidden(&name) {
                    return Entry::Skipped(Skip::Hidden);
                }
                if m.encrypted() {
                    return Entry::Doc(Member::failed(name, "encrypted zip member".into()));
                }
                (name, m.size())
            }
            Err(e) => {
                return Entry::Doc(Member::failed(
                    format!("<member {}>", i + 1),
                    format!("corrupt zip entry: {e}"),
                ))
            }
        };
        if size > max_bytes {
            return Entry::Doc(Member::failed(name, too_large_declared(size, max_bytes)));
        }
        let bytes = match self.zip.by_index(i) {
            Ok(file) => match read_capped(file, max_bytes, size) {
                Ok(Ok(bytes)) => Ok(bytes),
                Ok(Err(_)) => Err(too_large_read(max_bytes)),
                Err(e) => Err(format!("corrupt zip member: {e}")),
            },
            Err(e) => Err(format!("unreadable zip member: {e}")),
        };
        Entry::Doc(Member {
            name,
            bytes,
            hints: Hints::default(),
        })
    }
}

impl<R: Read + Seek> Iterator for ZipMembers<R> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let i = self.next;
        if i >= self.zip.len() {
            return None;
        }
        self.next += 1;
        Some(self.member(i))
    }
}

// ---------------------------------------------------------------------------------------------
// tar

/// Members of a tar stream. `tar::Entries` borrows its `Archive`, so it cannot live in an owned
/// iterator; a thread owns the archive instead and hands over one entry at a time. The rendezvous
/// channel keeps at most the member being read and the one being consumed in memory, and the
/// thread stops at its next hand-over once the iterator is dropped.
fn tar_members(stream: Box<dyn Read + Send>, max_bytes: u64) -> Result<Entries, String> {
    let (tx, rx) = mpsc::sync_channel::<Entry>(0);
    std::thread::Builder::new()
        .name("xinwen-tar".into())
        .spawn(move || {
            let walk = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                walk_tar(stream, max_bytes, &tx)
            }));
            if let Err(panic) = walk {
                // The receiver may be gone already; nothing else to tell.
                let _ = tx.send(panic_entry(&*panic));
            }
        })
        .map_err(|e| format!("cannot start the tar reader: {e}"))?;
    Ok(Box::new(rx.into_iter()))
}

fn walk_tar(stream: Box<dyn Read + Send>, max_bytes: u64, tx: &mpsc::SyncSender<Entry>) {
    let damage =
        |read: u64, why: String| Entry::Doc(Member::failed(format!("<after member {read}>"), why));
    let watch = Rc::new(WatchState {
        limit: Cell::new(TAR_EXTENSIONS_MAX),
        eof: Cell::new(false),
    });
    let mut archive = tar::Archive::new(Watch {
        inner: stream,
        pos: 0,
        state: watch.clone(),
    });
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(e) => {
            let _ = tx.send(damage(0, format!("corrupt tar stream: {e}")));
            return;
        }
    };
    let mut read = 0u64;
    for item in entries {
        let mut entry = match item {
            Ok(entry) => entry,
            Err(e) => {
                let _ = tx.send(damage(
                    read,
                    format!("corrupt or truncated tar stream: {e}"),
                ));
                return;
            }
        };
        // Up to the end of this member's data, and the headers of the next one.
        let data_end = entry
            .raw_file_position()
            .saturating_add(entry.size().div_ceil(512).saturating_mul(512));
        watch.limit.set(data_end.saturating_add(TAR_EXTENSIONS_MAX));
        let name = clean_name(&entry.path_bytes());
        let kind = entry.header().entry_type();
        let out = if kind.is_pax_global_extensions() {
            // Archive-wide PAX metadata (`git archive` writes one): not a member at all.
            continue;
        } else if kind.is_dir() || name.ends_with('/') {
            Entry::Skipped(Skip::Directory)
        } else if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            Entry::Skipped(Skip::NotRegularFile)
        } else if is_hidden(&name) {
            Entry::Skipped(Skip::Hidden)
        } else if entry.size() > max_bytes {
            // The size frames the stream, so it is exact; the crate skips the data.
            Entry::Doc(Member::failed(
                name,
                too_large_declared(entry.size(), max_bytes),
            ))
        } else {
            let size = entry.size();
            match read_capped(&mut entry, max_bytes, size) {
                // The crate's member reader ends quietly where the stream does.
                Ok(Ok(bytes)) if (bytes.len() as u64) < size => {
                    let why = format!(
                        "truncated: member {name:?} declares {size} bytes but the stream ends after {}",
                        bytes.len()
                    );
                    let _ = tx.send(damage(read, why));
                    return;
                }
                Ok(Ok(bytes)) => Entry::Doc(Member {
                    name,
                    bytes: Ok(bytes),
                    hints: Hints::default(),
                }),
                Ok(Err(_)) => Entry::Doc(Member::failed(name, too_large_read(max_bytes))),
                Err(e) => {
                    let why = format!("corrupt or truncated tar stream in {name:?}: {e}");
                    let _ = tx.send(damage(read, why));
                    return;
                }
            }
        };
        read += 1;
        if tx.send(out).is_err() {
            return;
        }
    }
    // The crate takes the end of the stream at a header boundary for the end of the archive; a
    // complete archive ends with zero blocks instead, read before the stream runs out.
    if watch.eof.get() {
        let why = if read == 0 {
            "empty or truncated tar stream: no member and no end-of-archive marker".to_string()
        } else {
            "truncated: the tar stream ends without its end-of-archive marker".to_string()
        };
        let _ = tx.send(damage(read, why));
    }
}

/// Most bytes of extension headers (PAX records, GNU long names) read before a member. The tar
/// crate reads them whole into memory, whatever size they declare: unchecked, one header in a
/// gzip bomb would take all memory.
const TAR_EXTENSIONS_MAX: u64 = 4 << 20;

/// What [`walk_tar`] and the reader under the tar crate share.
struct WatchState {
    /// Position in the tar stream past which nothing may be read.
    limit: Cell<u64>,
    /// The stream ran out, which a complete tar stream never does (it ends with zero blocks).
    eof: Cell<bool>,
}

/// The tar stream as the crate reads it: positions counted the way the crate counts them, reads
/// past the limit refused, running out noted.
struct Watch<R> {
    inner: R,
    pos: u64,
    state: Rc<WatchState>,
}

impl<R: Read> Read for Watch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let allowed = self.state.limit.get().saturating_sub(self.pos);
        if allowed == 0 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("extension headers (PAX, GNU long names) over {TAR_EXTENSIONS_MAX} bytes"),
            ));
        }
        let want = buf
            .len()
            .min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let n = self.inner.read(buf.get_mut(..want).unwrap_or_default())?;
        if n == 0 {
            self.state.eof.set(true);
        }
        self.pos += n as u64;
        Ok(n)
    }
}

// ---------------------------------------------------------------------------------------------
// zstd

/// A zstd stream of any number of frames (pzstd and `zstd -T` with `--rsyncable` write several),
/// skippable frames passed over, each frame's checksum verified when it has one.
/// `ruzstd::StreamingDecoder` reads a single frame and consumes its reader on failure, so the
/// frame loop is written here over the lower-level `FrameDecoder`.
struct ZstdFrames<R> {
    src: R,
    dec: FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(src: R) -> ZstdFrames<R> {
        ZstdFrames {
            src,
            dec: FrameDecoder::new(),
            in_frame: false,
        }
    }
}

fn zstd_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("corrupt zstd stream: {e}"),
    )
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.in_frame {
                // One block at a time keeps memory at the window size, whatever the frame declares.
                while self.dec.can_collect() == 0 && !self.dec.is_finished() {
                    self.dec
                        .decode_blocks(&mut self.src, BlockDecodingStrategy::UptoBlocks(1))
                        .map_err(zstd_error)?;
                }
                let n = self.dec.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                if let (Some(stored), Some(computed)) = (
                    self.dec.get_checksum_from_data(),
                    self.dec.get_calculated_checksum(),
                ) {
                    if stored != computed {
                        return Err(zstd_error("checksum mismatch"));
                    }
                }
                self.in_frame = false;
            }
            if self.src.fill_buf()?.is_empty() {
                return Ok(0);
            }
            match self.dec.reset(&mut self.src) {
                Ok(()) => self.in_frame = true,
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    let length = u64::from(length);
                    let skipped = io::copy(&mut (&mut self.src).take(length), &mut io::sink())?;
                    if skipped < length {
                        return Err(zstd_error("truncated skippable frame"));
                    }
                }
                Err(e) => return Err(zstd_error(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// The same three documents, a hidden file and a directory entry, in every container.
    const FILES: &[(&str, &[u8])] = &[
        (
            "a.html",
            b"<html><body>\xe4\xb8\xad\xe5\x9b\xbd</body></html>",
        ),
        ("sub/", b""),
        ("sub/b.txt", b"plain text\n"),
        (".DS_Store", b"\0\0\0\x01Bud1"),
        ("c.md", b"# title\n\nbody\n"),
    ];

    fn expected() -> Vec<(String, Vec<u8>)> {
        vec![
            ("a.html".into(), FILES[0].1.to_vec()),
            ("sub/b.txt".into(), FILES[2].1.to_vec()),
            ("c.md".into(), FILES[4].1.to_vec()),
        ]
    }

    fn build_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in files {
            if name.ends_with('/') {
                w.add_directory(*name, opts).unwrap();
            } else {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
        }
        w.finish().unwrap().into_inner()
    }

    fn build_tar(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            if name.ends_with('/') {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
            } else {
                h.set_size(data.len() as u64);
            }
            h.set_mode(0o644);
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn zstd(data: &[u8]) -> Vec<u8> {
        ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
    }

    fn collect(bytes: Vec<u8>, kind: Kind, max_bytes: u64) -> Vec<Entry> {
        open_bytes(bytes, kind, max_bytes).unwrap().collect()
    }

    /// The members read whole, by name.
    fn docs(entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Doc(m) => Some((m.name.clone(), m.bytes.clone().ok()?)),
                Entry::Skipped(_) => None,
            })
            .collect()
    }

    fn skips(entries: &[Entry]) -> Vec<Skip> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Skipped(s) => Some(*s),
                Entry::Doc(_) => None,
            })
            .collect()
    }

    fn errors(entries: &[Entry]) -> Vec<(String, String)> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Doc(Member {
                    name,
                    bytes: Err(why),
                    ..
                }) => Some((name.clone(), why.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn kinds_by_name() {
        let k = |p: &str| kind_of(Path::new(p));
        assert_eq!(k("a/b.WARC.GZ"), Some(Kind::WarcGz));
        assert_eq!(k("x.warc"), Some(Kind::Warc));
        assert_eq!(k("x.Zip"), Some(Kind::Zip));
        assert_eq!(k("x.tar"), Some(Kind::Tar));
        assert_eq!(k("x.tar.gz"), Some(Kind::TarGz));
        assert_eq!(k("x.TGZ"), Some(Kind::TarGz));
        assert_eq!(k("x.tar.zst"), Some(Kind::TarZst));
        assert_eq!(k("x.tzst"), Some(Kind::TarZst));
        assert_eq!(k("x.gz"), None);
        assert_eq!(k("x.html"), None);
        assert_eq!(k(".zip"), None);
        assert_eq!(k("zip"), None);
        let stem = |p: &str| stem_of(Path::new(p));
        assert_eq!(stem("a/DW.Tar.GZ").as_deref(), Some("DW"));
        assert_eq!(stem("新闻.warc.gz").as_deref(), Some("新闻"));
        assert_eq!(stem("x.gz"), None);
    }

    #[test]
    fn every_container_gives_the_same_members() {
        let tar = build_tar(FILES);
        let mut split_zstd = zstd(&tar[..700]);
        // A skippable frame between two frames, as seekable-zstd tools write.
        split_zstd.extend_from_slice(b"\x50\x2a\x4d\x18\x03\0\0\0abc");
        split_zstd.extend(zstd(&tar[700..]));
        let cases = [
            (Kind::Zip, build_zip(FILES)),
            (Kind::Tar, tar.clone()),
            (Kind::TarGz, gzip(&tar)),
            (Kind::TarZst, zstd(&tar)),
            (Kind::TarZst, split_zstd),
            // Misnamed: the content decides.
            (Kind::TarGz, tar.clone()),
            (Kind::Tar, zstd(&tar)),
        ];
        for (kind, bytes) in cases {
            let entries = collect(bytes, kind, 1000);
            assert_eq!(docs(&entries), expected(), "{kind:?}");
            assert_eq!(skips(&entries), [Skip::Directory, Skip::Hidden], "{kind:?}");
        }
    }

    #[test]
    fn tar_links_long_names_and_pax_headers() {
        let mut b = tar::Builder::new(Vec::new());
        let long = format!("{}/page.html", "长目录".repeat(20));
        let mut h = tar::Header::new_gnu();
        h.set_size(2);
        b.append_data(&mut h, &long, &b"ok"[..]).unwrap();
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        b.append_link(&mut h, "link.html", "a.html").unwrap();
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Fifo);
        h.set_size(0);
        b.append_data(&mut h, "fifo", io::empty()).unwrap();
        b.append_pax_extensions([("path", &b"pax/named.html"[..])])
            .unwrap();
        let mut h = tar::Header::new_ustar();
        h.set_size(3);
        b.append_data(&mut h, "short", &b"pax"[..]).unwrap();
        let mut h = tar::Header::new_gnu();
        h.set_size(4);
        b.append_data(&mut h, "./.git/config", &b"git!"[..])
            .unwrap();
        let entries = collect(b.into_inner().unwrap(), Kind::Tar, 100);
        assert_eq!(
            docs(&entries),
            [
                (long, b"ok".to_vec()),
                ("pax/named.html".into(), b"pax".to_vec())
            ]
        );
        assert_eq!(
            skips(&entries),
            [Skip::NotRegularFile, Skip::NotRegularFile, Skip::Hidden]
        );
    }

    #[test]
    fn oversized_and_lying_members_fail_alone() {
        let big = vec![b'x'; 5000];
        let bomb = vec![0u8; 1 << 20];
        let files: &[(&str, &[u8])] = &[
            ("a.html", b"first"),
            ("big.html", &big),
            ("bomb.html", &bomb),
            ("z.html", b"last"),
        ];
        let mut zip = build_zip(files);
        // Make the bomb declare 100 bytes in both its local and its central header.
        for (sig, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
            let at = (0..zip.len())
                .find(|&i| zip[i..].starts_with(sig) && zip[i + name_at..].starts_with(b"bomb"))
                .unwrap();
            zip[at + size_at..at + size_at + 4].copy_from_slice(&100u32.to_le_bytes());
        }
        let entries = collect(zip, Kind::Zip, 1000);
        assert_eq!(
            docs(&entries[..1]),
            [("a.html".to_string(), b"first".to_vec())]
        );
        let errs = errors(&entries);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(errs[0].0, "big.html");
        assert!(errs[0].1.starts_with("too large: 5000 bytes"), "{errs:?}");
        assert_eq!(errs[1].0, "bomb.html");
        assert!(matches!(&entries[3], Entry::Doc(m) if m.bytes.as_deref() == Ok(&b"last"[..])));

        // A tar header's size frames the stream: the member is refused and the next one read.
        let entries = collect(build_tar(files), Kind::Tar, 1000);
        assert_eq!(errors(&entries).len(), 2);
        assert_eq!(
            docs(&entries[3..]),
            [("z.html".to_string(), b"last".to_vec())]
        );
    }

    #[test]
    fn zip_members_that_cannot_be_read() {
        let files: &[(&str, &[u8])] = &[
            ("secret.html", b"encrypted, says its flag"),
            (
                "crc.html",
                b"a member whose bytes were damaged after writing",
            ),
            ("ok.html", b"fine"),
        ];
        let mut zip = {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            for (name, data) in files {
                w.start_file(*name, stored).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap().into_inner()
        };
        // Set the encryption flag of the first member in both headers.
        for (sig, name_at, flag_at) in [(b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)] {
            let at = (0..zip.len())
                .find(|&i| zip[i..].starts_with(sig) && zip[i + name_at..].starts_with(b"secret"))
                .unwrap();
            zip[at + flag_at] |= 1;
        }
        let at = (0..zip.len())
            .find(|&i| zip[i..].starts_with(b"damaged"))
            .unwrap();
        zip[at] = b'D';
        let entries = collect(zip, Kind::Zip, 1000);
        let errs = errors(&entries);
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert_eq!(
            errs[0],
            ("secret.html".into(), "encrypted zip member".into())
        );
        assert_eq!(errs[1].0, "crc.html");
        assert!(errs[1].1.contains("corrupt zip member"), "{errs:?}");
        assert_eq!(
            docs(&entries[2..]),
            [("ok.html".to_string(), b"fine".to_vec())]
        );
    }

    #[test]
    fn a_zip_without_central_directory_does_not_open() {
        let zip = build_zip(FILES);
        let cut = zip[..zip.len() - 30].to_vec();
        let err = open_bytes(cut, Kind::Zip, 1000).err().unwrap();
        assert!(
            err.starts_with("cannot read the zip central directory"),
            "{err}"
        );
    }

    /// Every cut of every container: no panic, and a cut inside the members ends with one error
    /// entry after the members before it.
    #[test]
    fn truncated_streams_end_with_one_error() {
        let tar = build_tar(FILES);
        let cases = [
            (Kind::Zip, build_zip(FILES)),
            (Kind::Tar, tar.clone()),
            (Kind::TarGz, gzip(&tar)),
            (Kind::TarZst, zstd(&tar)),
        ];
        for (kind, bytes) in cases {
            for cut in (0..bytes.len()).step_by(11) {
                let Ok(it) = open_bytes(bytes[..cut].to_vec(), kind, 1000) else {
                    continue;
                };
                let entries: Vec<Entry> = it.collect();
                let errs = errors(&entries);
                if kind != Kind::Zip {
                    assert!(errs.len() <= 1, "{kind:?} {cut}: {errs:?}");
                    if !errs.is_empty() {
                        assert!(matches!(entries.last(), Some(Entry::Doc(m)) if m.bytes.is_err()));
                    }
                }
                // Never a member cut short and passed off as whole.
                for doc in docs(&entries) {
                    assert!(expected().contains(&doc), "{kind:?} {cut}: {doc:?}");
                }
                if kind == Kind::Tar && cut < 512 + FILES[0].1.len() {
                    // Inside the first member (its header and data): only the error.
                    assert_eq!(entries.len(), 1, "{cut}: {entries:?}");
                    assert_eq!(errs[0].0, "<after member 0>");
                }
                if kind == Kind::Tar && (1536..2048).contains(&cut) {
                    // Inside the third member: the first two were read.
                    assert_eq!(entries.len(), 3, "{cut}: {entries:?}");
                    assert_eq!(errs[0].0, "<after member 2>");
                }
            }
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for round in 0..60 {
            let len = 1 + (round * 97) % 3000;
            let mut bytes: Vec<u8> = (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    (x >> 24) as u8
                })
                .collect();
            // Give each decoder a chance past its magic bytes.
            let prefix: &[u8] = match round % 4 {
                1 => b"\x1f\x8b\x08\x00",
                2 => ZSTD_MAGIC,
                3 => b"WARC/1.0\r\nContent-Length: 10\r\n\r\n",
                _ => b"",
            };
            bytes.splice(0..0, prefix.iter().copied());
            for kind in [
                Kind::Zip,
                Kind::Tar,
                Kind::TarGz,
                Kind::TarZst,
                Kind::Warc,
                Kind::WarcGz,
            ] {
                if let Ok(it) = open_bytes(bytes.clone(), kind, 1 << 16) {
                    let n = it.take(10_000).count();
                    assert!(n < 10_000, "{kind:?} never ends");
                }
            }
        }
    }

    #[test]
    fn huge_declared_sizes_cost_nothing() {
        // A tar header claiming 8 GB (octal 100000000000) with 3 bytes behind it.
        let mut tar = build_tar(&[("a.html", b"abc")]);
        tar.truncate(512 + 512);
        tar[124..136].copy_from_slice(b"100000000000");
        let sum: u32 = tar[..512]
            .iter()
            .enumerate()
            .map(|(i, &b)| {
                if (148..156).contains(&i) {
                    32
                } else {
                    u32::from(b)
                }
            })
            .sum();
        tar[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
        let entries = collect(tar, Kind::Tar, 1000);
        let errs = errors(&entries);
        assert!(
            errs[0].1.starts_with("too large: 8589934592 bytes"),
            "{errs:?}"
        );
        assert_eq!(errs.len(), 2, "the skip runs into the end: {errs:?}");
        assert!(errs[1].0.starts_with("<after member 1>"), "{errs:?}");
    }

    #[test]
    fn a_giant_tar_long_name_is_refused() {
        let mut b = tar::Builder::new(Vec::new());
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::GNULongName);
        h.set_size(TAR_EXTENSIONS_MAX + 1);
        b.append_data(
            &mut h,
            "././@LongLink",
            io::repeat(b'a').take(TAR_EXTENSIONS_MAX + 1),
        )
        .unwrap();
        let mut h = tar::Header::new_gnu();
        h.set_size(2);
        b.append_data(&mut h, "x.html", &b"ok"[..]).unwrap();
        let mut tar = build_tar(&[("first.html", b"1")]);
        tar.truncate(1024); // without its end blocks
        tar.extend(b.into_inner().unwrap());
        let entries = collect(gzip(&tar), Kind::TarGz, 1000);
        assert_eq!(docs(&entries), [("first.html".to_string(), b"1".to_vec())]);
        let errs = errors(&entries);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].0, "<after member 1>");
        assert!(errs[0].1.contains("extension headers"), "{errs:?}");
    }

    #[test]
    fn a_panicking_reader_becomes_one_error_entry() {
        let it = (0..3).map(|i| {
            if i == 1 {
                panic!("bug");
            }
            Entry::Skipped(Skip::Directory)
        });
        let entries: Vec<Entry> = Guarded::new(it).collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(
            errors(&entries),
            [(
                "<internal error>".into(),
                "internal error (please report): bug".into()
            )]
        );
    }

    #[test]
    fn open_reads_files_and_names_what_fails() {
        let dir = std::env::temp_dir().join(format!("xinwen-archive-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.tar.gz");
        std::fs::write(&path, gzip(&build_tar(FILES))).unwrap();
        let kind = kind_of(&path).unwrap();
        let entries: Vec<Entry> = open(&path, kind, 1000).unwrap().collect();
        assert_eq!(docs(&entries), expected());
        let err = open(&dir, Kind::Tar, 1000).err().unwrap();
        assert!(err.ends_with("not a regular file"), "{err}");
        let err = open(&dir.join("missing.zip"), Kind::Zip, 1000)
            .err()
            .unwrap();
        assert!(err.starts_with("cannot open"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn hidden_names() {
        assert!(is_hidden(".DS_Store"));
        assert!(is_hidden("a/._x.html"));
        assert!(is_hidden("__MACOSX/a/x.html"));
        assert!(is_hidden(".git/config"));
        assert!(!is_hidden("a/b.html"));
        assert!(!is_hidden("./a/../b.html"));
        assert!(!is_hidden("x/__MACOSX"));
        assert_eq!(clean_name(b"./././a/b"), "a/b");
        assert_eq!(clean_name(b"/abs\xff"), "abs\u{fffd}");
        assert_eq!(clean_name(b"\xd0\xc2\xce\xc5/a.html"), "新闻/a.html");
    }
}
