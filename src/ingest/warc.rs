//! WARC files (ISO 28500: WARC/1.0 and 1.1, tolerating the WARC/0.17 and 0.18 drafts) read record
//! by record into archive entries.
//!
//! The record parser is written here rather than taken from the `warc` crate, which is barely
//! maintained, decompresses through libflate and gives no control over truncation. Here the
//! record's `Content-Length` is the truth: a block is never read past it, and a block shorter than
//! it (a truncated file) ends the stream with one error entry. Only one record is ever in memory,
//! and only what is needed of it: the headers, the HTTP head and the payload up to `max_bytes`;
//! the rest of a block is read past.
//!
//! Tolerated beyond the standard, because real crawlers write it: LF-only line ends, header names
//! in any case, folded headers, blank lines between records, target URIs in angle brackets
//! (WARC/0.x), bodies stored already de-chunked or decompressed while their headers still say
//! `chunked` or `gzip`, HTTP `deflate` with or without its zlib wrapper.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Read};

use flate2::bufread::{DeflateDecoder, GzDecoder, ZlibDecoder};

use super::archive::{read_capped, too_large_read, Entry, Hints, Member, Skip};

/// Longest header line accepted (WARC or HTTP); a longer one is damage, not a header.
const MAX_LINE: usize = 64 * 1024;
/// Most bytes of WARC headers in one record.
const MAX_WARC_HEAD: usize = 1 << 20;
/// Most bytes of an HTTP response head.
const MAX_HTTP_HEAD: usize = 256 * 1024;
/// How far into a payload of unknown type to look for HTML.
const SNIFF_LEN: usize = 1024;

/// The records of a WARC stream (already un-gzipped), as archive entries.
pub(crate) struct Records<R> {
    src: Source<R>,
    max_bytes: u64,
    /// Records read completely so far.
    records: u64,
    names: Names,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// Read the records of `stream`; payloads over `max_bytes` become error members.
    pub(crate) fn new(stream: R, max_bytes: u64) -> Records<R> {
        Records {
            src: Source {
                inner: stream,
                pos: 0,
                failed: None,
            },
            max_bytes,
            records: 0,
            names: Names::default(),
            done: false,
        }
    }

    /// The next record: `Ok(None)` at a clean end, `Err` for damage that ends the stream.
    fn record(&mut self) -> Result<Option<Entry>, String> {
        let number = self.records + 1;
        let Some(head) = read_warc_head(&mut self.src, number)? else {
            return Ok(None);
        };
        let length = match head.first("content-length") {
            Some(v) => v
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("record {number} has an unreadable Content-Length {v:?}"))?,
            None => return Err(format!("record {number} has no Content-Length")),
        };
        let kind = head
            .first("warc-type")
            .map(|t| t.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let max_bytes = self.max_bytes;
        let mut block = (&mut self.src).take(length);
        let outcome = match kind.as_str() {
            "response" => read_payload(&mut block, &head, true, max_bytes),
            "resource" => read_payload(&mut block, &head, false, max_bytes),
            "warcinfo" => Outcome::Skip(Skip::Warcinfo),
            "request" => Outcome::Skip(Skip::Request),
            "metadata" => Outcome::Skip(Skip::Metadata),
            "revisit" => Outcome::Skip(Skip::Revisit),
            _ => Outcome::Skip(Skip::OtherRecord),
        };
        let drained = io::copy(&mut block, &mut io::sink());
        let left = block.limit();
        if let Some(why) = &self.src.failed {
            return Err(format!(
                "corrupt stream in record {number}, at byte {} of the uncompressed WARC: {why}",
                self.src.pos
            ));
        }
        if let Err(e) = drained {
            return Err(format!("unreadable record {number}: {e}"));
        }
        if left > 0 {
            return Err(format!(
                "truncated: record {number} declares {length} bytes but the file ends after {}",
                length - left
            ));
        }
        self.records = number;
        Ok(Some(match outcome {
            Outcome::Skip(skip) => Entry::Skipped(skip),
            Outcome::Doc {
                bytes,
                charset,
                content_type,
            } => {
                let url = head.first("warc-target-uri").and_then(clean_uri);
                let name = match &url {
                    Some(u) => u.clone(),
                    None => format!("<record {number}>"),
                };
                Entry::Doc(Member {
                    name: self.names.unique(name),
                    bytes,
                    hints: Hints {
                        url,
                        charset,
                        crawled_at: head.first("warc-date").and_then(parse_warc_date),
                        content_type,
                    },
                })
            }
        }))
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        if self.done {
            return None;
        }
        match self.record() {
            Ok(Some(entry)) => Some(entry),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(why) => {
                self.done = true;
                Some(Entry::Doc(Member::failed(
                    format!("<after record {}>", self.records),
                    why,
                )))
            }
        }
    }
}

