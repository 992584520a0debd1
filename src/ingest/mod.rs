//! Reading archived news files into [`Article`] records: one per file, whatever happens.

pub mod archive;
pub mod decode;
pub mod docs;
pub mod frontmatter;
pub mod layout;
pub mod page;
pub mod source;
pub mod warc;

use std::path::{Path, PathBuf};

use crate::dates::{self, DateSource, DayOrder, Signal, SignalValue, Zone};
use crate::error::{Result, XinwenError};
use crate::outlet;
use crate::text::page::PageDate;
use crate::text::{boilerplate, html, script};
use frontmatter::FrontMatter;
use layout::{Layout, Parts, RssHeader};

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

/// Run `work` on a pool of `threads` workers (`None`: rayon's global pool, all cores).
pub(crate) fn in_pool<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T> {
    match threads {
        None => Ok(work()),
        Some(0) => Err(XinwenError::InvalidArgument(
            "threads must be at least 1".into(),
        )),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| XinwenError::Io(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(work))
        }
    }
}

/// The `doc_id` of a document that could not be read: a hash of its path (there are no bytes).
pub(crate) fn path_id(path: &str) -> String {
    hex_id(xxhash_rust::xxh3::xxh3_64_with_seed(path.as_bytes(), 1))
}

/// Read one file into an article. A panic inside the parsers (a bug) becomes an error row.
pub fn read_file(path: &Path, opts: &ReadOptions) -> Article {
    let path_id = || path_id(&path.to_string_lossy());
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

/// What a layout contributes before the shared body cleaning.
#[derive(Default)]
struct Draft {
    title: Option<String>,
    url: Option<String>,
    author: Option<String>,
    labels: Vec<String>,
    categories: Vec<String>,
    body: String,
    signals: Vec<Signal>,
    notes: Vec<String>,
    source_credit: Option<String>,
    /// A whole HTML page, already extracted while reading its metadata.
    extracted: Option<html::Extracted>,
    /// The dates of a whole page, parsed once the outlet (and so its zone) is known.
    page_dates: Option<Vec<PageDate>>,
    /// When a crawler fetched the document (WARC-Date): used only when nothing else dates it.
    crawled_at: Option<i64>,
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
    let text = decoded.text.as_str();
    let parts = layout::split(text).map_err(|m| m.0)?;
    let layout = parts.layout();
    let mut d = Draft::default();
    if let Some(n) = &decoded.note {
        d.notes.push(n.clone());
    }
    let zone = &opts.zone;
    match parts {
        Parts::Rss(h) => rss_draft(&mut d, &h, None, zone),
        Parts::Jekyll(fm, h) => {
            let epoch_nan = h.epoch.is_some_and(|e| e.eq_ignore_ascii_case("nan"));
            fm_draft(&mut d, &fm, zone, !epoch_nan);
            rss_draft(&mut d, &h, Some(&fm), zone);
        }
        Parts::Hexo(fm, body) | Parts::JekyllHtml(fm, body) => {
            fm_draft(&mut d, &fm, zone, true);
            d.body = body.to_string();
        }
        Parts::Portal(p) => {
            d.title = p.title.clone();
            for (k, v) in &p.fields {
                if v.is_empty() {
                    continue;
                }
                if k.contains("時間") || k.contains("时间") {
                    if let Some(t) = dates::find_datetime(v, zone, DayOrder::DayFirst) {
                        d.signals.push(signal(DateSource::PortalHeader, t, true));
                    }
                } else if k.contains("來源") || k.contains("来源") {
                    d.labels.push(v.clone());
                    d.source_credit = Some(v.clone());
                } else if k.contains("作者") {
                    d.author = Some(v.clone());
                }
            }
            d.body = p.body.to_string();
        }
        Parts::HtmlPage(text) => {
            let page = crate::text::page::extract(text);
            d.title = page.title;
            d.url = page.url;
            d.labels.extend(page.site_name);
            d.author = page.author;
            d.page_dates = Some(page.dates);
            if page.flat {
                d.notes
                    .push("nested too deeply for a page: read as a fragment".into());
            }
            d.extracted = Some(html::Extracted {
                blocks: page.blocks,
                images: page.images,
                ..Default::default()
            });
        }
        Parts::Plain(t) => {
            let t = t.trim_start();
            let (first, rest) = t.split_once('\n').unwrap_or((t, ""));
            if !html::looks_like_html(first) {
                d.title = Some(first.trim().to_string());
                d.body = rest.to_string();
            } else {
                d.body = t.to_string();
            }
        }
    }
    if d.url.is_none() {
        d.url = hints.url.clone();
    }
    d.crawled_at = hints.crawled_at;
    finish(path, layout, d, decoded.encoding, opts)
}

fn signal(source: DateSource, p: dates::Parsed, authoritative: bool) -> Signal {
    Signal {
        source,
        value: SignalValue::Instant(p),
        authoritative,
        tier: 0,
    }
}

fn fm_draft(d: &mut Draft, fm: &FrontMatter, zone: &Zone, date_is_authoritative: bool) {
    d.title = fm.text("title");
    d.url = fm
        .text("link")
        .or_else(|| fm.text("from"))
        .or_else(|| fm.text("url"));
    d.author = fm.text("author");
    for key in ["categories", "tags", "category"] {
        if let Some(v) = fm.get(key) {
            for c in v.as_list() {
                let c = c.trim().to_string();
                if !c.is_empty() && !d.categories.contains(&c) {
                    d.categories.push(c);
                }
            }
        }
    }
    d.labels
        .extend(fm.get("tags").map(|v| v.as_list()).unwrap_or_default());
    d.labels.extend(d.categories.clone());
    d.labels.extend(d.author.clone());
    if let Some(t) = fm
        .text("date")
        .and_then(|v| dates::parse_datetime(&v, zone, DayOrder::DayFirst))
    {
        d.signals
            .push(signal(DateSource::FrontMatter, t, date_is_authoritative));
    }
}

fn rss_draft(d: &mut Draft, h: &RssHeader<'_>, fm: Option<&FrontMatter>, zone: &Zone) {
    if d.title.is_none() && !h.title.is_empty() {
        d.title = Some(h.title.clone());
    }
    if d.url.is_none() && !h.url.is_empty() {
        d.url = Some(h.url.clone());
    }
    if let Some(t) = h
        .date_line
        .and_then(|v| dates::parse_datetime(v, zone, DayOrder::DayFirst))
    {
        d.signals.push(signal(DateSource::Dateline, t, true));
    }
    // The epoch comment is the feed's time for the item: the article's own dateline wins over it,
    // and a front matter written from the same feed agrees with it.
    if let Some(t) = h.epoch.and_then(dates::parse_epoch) {
        d.signals
            .push(signal(DateSource::EpochComment, t, fm.is_some()));
    }
    d.body = h.body.to_string();
}

/// Normalise a URL: trim, and collapse doubled slashes inside the path (RFI writes `//cn/`).
fn clean_url(url: &str) -> String {
    let url = url.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (path, query) = path.split_at(path.find(['?', '#']).unwrap_or(path.len()));
    let mut p = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && p.ends_with('/')) {
            p.push(c);
        }
    }
    format!("{scheme}://{host}{p}{query}")
}