/// The uncompressed WARC stream: counts the bytes read (for messages) and remembers the first
/// error, so that a failure of the stream itself (a corrupt or truncated gzip member) is told
/// apart from a failure to decode one payload, which only spoils that member.
struct Source<R> {
    inner: R,
    pos: u64,
    failed: Option<String>,
}

impl<R: BufRead> BufRead for Source<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if let Some(why) = &self.failed {
            return Err(io::Error::other(why.clone()));
        }
        if let Err(e) = self.inner.fill_buf() {
            if e.kind() != io::ErrorKind::Interrupted {
                self.failed = Some(e.to_string());
            }
            return Err(e);
        }
        // Buffered now: this second call cannot read or fail.
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.pos += n as u64;
    }
}

impl<R: BufRead> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.consume(n);
        Ok(n)
    }
}

/// Names made unique within one archive: the second capture of a URI is "URI [2]".
#[derive(Default)]
struct Names {
    used: HashSet<String>,
    next_suffix: HashMap<String, u64>,
}

impl Names {
    fn unique(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let n = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base} [{n}]");
            *n += 1;
            if !self.used.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// One line of a head.
enum Line {
    /// Ended by LF (the LF and a CR before it removed).
    Full(Vec<u8>),
    /// The stream ended after these bytes, before any LF.
    Last(Vec<u8>),
    /// The stream ended before any byte.
    Eof,
    /// Longer than allowed; what was read of it is consumed.
    TooLong,
}

fn read_line<R: BufRead>(r: &mut R, max: usize) -> io::Result<Line> {
    let mut out = Vec::new();
    loop {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Ok(if out.is_empty() {
                Line::Eof
            } else {
                Line::Last(strip_cr(out))
            });
        }
        let (piece, used, ended) = match memchr::memchr(b'\n', avail) {
            Some(i) => (avail.get(..i).unwrap_or_default(), i + 1, true),
            None => (avail, avail.len(), false),
        };
        if out.len() + piece.len() > max {
            r.consume(used);
            return Ok(Line::TooLong);
        }
        out.extend_from_slice(piece);
        r.consume(used);
        if ended {
            return Ok(Line::Full(strip_cr(out)));
        }
    }
}

fn strip_cr(mut line: Vec<u8>) -> Vec<u8> {
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    line
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// The first bytes of a line, printable, for messages.
fn preview(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line.get(..line.len().min(40)).unwrap_or_default());
    text.escape_debug().to_string()
}

/// Header fields, names lower-cased, in order.
#[derive(Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    /// Add one line: `Name: value`, or a folded continuation of the previous value.
    fn push_line(&mut self, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        if text.starts_with([' ', '\t']) {
            if let Some((_, value)) = self.0.last_mut() {
                let more = text.trim();
                if !more.is_empty() {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(more);
                }
            }
            return;
        }
        // A line without a colon is no header; skipping it costs nothing and loses nothing.
        if let Some((name, value)) = text.split_once(':') {
            self.0
                .push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }

    fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The last value (browsers honour the last Content-Type an HTTP server sent).
    fn last(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Read the version line and headers of the next record; `Ok(None)` at a clean end (nothing but
/// blank lines left).
fn read_warc_head<R: BufRead>(src: &mut Source<R>, number: u64) -> Result<Option<Headers>, String> {
    let io_err = |e: io::Error| format!("unreadable WARC stream in record {number}: {e}");
    let version = loop {
        let at = src.pos;
        match read_line(src, MAX_LINE).map_err(io_err)? {
            Line::Eof => return Ok(None),
            Line::Full(l) if is_blank(&l) => continue,
            Line::Last(l) if is_blank(&l) => return Ok(None),
            Line::Full(l) => break (l, at),
            Line::Last(l) => {
                return Err(format!(
                "truncated: the file ends inside the header of record {number} at byte {at} ({})",
                preview(&l)
            ))
            }
            Line::TooLong => {
                return Err(format!(
                    "no WARC record header at byte {at} (record {number})"
                ))
            }
        }
    };
    let (line, at) = version;
    if !line
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"WARC/"))
    {
        return Err(format!(
            "no WARC record header at byte {at} (record {number}): {:?}",
            preview(&line)
        ));
    }
    let mut head = Headers::default();
    let mut size = line.len();
    loop {
        match read_line(src, MAX_LINE).map_err(io_err)? {
            Line::Full(l) if l.is_empty() => return Ok(Some(head)),
            Line::Full(l) => {
                size += l.len();
                if size > MAX_WARC_HEAD {
                    return Err(format!(
                        "the headers of record {number} at byte {at} pass {MAX_WARC_HEAD} bytes"
                    ));
                }
                head.push_line(&l);
            }
            Line::Last(_) | Line::Eof => {
                return Err(format!(
                    "truncated: the file ends inside the header of record {number} at byte {at}"
                ))
            }
            Line::TooLong => {
                return Err(format!(
                    "a header line of record {number} at byte {at} passes {MAX_LINE} bytes"
                ))
            }
        }
    }
}

/// What one response or resource record gave.
enum Outcome {
    Skip(Skip),
    Doc {
        bytes: Result<Vec<u8>, String>,
        charset: Option<String>,
        content_type: Option<String>,
    },
}

impl Outcome {
    fn failed(why: String, charset: Option<String>, content_type: Option<String>) -> Outcome {
        Outcome::Doc {
            bytes: Err(why),
            charset,
            content_type,
        }
    }
}

/// A content type split into its lower-case type and its charset parameter.
fn split_content_type(value: &str) -> (Option<String>, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let v = v
            .trim()
            .trim_matches(['"', '\''])
            .trim()
            .to_ascii_lowercase();
        (!v.is_empty()).then_some(v)
    });
    (mime, charset)
}

/// What to do with a payload of a given type.
enum Class {
    Doc,
    /// Missing or meaningless type: look at the bytes.
    Sniff,
    Not,
}

/// `text_too`: plain text counts (responses do; a `text/plain` resource is a crawler's log).
fn classify(mime: Option<&str>, text_too: bool) -> Class {
    match mime {
        // Misconfigured servers label pages as bytes often enough to look before dropping them.
        None | Some("application/octet-stream" | "unknown/unknown" | "binary/octet-stream") => {
            Class::Sniff
        }
        Some("text/html" | "application/xhtml+xml") => Class::Doc,
        Some("text/plain") if text_too => Class::Doc,
        Some(_) => Class::Not,
    }
}

fn sniff_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(SNIFF_LEN)).unwrap_or_default();
    let lower = head.to_ascii_lowercase();
    memchr::memmem::find(&lower, b"<html").is_some()
        || memchr::memmem::find(&lower, b"<!doctype").is_some()
}

/// Read the payload of a response (`response = true`: an HTTP message, unless the record says it
/// holds something else) or resource record. Errors of the stream itself are noticed by the
/// caller through `Source::failed`; here they only end the payload.
fn read_payload<B: BufRead>(
    block: &mut B,
    head: &Headers,
    response: bool,
    max_bytes: u64,
) -> Outcome {
    let (warc_mime, warc_charset) = head
        .first("content-type")
        .map(split_content_type)
        .unwrap_or_default();
    let truncated_note = head
        .first("warc-truncated")
        .map(|why| format!(" (the crawler truncated this record: WARC-Truncated: {why})"))
        .unwrap_or_default();
    let is_http = response
        && match warc_mime.as_deref() {
            Some(m) => m == "application/http",
            None => block
                .fill_buf()
                .is_ok_and(|b| b.get(..5).is_some_and(|p| p.eq_ignore_ascii_case(b"HTTP/"))),
        };
    let (mime, charset, encodings, chunked) = if is_http {
        let http = match read_http_head(block) {
            Ok(h) => h,
            Err(why) => return Outcome::failed(why + &truncated_note, None, None),
        };
        if !(200..300).contains(&http.status) {
            return Outcome::Skip(Skip::HttpStatus);
        }
        let (mime, charset) = http
            .headers
            .last("content-type")
            .map(split_content_type)
            .unwrap_or_default();
        let encodings: Vec<String> = http
            .headers
            .0
            .iter()
            .filter(|(n, _)| n == "content-encoding")
            .flat_map(|(_, v)| v.split(','))
            .map(|e| e.trim().to_ascii_lowercase())
            .filter(|e| !e.is_empty() && e != "identity")
            .collect();
        let chunked = http
            .headers
            .0
            .iter()
            .filter(|(n, _)| n == "transfer-encoding")
            .any(|(_, v)| v.to_ascii_lowercase().contains("chunked"));
        (mime, charset, encodings, chunked)
    } else {
        (warc_mime, warc_charset, Vec::new(), false)
    };
    let class = classify(mime.as_deref(), response);
    if matches!(class, Class::Not) {
        return Outcome::Skip(Skip::NotHtml);
    }
    let read = decode_body(block, chunked, &encodings).and_then(|body| {
        read_capped(body, max_bytes, 0).map_err(|e| format!("unreadable payload: {e}"))
    });
    let sniffed_out = |bytes: &[u8]| matches!(class, Class::Sniff) && !sniff_html(bytes);
    match read {
        Ok(Ok(bytes)) if sniffed_out(&bytes) => Outcome::Skip(Skip::NotHtml),
        Ok(Ok(bytes)) => Outcome::Doc {
            bytes: Ok(bytes),
            charset,
            content_type: mime,
        },
        Ok(Err(prefix)) if sniffed_out(&prefix) => Outcome::Skip(Skip::NotHtml),
        Ok(Err(_)) => Outcome::failed(too_large_read(max_bytes), charset, mime),
        Err(why) => Outcome::failed(why + &truncated_note, charset, mime),
    }
}

struct HttpHead {
    status: u16,
    headers: Headers,
}