fn finish(
    path: &Path,
    layout: Layout,
    mut d: Draft,
    encoding: String,
    opts: &ReadOptions,
) -> std::result::Result<Article, String> {
    let url = d.url.as_deref().map(clean_url).filter(|u| !u.is_empty());
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Labels from where the file sits: agora0 names carry the outlet (`2024-03-14-DW-...`), other
    // archives keep one folder per outlet.
    let mut place = Vec::new();
    if let Some(seg) = file_name.split('-').nth(3) {
        place.push(seg.to_string());
    }
    if let Some(parent) = path.parent().and_then(|p| p.file_name()) {
        place.push(parent.to_string_lossy().into_owned());
    }
    let outlet = outlet::resolve(url.as_deref(), &d.labels, &place);
    let order = if outlet.as_deref().is_some_and(outlet::month_first) {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    };
    // A page of an outlet we do not know still says where it is from by its domain.
    let home = outlet.as_deref().and_then(outlet::home_zone).or_else(|| {
        d.page_dates
            .is_some()
            .then(|| url.as_deref().and_then(page::zone_of_url))
            .flatten()
    });
    let dateline_zone = home
        .and_then(|z| Zone::named(z).ok())
        .unwrap_or_else(|| opts.zone.clone());

    // Body: HTML or plain text into paragraphs, captions and images.
    let ex = match d.extracted.take() {
        Some(ex) => ex,
        None if html::looks_like_html(&d.body) => html::extract(&d.body),
        None => plain_blocks(&d.body),
    };
    let mut paragraphs = Vec::with_capacity(ex.blocks.len());
    let mut captions = Vec::new();
    let is_page = d.page_dates.is_some();
    for (i, b) in ex.blocks.into_iter().enumerate() {
        if matches!(b.kind, html::BlockKind::Caption) {
            captions.push(b.text);
            continue;
        }
        // A short leading block that is only a date is the outlet's dateline, not text. (A
        // page's dateline was read with its headline.)
        if !is_page && i < 3 && paragraphs.len() < 2 && b.text.chars().count() <= 40 {
            if let Some(t) = dates::parse_datetime(&b.text, &dateline_zone, order) {
                d.signals.push(signal(DateSource::Dateline, t, true));
                continue;
            }
        }
        paragraphs.push(b.text);
    }
    for t in &ex.times {
        if let Some(p) = dates::parse_datetime(t, &dateline_zone, order) {
            d.signals.push(signal(DateSource::Dateline, p, true));
        }
    }
    let cleaned = boilerplate::clean(paragraphs, captions);
    let body = cleaned.body.join("\n\n");
    let credit = cleaned.credit.clone().or_else(|| {
        d.source_credit
            .as_deref()
            .map(|s| outlet::from_label(s).map_or_else(|| s.to_string(), str::to_string))
    });

    // Dates: the layout's signals, then the URL and the file name as calendar dates.
    if let Some(pd) = d.page_dates.take() {
        let ps = page::signals(&pd, &dateline_zone, order);
        d.signals.extend(ps.signals);
        d.notes.extend(ps.notes);
    }
    if let Some(day) = url.as_deref().and_then(dates::date_from_url) {
        d.signals.push(Signal {
            source: DateSource::Url,
            value: SignalValue::Date(day),
            authoritative: true,
            tier: if is_page { page::URL_TIER } else { 0 },
        });
    }
    if let Some(day) = dates::date_from_filename(&file_name) {
        d.signals.push(Signal {
            source: DateSource::Filename,
            value: SignalValue::Date(day),
            authoritative: true,
            tier: 0,
        });
    }
    if d.signals.is_empty() {
        if let Some(t) = d.crawled_at {
            d.signals.push(page::crawl_signal(t));
        }
    }
    let resolved = dates::resolve(&d.signals, &opts.zone);

    let title = d
        .title
        .map(|t| html::normalize_ws(&html::decode_entities(&t)))
        .filter(|t| !t.is_empty());
    let author = d
        .author
        .map(|a| html::normalize_ws(&html::decode_entities(&a)))
        .filter(|a| {
            !a.is_empty()
                && outlet::from_label(a).is_none()
                && Some(a.as_str()) != outlet.as_deref()
        });
    let script_text = match &title {
        Some(t) => format!("{t}\n{body}"),
        None => body.clone(),
    };
    let script = script::detect_script(&script_text);
    let lang = if body.is_empty() && title.is_none() {
        None
    } else {
        Some(script::detect_lang(&script_text))
    };

    let mut notes = d.notes;
    if title.is_none() {
        notes.push("no title".into());
    }
    if resolved.micros.is_none() {
        notes.push("no publication date".into());
    } else if resolved.source == DateSource::Crawl {
        notes.push("dated only by when it was crawled".into());
    } else if resolved.guessed {
        notes.push(format!(
            "publication time guessed from the {} date",
            resolved.source.as_str()
        ));
    }
    if body.is_empty() {
        notes.push("empty body".into());
    }
    let status = if notes.is_empty() {
        Status::Ok
    } else {
        Status::Partial
    };
    let n_chars = body.chars().count() as i64;
    Ok(Article {
        doc_id: String::new(),
        path: path.to_string_lossy().into_owned(),
        layout: Some(layout),
        outlet,
        url,
        title,
        published_at: resolved.micros,
        date_source: resolved.source,
        date_conflict: resolved.conflict,
        author,
        credit,
        categories: d.categories,
        body,
        captions: cleaned.captions,
        images: ex.images,
        lang,
        script,
        encoding: Some(encoding),
        n_chars,
        status,
        error: if notes.is_empty() {
            None
        } else {
            Some(notes.join("; "))
        },
    })
}

/// Plain-text bodies: one paragraph per non-empty line (archives do not hard-wrap Chinese text).
fn plain_blocks(body: &str) -> html::Extracted {
    let blocks = body
        .lines()
        .map(html::normalize_ws)
        .filter(|l| !l.is_empty())
        .map(|text| html::Block {
            kind: html::BlockKind::Paragraph,
            text,
        })
        .collect();
    html::Extracted {
        blocks,
        ..Default::default()
    }
}