fn read_http_head<B: BufRead>(block: &mut B) -> Result<HttpHead, String> {
    let io_err = |e: io::Error| format!("unreadable HTTP head: {e}");
    let status_line = match read_line(block, MAX_LINE).map_err(io_err)? {
        Line::Full(l) | Line::Last(l) => l,
        Line::Eof => return Err("empty HTTP response".into()),
        Line::TooLong => return Err("malformed HTTP status line: too long".into()),
    };
    let text = String::from_utf8_lossy(&status_line);
    let mut words = text.split_whitespace();
    let status = match (words.next(), words.next()) {
        (Some(version), Some(code))
            if version
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("HTTP/")) =>
        {
            code.parse::<u16>().ok()
        }
        _ => None,
    }
    .ok_or_else(|| format!("malformed HTTP status line: {:?}", preview(&status_line)))?;
    let mut headers = Headers::default();
    let mut size = status_line.len();
    loop {
        match read_line(block, MAX_LINE).map_err(io_err)? {
            Line::Full(l) if l.is_empty() => break,
            Line::Full(l) => {
                size += l.len();
                if size > MAX_HTTP_HEAD {
                    return Err(format!("HTTP head longer than {MAX_HTTP_HEAD} bytes"));
                }
                headers.push_line(&l);
            }
            // A head without its blank line (nothing stored after it): no body.
            Line::Last(l) => {
                headers.push_line(&l);
                break;
            }
            Line::Eof => break,
            Line::TooLong => {
                return Err(format!("an HTTP header line longer than {MAX_LINE} bytes"))
            }
        }
    }
    Ok(HttpHead { status, headers })
}

/// The body with its transfer and content codings undone, as a reader.
fn decode_body<'a, B: BufRead + 'a>(
    block: &'a mut B,
    chunked: bool,
    encodings: &[String],
) -> Result<Box<dyn BufRead + 'a>, String> {
    let peek_err = |e: io::Error| format!("unreadable payload: {e}");
    let mut body: Box<dyn BufRead + 'a> = Box::new(block);
    // Some crawlers store the body de-chunked but keep the header: only de-chunk what is chunked.
    if chunked && looks_chunked(body.fill_buf().map_err(peek_err)?) {
        body = Box::new(BufReader::new(Dechunk::new(body)));
    }
    // Codings are listed in the order they were applied: undo them last first.
    for coding in encodings.iter().rev() {
        let peek = body.fill_buf().map_err(peek_err)?;
        match coding.as_str() {
            "gzip" | "x-gzip" => {
                // Stored already decompressed (browser-based crawlers do): leave it.
                if peek.starts_with(b"\x1f\x8b") {
                    body = Box::new(BufReader::new(GzDecoder::new(body)));
                }
            }
            "deflate" => {
                // HTTP says zlib-wrapped; many servers send raw deflate.
                body = if is_zlib_header(peek) {
                    Box::new(BufReader::new(ZlibDecoder::new(body)))
                } else if peek.is_empty() {
                    body
                } else {
                    Box::new(BufReader::new(DeflateDecoder::new(body)))
                };
            }
            other => return Err(format!("unsupported Content-Encoding: {other}")),
        }
    }
    Ok(body)
}

fn is_zlib_header(peek: &[u8]) -> bool {
    match peek {
        [cmf, flg, ..] => cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

/// Whether a body starts like chunked encoding: hex digits, optional extensions, a line end.
fn looks_chunked(peek: &[u8]) -> bool {
    let digits = peek.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    if digits == 0 {
        return false;
    }
    match peek
        .get(digits..)
        .and_then(|rest| rest.iter().find(|b| !matches!(b, b' ' | b'\t')))
    {
        None => true, // the peek ended inside the size line
        Some(b) => matches!(b, b'\r' | b'\n' | b';'),
    }
}

fn parse_chunk_size(line: &[u8]) -> Option<u64> {
    let size = line.split(|&b| b == b';').next().unwrap_or_default();
    let size = String::from_utf8_lossy(size);
    let size = size.trim();
    if size.is_empty() || size.len() > 16 {
        return None;
    }
    u64::from_str_radix(size, 16).ok()
}

enum ChunkState {
    Size,
    Data(u64),
    Done,
}

/// Undoes `Transfer-Encoding: chunked`. A body that ends at a chunk boundary without the last
/// (zero) chunk is accepted, as browsers do; one that ends inside a chunk is an error.
struct Dechunk<R> {
    inner: R,
    state: ChunkState,
}

impl<R: BufRead> Dechunk<R> {
    fn new(inner: R) -> Dechunk<R> {
        Dechunk {
            inner,
            state: ChunkState::Size,
        }
    }
}

impl<R: BufRead> Read for Dechunk<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let bad = |why: String| io::Error::new(io::ErrorKind::InvalidData, why);
        loop {
            match self.state {
                ChunkState::Done => return Ok(0),
                ChunkState::Size => match read_line(&mut self.inner, 4096)? {
                    Line::Eof => {
                        self.state = ChunkState::Done;
                        return Ok(0);
                    }
                    Line::TooLong => {
                        return Err(bad("bad chunked encoding: size line too long".into()))
                    }
                    Line::Full(l) | Line::Last(l) => {
                        // The line end after a chunk's data reads as an empty line.
                        if is_blank(&l) {
                            continue;
                        }
                        let size = parse_chunk_size(&l).ok_or_else(|| {
                            bad(format!(
                                "bad chunked encoding: chunk size {:?}",
                                preview(&l)
                            ))
                        })?;
                        self.state = if size == 0 {
                            ChunkState::Done
                        } else {
                            ChunkState::Data(size)
                        };
                    }
                },
                ChunkState::Data(left) => {
                    if buf.is_empty() {
                        return Ok(0);
                    }
                    let avail = self.inner.fill_buf()?;
                    if avail.is_empty() {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "chunked body ends inside a chunk",
                        ));
                    }
                    let n = avail
                        .len()
                        .min(buf.len())
                        .min(usize::try_from(left).unwrap_or(usize::MAX));
                    if let (Some(dst), Some(src)) = (buf.get_mut(..n), avail.get(..n)) {
                        dst.copy_from_slice(src);
                    }
                    self.inner.consume(n);
                    let left = left - n as u64;
                    self.state = if left == 0 {
                        ChunkState::Size
                    } else {
                        ChunkState::Data(left)
                    };
                    return Ok(n);
                }
            }
        }
    }
}

/// `WARC-Target-URI` without the angle brackets of WARC/0.x; `None` when empty.
fn clean_uri(value: &str) -> Option<String> {
    let v = value.trim();
    let v = v
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(v)
        .trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// `WARC-Date` as microseconds since the epoch: ISO 8601 in UTC (WARC/1.1 adds fractions of a
/// second), or the 14 digits `yyyyMMddHHmmss` of ARC-era writers.
fn parse_warc_date(value: &str) -> Option<i64> {
    let v = value.trim();
    if let Ok(t) = v.parse::<jiff::Timestamp>() {
        return Some(t.as_microsecond());
    }
    let digits = v
        .get(..14)
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()));
    if let Some(d) = digits {
        let num = |r: std::ops::Range<usize>| d.get(r).and_then(|s| s.parse::<i8>().ok());
        let year = d.get(..4).and_then(|s| s.parse::<i16>().ok())?;
        let dt = jiff::civil::DateTime::new(
            year,
            num(4..6)?,
            num(6..8)?,
            num(8..10)?,
            num(10..12)?,
            num(12..14)?,
            0,
        )
        .ok()?;
        return dt
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()
            .map(|z| z.timestamp().as_microsecond());
    }
    // The standard says UTC; some writers leave the zone out.
    format!("{v}Z")
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::archive::{open_bytes, Kind};
    use std::io::Write;

    const DATE: &str = "2024-03-14T12:34:56Z";
    /// DATE in microseconds since the epoch.
    const DATE_US: i64 = 1_710_419_696_000_000;

    fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!("WARC/1.1\r\nWARC-Type: {kind}\r\n");
        if !uri.is_empty() {
            r += &format!("WARC-Target-URI: {uri}\r\n");
        }
        r += &format!("WARC-Date: {DATE}\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\n");
        if !content_type.is_empty() {
            r += &format!("Content-Type: {content_type}\r\n");
        }
        r += &format!("Content-Length: {}\r\n\r\n", block.len());
        let mut out = r.into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn response(uri: &str, status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
        let mut http = format!("HTTP/1.1 {status}\r\n");
        for h in headers {
            http += h;
            http += "\r\n";
        }
        http += "\r\n";
        let mut block = http.into_bytes();
        block.extend_from_slice(body);
        record(
            "response",
            uri,
            "application/http; msgtype=response",
            &block,
        )
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn chunked(body: &[u8], size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in body.chunks(size) {
            out.extend_from_slice(format!("{:x};ext=1\r\n", piece.len()).as_bytes());
            out.extend_from_slice(piece);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\nX-Trailer: t\r\n\r\n");
        out
    }

    fn gbk_page() -> Vec<u8> {
        let html = "<html><head><title>新闻</title></head><body><p>中国国家主席习近平同俄罗斯总统普京通电话。</p></body></html>";
        encoding_rs::GBK.encode(html).0.into_owned()
    }

    fn utf8_page() -> Vec<u8> {
        "<!DOCTYPE html><html><body><p>两国元首互致新春问候。</p></body></html>"
            .repeat(20)
            .into_bytes()
    }

    /// A crawl with one record of each kind that matters, as separate records.
    fn crawl() -> Vec<Vec<u8>> {
        let lf_block =
            "HTTP/1.0 200 OK\ncontent-type: text/html;\n  charset=\"Big5\"\n\n<html>lf only</html>";
        let lf_only = format!(
            "WARC/0.18\nwarc-type: response\nWARC-Target-URI: <http://lf.example/a>\n\
             WARC-Date: 20240314123456\ncontent-type: application/http;msgtype=response\n\
             Content-Length: {}\n\n{lf_block}\n\n",
            lf_block.len()
        );
        vec![
            record(
                "warcinfo",
                "",
                "application/warc-fields",
                b"software: test\r\n",
            ),
            record(
                "request",
                "http://news.example/gbk",
                "application/http; msgtype=request",
                b"GET /gbk HTTP/1.1\r\nHost: news.example\r\n\r\n",
            ),
            response(
                "http://news.example/gbk",
                "200 OK",
                &["Content-Type: text/html; charset=GBK", "Server: x"],
                &gbk_page(),
            ),
            response(
                "http://news.example/logo.jpg",
                "200 OK",
                &["Content-Type: image/jpeg"],
                b"\xff\xd8\xff\xe0 not html",
            ),
            response(
                "http://news.example/utf8",
                "200 OK",
                &[
                    "Content-Type: text/html;charset=\"utf-8\"",
                    "Transfer-Encoding: chunked",
                    "Content-Encoding: gzip",
                ],
                &chunked(&gzip(&utf8_page()), 50),
            ),
            response(
                "http://news.example/gone",
                "404 Not Found",
                &["Content-Type: text/html"],
                b"<html>not here</html>",
            ),
            record(
                "revisit",
                "http://news.example/gbk",
                "application/http; msgtype=response",
                b"HTTP/1.1 200 OK\r\n\r\n",
            ),
            record(
                "metadata",
                "http://news.example/gbk",
                "application/warc-fields",
                b"via: x\r\n",
            ),
            lf_only.as_bytes().to_vec(),
            // The same page crawled again, its type left for us to sniff.
            response(
                "http://news.example/gbk",
                "200 OK",
                &[],
                b"\n<HTML>again</HTML>",
            ),
            record(
                "resource",
                "urn:browsertrix:page",
                "text/html; charset=utf-8",
                b"<p>resource</p>",
            ),
            record("resource", "urn:X-wget:log", "text/plain", b"wget log"),
            response(
                "http://news.example/br",
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: br"],
                b"\x8b\x03",
            ),
            record(
                "conversion",
                "http://news.example/gbk",
                "text/plain",
                b"converted",
            ),
        ]
    }

    #[derive(PartialEq)]
    struct Doc {
        name: String,
        bytes: Result<Vec<u8>, String>,
        hints: Hints,
    }

    impl std::fmt::Debug for Doc {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let bytes = self.bytes.as_ref().map(|b| String::from_utf8_lossy(b));
            write!(f, "{} {bytes:?} {:?}", self.name, self.hints)
        }
    }

    fn read(bytes: Vec<u8>, kind: Kind) -> (Vec<Doc>, Vec<Skip>) {
        let mut docs = Vec::new();
        let mut skips = Vec::new();
        for e in open_bytes(bytes, kind, 1 << 20).unwrap() {
            match e {
                Entry::Doc(m) => docs.push(Doc {
                    name: m.name,
                    bytes: m.bytes,
                    hints: m.hints,
                }),
                Entry::Skipped(s) => skips.push(s),
            }
        }
        (docs, skips)
    }

    fn hints(url: &str, charset: Option<&str>, content_type: Option<&str>) -> Hints {
        Hints {
            url: Some(url.into()),
            charset: charset.map(str::to_string),
            crawled_at: Some(DATE_US),
            content_type: content_type.map(str::to_string),
        }
    }

    fn expected_docs() -> Vec<Doc> {
        vec![
            Doc {
                name: "http://news.example/gbk".into(),
                bytes: Ok(gbk_page()),
                hints: hints("http://news.example/gbk", Some("gbk"), Some("text/html")),
            },
            Doc {
                name: "http://news.example/utf8".into(),
                bytes: Ok(utf8_page()),
                hints: hints("http://news.example/utf8", Some("utf-8"), Some("text/html")),
            },
            Doc {
                name: "http://lf.example/a".into(),
                bytes: Ok(b"<html>lf only</html>".to_vec()),
                hints: hints("http://lf.example/a", Some("big5"), Some("text/html")),
            },
            Doc {
                name: "http://news.example/gbk [2]".into(),
                bytes: Ok(b"\n<HTML>again</HTML>".to_vec()),
                hints: hints("http://news.example/gbk", None, None),
            },
            Doc {
                name: "urn:browsertrix:page".into(),
                bytes: Ok(b"<p>resource</p>".to_vec()),
                hints: hints("urn:browsertrix:page", Some("utf-8"), Some("text/html")),
            },
            Doc {
                name: "http://news.example/br".into(),
                bytes: Err("unsupported Content-Encoding: br".into()),
                hints: hints("http://news.example/br", None, Some("text/html")),
            },
        ]
    }

    const EXPECTED_SKIPS: &[Skip] = &[
        Skip::Warcinfo,
        Skip::Request,
        Skip::NotHtml,
        Skip::HttpStatus,
        Skip::Revisit,
        Skip::Metadata,
        Skip::NotHtml,
        Skip::OtherRecord,
    ];

    #[test]
    fn a_crawl_plain_gzipped_per_record_and_whole() {
        let records = crawl();
        let plain = records.join(&b"\r\n"[..]); // stray blank lines between records
        let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
        for (bytes, kind) in [
            (plain.clone(), Kind::Warc),
            (per_record, Kind::WarcGz),
            (gzip(&plain), Kind::WarcGz),
            (plain, Kind::WarcGz),
        ] {
            let (docs, skips) = read(bytes, kind);
            assert_eq!(docs, expected_docs(), "{kind:?}");
            assert_eq!(skips, EXPECTED_SKIPS, "{kind:?}");
        }
    }

    #[test]
    fn a_truncated_warc_gz_gives_what_came_before() {
        let records = [
            response(
                "http://a/1",
                "200 OK",
                &["Content-Type: text/html"],
                b"<p>one</p>",
            ),
            response(
                "http://a/2",
                "200 OK",
                &["Content-Type: text/html"],
                b"<p>two</p>",
            ),
            response(
                "http://a/3",
                "200 OK",
                &["Content-Type: text/html"],
                &utf8_page(),
            ),
        ];
        let gz: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
        let start3 = gz[0].len() + gz[1].len();
        let whole = gz.concat();
        let plain = records.concat();
        let plain3 = records[0].len() + records[1].len();
        for (bytes, kind) in [
            (whole[..start3 + gz[2].len() / 2].to_vec(), Kind::WarcGz),
            (plain[..plain3 + records[2].len() / 2].to_vec(), Kind::Warc),
            (plain[..plain3 + 30].to_vec(), Kind::Warc),
        ] {
            let (docs, skips) = read(bytes, kind);
            assert!(skips.is_empty());
            assert_eq!(docs.len(), 3, "{docs:?}");
            assert_eq!(docs[0].bytes, Ok(b"<p>one</p>".to_vec()));
            assert_eq!(docs[1].bytes, Ok(b"<p>two</p>".to_vec()));
            assert_eq!(docs[2].name, "<after record 2>");
            let why = docs[2].bytes.as_ref().unwrap_err();
            assert!(why.contains("record 3"), "{why}");
        }
    }

    #[test]
    fn payloads_over_max_bytes_fail_alone() {
        let big = vec![b'a'; 5000];
        let bytes = [
            response("http://a/big", "200 OK", &["Content-Type: text/html"], &big),
            response(
                "http://a/bomb",
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: gzip"],
                &gzip(&vec![b' '; 1 << 20]),
            ),
            response(
                "http://a/ok",
                "200 OK",
                &["Content-Type: text/plain"],
                b"fine",
            ),
        ]
        .concat();
        let docs: Vec<Member> = open_bytes(bytes, Kind::Warc, 1000)
            .unwrap()
            .filter_map(|e| match e {
                Entry::Doc(m) => Some(m),
                Entry::Skipped(_) => None,
            })
            .collect();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].bytes, Err(too_large_read(1000)));
        assert_eq!(docs[1].bytes, Err(too_large_read(1000)));
        assert_eq!(docs[2].bytes, Ok(b"fine".to_vec()));
    }

    #[test]
    fn bodies_as_crawlers_really_store_them() {
        let page = b"<html>stored decoded</html>".to_vec();
        let raw_deflate = {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&page).unwrap();
            e.finish().unwrap()
        };
        let zlib = {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&page).unwrap();
            e.finish().unwrap()
        };
        let cases: Vec<(Vec<&str>, Vec<u8>)> = vec![
            // Headers kept, body already de-chunked and decompressed.
            (
                vec!["Transfer-Encoding: chunked", "Content-Encoding: gzip"],
                page.clone(),
            ),
            (vec!["Content-Encoding: deflate"], raw_deflate),
            (vec!["Content-Encoding: deflate"], zlib),
            (vec!["Content-Encoding: x-gzip, identity"], gzip(&page)),
            // The final zero chunk missing.
            (vec!["Transfer-Encoding: chunked"], {
                let mut c = chunked(&page, 7);
                c.truncate(c.len() - b"0\r\nX-Trailer: t\r\n\r\n".len());
                c
            }),
        ];
        for (headers, body) in cases {
            let mut h = vec!["Content-Type: text/html"];
            h.extend(headers.iter().copied());
            let bytes = response("http://a/", "200 OK", &h, &body);
            let (docs, _) = read(bytes, Kind::Warc);
            assert_eq!(docs[0].bytes, Ok(page.clone()), "{headers:?}");
        }
        // Ends inside a chunk, or a corrupt gzip body: that member fails, the next still reads.
        let mut cut_chunk = chunked(&page, 100);
        cut_chunk.truncate(12);
        for (headers, body) in [
            (vec!["Transfer-Encoding: chunked"], cut_chunk),
            (
                vec!["Content-Encoding: gzip"],
                b"\x1f\x8b\x08\0garbage".to_vec(),
            ),
        ] {
            let mut h = vec!["Content-Type: text/html"];
            h.extend(headers.iter().copied());
            let bytes = [
                response("http://a/bad", "200 OK", &h, &body),
                response(
                    "http://a/next",
                    "200 OK",
                    &["Content-Type: text/html"],
                    b"next",
                ),
            ]
            .concat();
            let (docs, _) = read(bytes, Kind::Warc);
            assert_eq!(docs.len(), 2, "{docs:?}");
            assert!(docs[0].bytes.is_err(), "{headers:?}");
            assert_eq!(docs[1].bytes, Ok(b"next".to_vec()));
        }
    }

    #[test]
    fn damage_ends_the_stream_with_one_error() {
        let ok = response("http://a/1", "200 OK", &["Content-Type: text/html"], b"one");
        let cases: &[(&[u8], &str)] = &[
            (b"GET / HTTP/1.1\r\n\r\n", "no WARC record header at byte"),
            (b"WARC/1.0\r\nWARC-Type: resource\r\n\r\nabc", "has no Content-Length"),
            (
                b"WARC/1.0\r\nContent-Length: 18446744073709551616\r\n\r\n",
                "unreadable Content-Length",
            ),
            (
                b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999999\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html>",
                "declares 99999999999999 bytes",
            ),
            (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Le", "ends inside"),
            (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP", "ends after 4"),
        ];
        for (i, (bad, why)) in cases.iter().enumerate() {
            // A cut record is the end of the file; other damage may have good records after it.
            let tail = if i >= 3 { Vec::new() } else { ok.clone() };
            let bytes = [ok.clone(), bad.to_vec(), tail].concat();
            let entries: Vec<Entry> = open_bytes(bytes, Kind::Warc, 1000).unwrap().collect();
            assert_eq!(entries.len(), 2, "{entries:?}");
            let Entry::Doc(m) = &entries[1] else {
                panic!("{entries:?}")
            };
            assert_eq!(m.name, "<after record 1>");
            let got = m.bytes.as_ref().unwrap_err();
            assert!(got.contains(why), "{got} should say {why}");
        }
    }

    #[test]
    fn every_cut_of_a_crawl_is_safe() {
        let plain = crawl().concat();
        let per_record: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
        let expected = expected_docs();
        for (bytes, kind) in [(plain, Kind::Warc), (per_record, Kind::WarcGz)] {
            for cut in (0..bytes.len()).step_by(13) {
                let (mut docs, _) = read(bytes[..cut].to_vec(), kind);
                if docs.last().is_some_and(|d| d.name.starts_with("<after")) {
                    docs.pop();
                }
                // Whole records only, in order, and one error at most, at the end.
                assert_eq!(docs, expected[..docs.len()], "{kind:?} {cut}");
            }
        }
    }

    #[test]
    fn header_values() {
        assert_eq!(
            split_content_type(" Text/HTML ; foo=bar; Charset = 'GB2312' "),
            (Some("text/html".into()), Some("gb2312".into()))
        );
        assert_eq!(split_content_type(""), (None, None));
        assert_eq!(clean_uri(" <http://x/> "), Some("http://x/".into()));
        assert_eq!(clean_uri("<>"), None);
        assert_eq!(
            parse_warc_date("2024-03-14T12:34:56.5Z"),
            Some(DATE_US + 500_000)
        );
        assert_eq!(parse_warc_date("2024-03-14T20:34:56+08:00"), Some(DATE_US));
        assert_eq!(parse_warc_date("2024-03-14T12:34:56"), Some(DATE_US));
        assert_eq!(parse_warc_date("20240314123456"), Some(DATE_US));
        assert_eq!(parse_warc_date("20241399999999"), None);
        assert_eq!(parse_warc_date("yesterday"), None);
        assert!(looks_chunked(b"1a\r\n"));
        assert!(looks_chunked(b"1A;x=y\r\n"));
        assert!(looks_chunked(b"ff"));
        assert!(!looks_chunked(b"<html>"));
        assert!(!looks_chunked(b"abc def"));
        assert_eq!(parse_chunk_size(b"10;x"), Some(16));
        assert_eq!(parse_chunk_size(b"fffffffffffffffff"), None);
        let mut names = Names::default();
        let got: Vec<String> = ["a", "a", "a [2]", "a", "b"]
            .iter()
            .map(|n| names.unique(n.to_string()))
            .collect();
        assert_eq!(got, ["a", "a [2]", "a [2] [2]", "a [3]", "b"]);
    }
}
