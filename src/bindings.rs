//! The `xinwen._core` extension module: the only place that knows about Python.
//!
//! Work runs with the GIL released; results cross as Arrow through the PyCapsule interface;
//! core errors become the named exceptions of `xinwen.errors`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use arrow_array::cast::AsArray;
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchIterator};
use arrow_schema::ffi::FFI_ArrowSchema;
use arrow_schema::{DataType, SchemaRef};
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::error::XinwenError;
use crate::features::{self, keywords as kw, Doc};
use crate::ingest::docs::{self, Documents};
use crate::ingest::{self, source, ReadOptions};
use crate::segment::{self as seg, Mode, ScriptMode};

/// Map a core error to the matching `xinwen.errors` class.
fn to_pyerr(py: Python<'_>, err: XinwenError) -> PyErr {
    let class = match &err {
        XinwenError::SourceNotFound(_) => "SourceNotFoundError",
        XinwenError::InvalidArgument(_) => "InvalidOptionError",
        XinwenError::Io(_) => "XinwenIOError",
    };
    match py.import("xinwen.errors").and_then(|m| m.getattr(class)) {
        Ok(cls) => match cls.call1((err.to_string(),)) {
            Ok(inst) => PyErr::from_value(inst),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// Arrow record batches of one schema that Python libraries (Polars, PyArrow, DuckDB) import
/// without a copy through `__arrow_c_stream__`.
#[pyclass(frozen, module = "xinwen._core")]
pub struct ArrowBatch {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowBatch {
    fn one(batch: RecordBatch) -> Self {
        ArrowBatch {
            schema: batch.schema(),
            batches: vec![batch],
        }
    }
}

#[pymethods]
impl ArrowBatch {
    /// Export as an Arrow C stream (PyCapsule named `arrow_array_stream`).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The spec lets a producer ignore the requested schema; ours has one fixed schema.
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(
            self.batches.iter().cloned().map(Ok).collect::<Vec<_>>(),
            self.schema.clone(),
        );
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// Export the schema (PyCapsule named `arrow_schema`).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref())
            .map_err(|e| PyRuntimeError::new_err(format!("cannot export the Arrow schema: {e}")))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    fn __len__(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn __repr__(&self) -> String {
        format!(
            "ArrowBatch(rows={}, columns={})",
            self.__len__(),
            self.schema.fields().len()
        )
    }
}

/// Progress of a running call, read from another Python thread (for progress bars).
#[pyclass(frozen, name = "Progress", module = "xinwen._core")]
pub struct PyProgress {
    inner: Arc<crate::progress::Progress>,
}

#[pymethods]
impl PyProgress {
    #[new]
    fn new() -> Self {
        PyProgress {
            inner: Arc::new(crate::progress::Progress::default()),
        }
    }

    /// `(done, total)` items.
    fn get(&self) -> (u64, u64) {
        self.inner.get()
    }

    /// Ask the running call to stop early (its result is then incomplete).
    fn cancel(&self) {
        self.inner.cancel();
    }
}

/// Expand sources into the sorted list of files `read_articles` would read.
#[pyfunction]
fn expand_sources(py: Python<'_>, sources: Vec<PathBuf>) -> PyResult<Vec<OsString>> {
    let paths = py
        .detach(|| source::expand(&sources))
        .map_err(|e| to_pyerr(py, e))?;
    // OS strings come back as `str` with surrogate escapes: a name that is not UTF-8 round-trips.
    Ok(paths.into_iter().map(PathBuf::into_os_string).collect())
}

/// A range of a walk as Python sees it: `(spec, first, last, files)`.
type RangeRow = (usize, OsString, OsString, u64);

/// The walk of `sources` cut into ranges of at most `n` files, `skip` left out: `(spec, first,
/// last, files)` each, for a cluster's workers to read with `Documents(..., within=...)`, and
/// how many files `skip` left out.
#[pyfunction]
#[pyo3(signature = (sources, n, skip))]
fn walk_ranges(
    py: Python<'_>,
    sources: Vec<PathBuf>,
    n: usize,
    skip: Vec<String>,
) -> PyResult<(Vec<RangeRow>, u64)> {
    let (ranges, skipped) = py
        .detach(|| source::Walk::ranges(&sources, n, skip.iter().map(String::as_str)))
        .map_err(|e| to_pyerr(py, e))?;
    let ranges = ranges
        .into_iter()
        .map(|r| {
            (
                r.spec,
                r.first.into_os_string(),
                r.last.into_os_string(),
                r.files,
            )
        })
        .collect();
    Ok((ranges, skipped))
}

/// Set the worker threads of every call that does not say (`None`: `XINWEN_THREADS`, else
/// every core).
#[pyfunction]
#[pyo3(signature = (n))]
fn set_threads(py: Python<'_>, n: Option<usize>) -> PyResult<()> {
    crate::pool::set_default_threads(n).map_err(|e| to_pyerr(py, e))
}

/// The worker threads a call that does not say runs on.
#[pyfunction]
fn get_threads() -> usize {
    crate::pool::default_threads()
}

/// PMI, NPMI and log-likelihood of pairs from their window counts, as co-occurrence computes
/// them: three lists.
#[pyfunction]
#[pyo3(signature = (count, count_a, count_b, n))]
fn cooc_measures(
    count: Vec<u64>,
    count_a: Vec<u64>,
    count_b: Vec<u64>,
    n: u64,
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for ((k, a), b) in count.into_iter().zip(count_a).zip(count_b) {
        let (pmi, npmi, llr) = features::cooc::measures(k, a, b, n);
        out.0.push(pmi);
        out.1.push(npmi);
        out.2.push(llr);
    }
    out
}

/// Core read options from the Python arguments (zero threads is refused when reading starts).
fn read_options(
    py: Python<'_>,
    timezone: &str,
    threads: Option<usize>,
    max_bytes: u64,
) -> PyResult<ReadOptions> {
    let mut opts = ReadOptions::new(timezone).map_err(|e| to_pyerr(py, e))?;
    opts.threads = threads;
    opts.max_bytes = max_bytes;
    Ok(opts)
}

/// Counts by reason as Python will see them: a `dict[str, int]`.
fn reasons(counts: &BTreeMap<&'static str, u64>) -> BTreeMap<String, u64> {
    counts.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn batch_of(articles: &[ingest::Article]) -> Result<RecordBatch, XinwenError> {
    crate::arrow_out::articles_to_batch(articles)
        .map_err(|e| XinwenError::Io(format!("cannot build the Arrow batch: {e}")))
}

/// The documents of sources (plain files, and the members of archives), read batch by batch
/// without listing the whole archive first (`xinwen.scan_articles`, `xinwen.write_dataset`).
#[pyclass(frozen, name = "Documents", module = "xinwen._core")]
pub struct PyDocuments {
    inner: Mutex<Documents>,
    opts: ReadOptions,
}

impl PyDocuments {
    fn docs(&self) -> MutexGuard<'_, Documents> {
        // A panic cannot happen while the lock is held; recover the documents regardless.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[pymethods]
impl PyDocuments {
    /// `within`: only the files of one range of `walk_ranges` over the same sources, given as
    /// `(spec, first, last)`.
    #[new]
    #[pyo3(signature = (sources, *, timezone, threads, max_bytes, within=None))]
    fn new(
        py: Python<'_>,
        sources: Vec<PathBuf>,
        timezone: &str,
        threads: Option<usize>,
        max_bytes: u64,
        within: Option<(usize, PathBuf, PathBuf)>,
    ) -> PyResult<Self> {
        let opts = read_options(py, timezone, threads, max_bytes)?;
        let docs = py
            .detach(|| match within {
                None => Documents::walk(&sources, max_bytes),
                Some((spec, first, last)) => {
                    let range = source::Range {
                        spec,
                        first,
                        last,
                        files: 0,
                    };
                    Documents::within(&sources, &range, max_bytes)
                }
            })
            .map_err(|e| to_pyerr(py, e))?;
        Ok(PyDocuments {
            inner: Mutex::new(docs),
            opts,
        })
    }

    /// Leave out these documents by path (already written by an earlier run).
    fn skip_paths(&self, py: Python<'_>, paths: Vec<String>) {
        py.detach(|| self.docs().skip_paths(paths.iter().map(String::as_str)));
    }

    /// Read up to `n` more documents into articles; an empty batch at the end. Cancelling
    /// `progress` stops the call early (its batch is then incomplete).
    #[pyo3(signature = (n, progress=None))]
    fn next_batch(
        &self,
        py: Python<'_>,
        n: usize,
        progress: Option<&PyProgress>,
    ) -> PyResult<ArrowBatch> {
        let mut opts = self.opts.clone();
        opts.progress = progress.map(|p| p.inner.clone());
        let batch = py
            .detach(|| {
                let articles = docs::read_next(&mut self.docs(), n, &opts)?;
                batch_of(&articles)
            })
            .map_err(|e| to_pyerr(py, e))?;
        Ok(ArrowBatch::one(batch))
    }

    /// `(given, skipped)` documents so far. (Waits for a batch being read on another thread.)
    fn counts(&self, py: Python<'_>) -> (u64, u64) {
        py.detach(|| {
            let d = self.docs();
            (d.given(), d.skipped())
        })
    }

    /// Archive records and members passed over so far, by reason.
    fn passed_over(&self, py: Python<'_>) -> BTreeMap<String, u64> {
        py.detach(|| reasons(self.docs().passed_over()))
    }
}

/// Read sources into an Arrow batch of articles (one row per plain file and per archive
/// member), and the archive records passed over, by reason.
#[pyfunction]
#[pyo3(signature = (sources, *, timezone, threads, max_bytes, progress=None))]
fn read_articles(
    py: Python<'_>,
    sources: Vec<PathBuf>,
    timezone: &str,
    threads: Option<usize>,
    max_bytes: u64,
    progress: Option<&PyProgress>,
) -> PyResult<(ArrowBatch, BTreeMap<String, u64>)> {
    let mut opts = read_options(py, timezone, threads, max_bytes)?;
    opts.progress = progress.map(|p| p.inner.clone());
    let (batch, passed_over) = py
        .detach(|| -> Result<_, XinwenError> {
            let mut documents = Documents::listed(source::expand(&sources)?, max_bytes);
            if let Some(p) = &opts.progress {
                p.start(documents.planned());
            }
            let articles = docs::read_next(&mut documents, usize::MAX, &opts)?;
            Ok((batch_of(&articles)?, reasons(documents.passed_over())))
        })
        .map_err(|e| to_pyerr(py, e))?;
    Ok((ArrowBatch::one(batch), passed_over))
}

/// A built segmenter: immutable, shared across threads; built by `xinwen.Segmenter`.
#[pyclass(frozen, name = "Segmenter", module = "xinwen._core")]
pub struct PySegmenter {
    inner: Arc<seg::Segmenter>,
}

type AliasRow = (String, String, Vec<String>);
type UserWordRow = (String, Option<usize>, Option<String>);

#[pymethods]
impl PySegmenter {
    #[new]
    #[pyo3(signature = (*, base_words, user_words, hmm, script, aliases, stopwords))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        base_words: bool,
        user_words: Vec<UserWordRow>,
        hmm: bool,
        script: &str,
        aliases: Vec<AliasRow>,
        stopwords: Vec<String>,
    ) -> PyResult<Self> {
        let script = ScriptMode::parse(script).map_err(|e| to_pyerr(py, e))?;
        let config = seg::SegmenterConfig {
            base_words: if base_words {
                seg::default_words().to_vec()
            } else {
                Vec::new()
            },
            user_words: user_words
                .into_iter()
                .map(|(word, freq, tag)| seg::UserWord { word, freq, tag })
                .collect(),
            hmm,
            script,
            aliases: aliases
                .into_iter()
                .map(|(canonical, tag, forms)| seg::AliasEntry {
                    canonical,
                    tag,
                    forms,
                })
                .collect(),
            stopwords,
        };
        let inner = py
            .detach(|| seg::Segmenter::new(&config))
            .map_err(|e| to_pyerr(py, e))?;
        Ok(PySegmenter {
            inner: Arc::new(inner),
        })
    }

    /// The canonical term of a surface form, or `None` when it is not an alias.
    fn canonical(&self, form: &str) -> Option<String> {
        self.inner.canonical(form).map(str::to_owned)
    }

    /// The form a term is counted as: its canonical name, else the term lower-cased (and
    /// simplified when the segmenter counts in simplified script).
    fn normalize_term(&self, term: &str) -> String {
        self.inner.normalize_term(term)
    }

    /// The counted tokens of one text, as a list: no Arrow, no thread pool, so that a call on a
    /// short string costs about what segmenting it does.
    fn cut<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        options: &PyTokenOptions,
    ) -> PyResult<Bound<'py, pyo3::types::PyList>> {
        // Tokens are gathered in one string; Python strings are made from slices of it.
        let mut arena = String::new();
        let mut ends: Vec<usize> = Vec::new();
        let mut run = || {
            self.inner.count_each(text, &options.opts, |t| {
                arena.push_str(t);
                ends.push(arena.len());
            })
        };
        // Releasing the GIL costs more than segmenting a headline; a long text lets other
        // Python threads run meanwhile.
        if text.len() > LONG_TEXT {
            py.detach(run);
        } else {
            run();
        }
        let mut start = 0;
        let tokens = ends.iter().map(|&e| {
            let t = arena.get(start..e).unwrap_or("");
            start = e;
            t
        });
        pyo3::types::PyList::new(py, tokens)
    }
}

/// Bytes of text above which a one-string call releases the GIL.
const LONG_TEXT: usize = 4096;

/// Token options checked and converted once (stopword lists normalised), for calls made many
/// times with the same options (`xinwen.cut`).
#[pyclass(frozen, name = "TokenOptions", module = "xinwen._core")]
pub struct PyTokenOptions {
    opts: seg::TokenizeOptions,
}

#[pymethods]
impl PyTokenOptions {
    #[new]
    fn new(py: Python<'_>, options: TokenArgs) -> PyResult<Self> {
        Ok(PyTokenOptions {
            opts: options.spec(py)?.options(),
        })
    }
}

/// The segmenter with the default configuration, built once per process.
#[pyfunction]
fn default_segmenter(py: Python<'_>) -> PySegmenter {
    PySegmenter {
        inner: py.detach(seg::Segmenter::shared_default),
    }
}

/// The shipped alias table as `(canonical, tag, forms)` rows.
#[pyfunction]
fn default_aliases() -> Vec<AliasRow> {
    seg::default_aliases()
        .iter()
        .map(|e| (e.canonical.clone(), e.tag.clone(), e.forms.clone()))
        .collect()
}

/// The shipped stopwords (Chinese, then English).
#[pyfunction]
fn default_stopwords() -> Vec<String> {
    seg::default_stopwords().to_vec()
}

/// Parse a jieba user dictionary into `(word, freq, tag)` rows.
#[pyfunction]
fn parse_user_dict(py: Python<'_>, text: &str) -> PyResult<Vec<UserWordRow>> {
    let words = seg::parse_user_dict(text).map_err(|e| to_pyerr(py, e))?;
    Ok(words.into_iter().map(|w| (w.word, w.freq, w.tag)).collect())
}

/// Convert texts to the script `target` names (`xinwen.convert`): see [`seg::Target`].
#[pyfunction]
fn convert_script(py: Python<'_>, texts: Vec<String>, target: &str) -> PyResult<Vec<String>> {
    let to = seg::Target::parse(target).map_err(|e| to_pyerr(py, e))?;
    use rayon::prelude::*;
    py.detach(|| {
        crate::pool::install(None, || {
            texts.par_iter().map(|t| seg::convert(t, to)).collect()
        })
    })
    .map_err(|e| to_pyerr(py, e))
}

/// Read every batch of an object exporting `__arrow_c_stream__` (a Polars DataFrame).
fn import_stream(table: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    let capsule = table
        .call_method1("__arrow_c_stream__", (table.py().None(),))?
        .cast_into::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("__arrow_c_stream__ did not return a PyCapsule"))?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: the capsule holds a valid, initialised FFI_ArrowArrayStream (checked by name);
    // `from_raw` moves it out and leaves a released stream for the capsule's destructor.
    let reader =
        unsafe { RecordBatchStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>()) }
            .map_err(|e| PyRuntimeError::new_err(format!("cannot import the Arrow stream: {e}")))?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot read the Arrow stream: {e}")))
}

/// The values of a string column of any Arrow string layout.
fn str_values(a: &ArrayRef) -> Option<Vec<Option<&str>>> {
    match a.data_type() {
        DataType::Utf8View => Some(a.as_string_view().iter().collect()),
        DataType::Utf8 => Some(a.as_string::<i32>().iter().collect()),
        DataType::LargeUtf8 => Some(a.as_string::<i64>().iter().collect()),
        DataType::Null => Some(vec![None; a.len()]),
        _ => None,
    }
}

/// Documents from batches whose first column is the id and second the text.
fn docs_of(batches: &[RecordBatch]) -> PyResult<Vec<Doc<'_>>> {
    let mut docs = Vec::new();
    for b in batches {
        if b.num_columns() < 2 {
            return Err(PyTypeError::new_err(
                "expected two columns: the document id and the text",
            ));
        }
        let (Some(ids), Some(texts)) = (str_values(b.column(0)), str_values(b.column(1))) else {
            return Err(PyTypeError::new_err(
                "the document id and the text must be strings",
            ));
        };
        for (id, text) in ids.into_iter().zip(texts) {
            docs.push(Doc {
                id: id.unwrap_or(""),
                text,
            });
        }
    }
    Ok(docs)
}

/// The token options of `xinwen.TokenOptions` (the dict its `_core()` gives), converted once:
/// every tokenizing call takes them the same way.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
struct TokenArgs {
    mode: String,
    pos: bool,
    keep_punct: bool,
    script: Option<String>,
    /// `None` keeps every token; with `segmenter_stopwords`, the segmenter's list is used.
    stopwords: Option<Vec<String>>,
    segmenter_stopwords: bool,
}

impl TokenArgs {
    fn spec(self, py: Python<'_>) -> PyResult<seg::TokenSpec> {
        let mode = Mode::parse(&self.mode).map_err(|e| to_pyerr(py, e))?;
        let script = self
            .script
            .as_deref()
            .map(ScriptMode::parse)
            .transpose()
            .map_err(|e| to_pyerr(py, e))?;
        let stopwords = match (self.segmenter_stopwords, self.stopwords) {
            (true, _) => seg::StopwordSpec::Segmenter,
            (false, None) => seg::StopwordSpec::Off,
            (false, Some(words)) => seg::StopwordSpec::Custom(words),
        };
        Ok(seg::TokenSpec {
            mode,
            pos: self.pos,
            keep_punct: self.keep_punct,
            script,
            stopwords,
        })
    }
}

fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    PyRuntimeError::new_err(format!("cannot build the Arrow batch: {e}"))
}

/// Read `table` (columns: id, text) without copying and run `work` over its documents with the
/// GIL released.
fn with_docs<T: Send>(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    work: impl FnOnce(&[Doc<'_>]) -> Result<T, arrow_schema::ArrowError> + Send,
) -> PyResult<T> {
    let batches = import_stream(table)?;
    let docs = docs_of(&batches)?;
    py.detach(|| crate::pool::install(None, || work(&docs)))
        .map_err(|e| to_pyerr(py, e))?
        .map_err(arrow_err)
}

/// One row per token of `table` (columns: id, text).
#[pyfunction]
#[pyo3(signature = (table, segmenter, options, progress=None))]
fn tokenize(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    options: TokenArgs,
    progress: Option<&PyProgress>,
) -> PyResult<ArrowBatch> {
    let mut opts = options.spec(py)?.options();
    opts.progress = progress.map(|p| p.inner.clone());
    let pos = opts.pos;
    let seg = &segmenter.inner;
    let out = with_docs(py, table, |docs| features::token_batches(docs, seg, &opts))?;
    Ok(ArrowBatch {
        schema: crate::arrow_out::token_schema(pos),
        batches: out,
    })
}

/// Per-document term counts of `table` (columns: id, text).
#[pyfunction]
#[pyo3(signature = (table, segmenter, options, progress=None))]
fn term_counts(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    options: TokenArgs,
    progress: Option<&PyProgress>,
) -> PyResult<ArrowBatch> {
    let mut opts = options.spec(py)?.options();
    opts.progress = progress.map(|p| p.inner.clone());
    let seg = &segmenter.inner;
    let out = with_docs(py, table, |docs| {
        features::term_count_batches(docs, seg, &opts)
    })?;
    Ok(ArrowBatch {
        schema: crate::arrow_out::term_count_schema(),
        batches: out,
    })
}

/// The `top_k` keywords of every document of `table` (columns: id, text).
#[pyfunction]
#[pyo3(signature = (table, segmenter, options, *, method, idf, top_k))]
fn keywords(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    options: TokenArgs,
    method: &str,
    idf: &str,
    top_k: usize,
) -> PyResult<ArrowBatch> {
    let method = kw::Method::parse(method).map_err(|e| to_pyerr(py, e))?;
    let idf = kw::Idf::parse(idf).map_err(|e| to_pyerr(py, e))?;
    let opts = options.spec(py)?.options();
    let seg = &segmenter.inner;
    let batch = with_docs(py, table, |docs| {
        let found = kw::keywords(docs, seg, &opts, method, idf, top_k);
        let rows: Vec<(&str, Vec<(String, f64)>)> = docs.iter().map(|d| d.id).zip(found).collect();
        crate::arrow_out::keywords_to_batch(&rows)
    })?;
    Ok(ArrowBatch::one(batch))
}

/// Keyword-in-context hits in `table` (columns: id, text): literal `patterns`, or one regular
/// expression when `regex` is true; the first `max_hits`, and whether more were left out.
#[pyfunction]
#[pyo3(signature = (table, patterns, *, regex, window, max_hits))]
fn kwic(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    patterns: Vec<String>,
    regex: bool,
    window: usize,
    max_hits: usize,
) -> PyResult<(ArrowBatch, bool)> {
    let m = if regex {
        features::kwic::Matcher::regex(patterns.first().map_or("", String::as_str))
    } else {
        features::kwic::Matcher::literal(&patterns)
    }
    .map_err(|e| to_pyerr(py, e))?;
    let (batch, cut) = with_docs(py, table, |docs| {
        features::kwic::kwic(docs, &m, window, max_hits)
    })?;
    Ok((ArrowBatch::one(batch), cut))
}

/// The quotations of `table` (columns: id, text), one row per quotation.
#[pyfunction]
fn quotes(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
) -> PyResult<ArrowBatch> {
    let seg = &segmenter.inner;
    let batch = with_docs(py, table, |docs| features::quotes::quote_batch(docs, seg))?;
    Ok(ArrowBatch::one(batch))
}

/// The texts as duplicates compares them (whitespace, punctuation folded), for tests and
/// benchmarks that compute the shingles themselves.
#[pyfunction]
fn dedup_normalize(py: Python<'_>, texts: Vec<String>) -> Vec<String> {
    py.detach(|| {
        texts
            .iter()
            .map(|t| features::dedup::normalize(t))
            .collect()
    })
}

/// Duplicate clusters of `table` (columns `text`, `key`, `outlet` strings, `order` u64), one
/// row per document in order: `cluster_id`, `first` (row), `similarity`, `kind`.
#[pyfunction]
#[pyo3(signature = (table, *, threshold, k, num_perm, min_chars))]
fn duplicates(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    threshold: f64,
    k: usize,
    num_perm: usize,
    min_chars: usize,
) -> PyResult<ArrowBatch> {
    use features::dedup::{self, DedupDoc, DedupOptions};
    let batches = import_stream(table)?;
    let mut docs: Vec<DedupDoc<'_>> = Vec::new();
    for b in &batches {
        let col = |name: &str| {
            b.column_by_name(name)
                .and_then(str_values)
                .ok_or_else(|| PyTypeError::new_err(format!("expected a string column {name:?}")))
        };
        let (texts, keys, outlets) = (col("text")?, col("key")?, col("outlet")?);
        let order = b
            .column_by_name("order")
            .and_then(|a| a.as_primitive_opt::<arrow_array::types::UInt64Type>())
            .ok_or_else(|| PyTypeError::new_err("expected a u64 column \"order\""))?;
        for (((text, key), outlet), order) in texts
            .into_iter()
            .zip(keys)
            .zip(outlets)
            .zip(order.values().iter())
        {
            docs.push(DedupDoc {
                text,
                key,
                outlet,
                order: *order,
            });
        }
    }
    let opts = DedupOptions {
        threshold,
        k,
        num_perm,
        min_chars,
    };
    let rows = py
        .detach(|| crate::pool::install(None, || dedup::duplicates(&docs, &opts)))
        .and_then(|r| r)
        .map_err(|e| to_pyerr(py, e))?;
    batch(vec![
        ("cluster_id", u32s(rows.iter().map(|r| r.cluster))),
        ("first", u32s(rows.iter().map(|r| r.first))),
        (
            "similarity",
            Arc::new(arrow_array::Float64Array::from_iter_values(
                rows.iter().map(|r| f64::from(r.similarity)),
            )) as ArrayRef,
        ),
        ("kind", strs(rows.iter().map(|r| r.kind.as_str()))),
    ])
}

// ---------------------------------------------------------------------------------------------
// Columns of text: the Polars expression namespace and the vectorizer.

use crate::features::vectorize::{self as vz, NgramRange, Pruning};

/// Read `table` (its first column: text) without copying and run `work` over its texts with
/// the GIL released.
fn with_texts<T: Send>(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    work: impl FnOnce(&[Option<&str>]) -> Result<T, XinwenError> + Send,
) -> PyResult<T> {
    let batches = import_stream(table)?;
    let mut texts = Vec::new();
    for b in &batches {
        if b.num_columns() < 1 {
            return Err(PyTypeError::new_err("expected a column of text"));
        }
        let Some(col) = str_values(b.column(0)) else {
            return Err(PyTypeError::new_err("the column must hold strings"));
        };
        texts.extend(col);
    }
    py.detach(|| crate::pool::install(None, || work(&texts)))
        .map_err(|e| to_pyerr(py, e))?
        .map_err(|e| to_pyerr(py, e))
}

/// One nullable column as a batch.
fn column_batch(name: &str, a: ArrayRef) -> PyResult<ArrowBatch> {
    let field = arrow_schema::Field::new(name, a.data_type().clone(), true);
    let schema = Arc::new(arrow_schema::Schema::new(vec![field]));
    RecordBatch::try_new(schema, vec![a])
        .map(ArrowBatch::one)
        .map_err(arrow_err)
}

/// The counted tokens of every text of `table` (first column), as a list column (`None` for
/// a null text).
#[pyfunction]
fn cut_texts(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    options: &PyTokenOptions,
) -> PyResult<ArrowBatch> {
    let (seg, opts) = (&segmenter.inner, &options.opts);
    let lists = with_texts(py, table, |texts| {
        Ok(features::columns::cut_column(texts, seg, opts))
    })?;
    column_batch("tokens", lists)
}

/// Every text of `table` (first column) normalised as the segmenter sees it for `script`.
#[pyfunction]
fn normalize_texts(py: Python<'_>, table: &Bound<'_, PyAny>, script: &str) -> PyResult<ArrowBatch> {
    let conv = ScriptMode::parse(script)
        .map_err(|e| to_pyerr(py, e))?
        .conversion();
    let out = with_texts(py, table, |texts| {
        Ok(features::columns::normalize_column(texts, conv))
    })?;
    column_batch("text", out)
}

/// The writing system of every text of `table` (first column).
#[pyfunction]
fn detect_scripts(py: Python<'_>, table: &Bound<'_, PyAny>) -> PyResult<ArrowBatch> {
    let out = with_texts(py, table, |texts| {
        Ok(features::columns::script_column(texts))
    })?;
    column_batch("script", out)
}

/// A CSR matrix as two batches: `indptr`, and `indices` with `data`.
fn csr_batches(m: vz::Csr) -> PyResult<(ArrowBatch, ArrowBatch)> {
    Ok((
        batch(vec![("indptr", i64s(m.indptr))])?,
        batch(vec![
            (
                "indices",
                Arc::new(arrow_array::Int32Array::from(m.indices)) as ArrayRef,
            ),
            ("data", i64s(m.data)),
        ])?,
    ))
}

type CsrParts = (ArrowBatch, ArrowBatch);

/// Learn a vocabulary of token n-grams from the texts of `table` (first column) and prune it
/// (`min_df`, `max_df` in documents): the kept terms, ascending, and with `matrix` the counts
/// over them.
#[pyfunction]
#[pyo3(signature = (table, segmenter, options, *, ngram_range, binary, min_df, max_df, max_features, matrix))]
#[allow(clippy::too_many_arguments)]
fn vectorize_fit(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    options: &PyTokenOptions,
    ngram_range: (usize, usize),
    binary: bool,
    min_df: f64,
    max_df: f64,
    max_features: Option<usize>,
    matrix: bool,
) -> PyResult<(Vec<String>, Option<CsrParts>)> {
    let range = NgramRange::new(ngram_range.0, ngram_range.1).map_err(|e| to_pyerr(py, e))?;
    let seg = &segmenter.inner;
    let opts = &options.opts;
    let (vocab, m) = with_texts(py, table, |texts| {
        vz::count_all(texts, seg, opts, range, binary).prune(Pruning {
            min_df,
            max_df,
            max_features,
        })
    })?;
    let vocab = vocab.into_iter().map(String::from).collect();
    Ok((vocab, if matrix { Some(csr_batches(m)?) } else { None }))
}

/// Counts of the n-grams of a fixed vocabulary (terms in column order) in the texts of `table`
/// (first column).
#[pyfunction]
#[pyo3(signature = (table, segmenter, options, *, ngram_range, binary, vocabulary))]
fn vectorize_transform(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    options: &PyTokenOptions,
    ngram_range: (usize, usize),
    binary: bool,
    vocabulary: Vec<String>,
) -> PyResult<CsrParts> {
    let range = NgramRange::new(ngram_range.0, ngram_range.1).map_err(|e| to_pyerr(py, e))?;
    let seg = &segmenter.inner;
    let opts = &options.opts;
    let m = with_texts(py, table, |texts| {
        let index = vz::vocabulary_index(&vocabulary)?;
        Ok(vz::count_fixed(texts, seg, opts, range, &index, binary))
    })?;
    csr_batches(m)
}

// ---------------------------------------------------------------------------------------------
// The corpus: tokenized once, asked many questions.

use crate::features::corpus::{Corpus, Row};

/// A corpus held in Rust memory; `xinwen.Corpus` wraps it with the documents' columns.
#[pyclass(frozen, name = "Corpus", module = "xinwen._core")]
pub struct PyCorpus {
    inner: Arc<Corpus>,
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> PyResult<ArrowBatch> {
    let fields: Vec<arrow_schema::Field> = columns
        .iter()
        .map(|(name, a)| arrow_schema::Field::new(*name, a.data_type().clone(), false))
        .collect();
    let schema = Arc::new(arrow_schema::Schema::new(fields));
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(schema, arrays)
        .map(ArrowBatch::one)
        .map_err(arrow_err)
}

fn u32s(v: impl IntoIterator<Item = u32>) -> ArrayRef {
    Arc::new(arrow_array::UInt32Array::from_iter_values(v))
}

fn i64s(v: impl IntoIterator<Item = i64>) -> ArrayRef {
    Arc::new(arrow_array::Int64Array::from_iter_values(v))
}

fn strs<'a>(v: impl IntoIterator<Item = &'a str>) -> ArrayRef {
    Arc::new(arrow_array::StringViewArray::from_iter_values(v))
}

impl PyCorpus {
    /// Positions into `rows` for the rows the core reports (`rows` given: the k-th of them).
    fn position(rows: &Option<Vec<Row>>) -> impl Fn(Row) -> u32 + '_ {
        let index: Option<rustc_hash::FxHashMap<Row, u32>> = rows
            .as_ref()
            .map(|r| r.iter().enumerate().map(|(k, &d)| (d, k as u32)).collect());
        move |d| {
            index
                .as_ref()
                .map_or(d, |m| m.get(&d).copied().unwrap_or(u32::MAX))
        }
    }

    fn check_rows(&self, py: Python<'_>, rows: &Option<Vec<Row>>) -> PyResult<()> {
        let n = self.inner.len();
        if let Some(bad) = rows
            .as_ref()
            .and_then(|r| r.iter().find(|&&d| d as usize >= n))
        {
            return Err(to_pyerr(
                py,
                XinwenError::InvalidArgument(format!(
                    "row {bad} is not in a corpus of {n} documents"
                )),
            ));
        }
        Ok(())
    }
}

#[pymethods]
impl PyCorpus {
    /// Tokenize `table` (columns: id, text) once.
    #[new]
    #[pyo3(signature = (table, segmenter, options, progress=None))]
    fn new(
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        segmenter: &PySegmenter,
        options: TokenArgs,
        progress: Option<&PyProgress>,
    ) -> PyResult<Self> {
        let mut opts = options.spec(py)?.options();
        opts.progress = progress.map(|p| p.inner.clone());
        let seg = &segmenter.inner;
        let corpus = with_docs(py, table, |docs| Ok(Corpus::build(docs, seg, &opts)))?;
        Ok(PyCorpus {
            inner: Arc::new(corpus),
        })
    }

    /// A corpus from saved parts: the terms (ids are positions) and a table of sentences
    /// (columns `_row` u32, `terms` list of u32) sorted by row, for `n_docs` documents.
    #[staticmethod]
    fn from_sentences(
        py: Python<'_>,
        terms: Vec<String>,
        table: &Bound<'_, PyAny>,
        n_docs: usize,
    ) -> PyResult<Self> {
        let batches = import_stream(table)?;
        let corpus = py
            .detach(|| -> Result<Corpus, XinwenError> {
                let mut docs: Vec<Vec<Vec<u32>>> = vec![Vec::new(); n_docs];
                for b in &batches {
                    let bad = || {
                        XinwenError::InvalidArgument(
                            "the sentence table needs columns _row (u32) and terms (list of u32)"
                                .into(),
                        )
                    };
                    let rows = b
                        .column_by_name("_row")
                        .and_then(|a| a.as_primitive_opt::<arrow_array::types::UInt32Type>())
                        .ok_or_else(bad)?;
                    let lists = b.column_by_name("terms").ok_or_else(bad)?;
                    let lists: Vec<Vec<u32>> = if let Some(l) = lists.as_list_opt::<i64>() {
                        (0..l.len())
                            .map(|i| {
                                l.value(i)
                                    .as_primitive_opt::<arrow_array::types::UInt32Type>()
                                    .map(|v| v.values().to_vec())
                                    .unwrap_or_default()
                            })
                            .collect()
                    } else if let Some(l) = lists.as_list_opt::<i32>() {
                        (0..l.len())
                            .map(|i| {
                                l.value(i)
                                    .as_primitive_opt::<arrow_array::types::UInt32Type>()
                                    .map(|v| v.values().to_vec())
                                    .unwrap_or_default()
                            })
                            .collect()
                    } else {
                        return Err(bad());
                    };
                    for (r, ts) in rows.values().iter().zip(lists) {
                        let d = docs.get_mut(*r as usize).ok_or_else(|| {
                            XinwenError::InvalidArgument(format!(
                                "row {r} is beyond the {n_docs} documents"
                            ))
                        })?;
                        d.push(ts);
                    }
                }
                Corpus::from_sentences(terms, docs)
            })
            .map_err(|e| to_pyerr(py, e))?;
        Ok(PyCorpus {
            inner: Arc::new(corpus),
        })
    }

    /// Corpora one after the other, vocabularies merged.
    #[staticmethod]
    fn concat(py: Python<'_>, parts: Vec<PyRef<'_, PyCorpus>>) -> Self {
        let owned: Vec<Corpus> = parts.iter().map(|p| (*p.inner).clone()).collect();
        let c = py.detach(|| Corpus::concat(owned));
        PyCorpus { inner: Arc::new(c) }
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn n_tokens(&self) -> usize {
        self.inner.n_tokens()
    }

    fn bytes_per_token(&self) -> f64 {
        self.inner.bytes_per_token()
    }

    /// The corpus of `rows` only, renumbered in that order.
    fn select(&self, py: Python<'_>, rows: Vec<Row>) -> PyResult<Self> {
        self.check_rows(py, &Some(rows.clone()))?;
        let c = py.detach(|| self.inner.select(&rows));
        Ok(PyCorpus { inner: Arc::new(c) })
    }

    /// All terms, by id.
    fn terms(&self) -> Vec<String> {
        self.inner.terms().iter().map(|t| t.to_string()).collect()
    }

    /// Ids of terms (`None` for a term the corpus never saw).
    fn term_ids(&self, terms: Vec<String>) -> Vec<Option<u32>> {
        terms.iter().map(|t| self.inner.id(t)).collect()
    }

    /// Terms with their documents and tokens over `rows` (those that occur there).
    #[pyo3(signature = (rows=None))]
    fn vocabulary(&self, py: Python<'_>, rows: Option<Vec<Row>>) -> PyResult<ArrowBatch> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let (tf, df) = py
            .detach(|| {
                crate::pool::install(None, || {
                    (c.term_totals(rows.as_deref()), c.doc_freqs(rows.as_deref()))
                })
            })
            .map_err(|e| to_pyerr(py, e))?;
        let ids: Vec<u32> = (0..tf.len() as u32)
            .filter(|&i| tf[i as usize] > 0)
            .collect();
        batch(vec![
            ("term", strs(ids.iter().map(|&i| c.term(i)))),
            ("docs", i64s(ids.iter().map(|&i| i64::from(df[i as usize])))),
            ("count", i64s(ids.iter().map(|&i| tf[i as usize] as i64))),
        ])
    }

    /// The `top` most frequent terms over `rows`.
    #[pyo3(signature = (rows, top))]
    fn top_terms(
        &self,
        py: Python<'_>,
        rows: Option<Vec<Row>>,
        top: usize,
    ) -> PyResult<Vec<String>> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let t = py
            .detach(|| crate::pool::install(None, || c.top_terms(rows.as_deref(), top)))
            .map_err(|e| to_pyerr(py, e))?;
        Ok(t.into_iter()
            .map(|(id, _)| c.term(id).to_string())
            .collect())
    }

    /// Counts of `terms` per document of `rows` and every document's tokens: two tables,
    /// `(_row, term, count)` and `(_row, tokens)`, `_row` the position in `rows`.
    #[pyo3(signature = (rows, terms))]
    fn term_doc_counts(
        &self,
        py: Python<'_>,
        rows: Option<Vec<Row>>,
        terms: Vec<String>,
    ) -> PyResult<(ArrowBatch, ArrowBatch)> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let ids: Vec<Option<u32>> = terms.iter().map(|t| c.id(t)).collect();
        let (counts, lengths) = py
            .detach(|| crate::pool::install(None, || c.term_doc_counts(rows.as_deref(), &ids)))
            .map_err(|e| to_pyerr(py, e))?;
        let pos = Self::position(&rows);
        Ok((
            batch(vec![
                ("_row", u32s(counts.iter().map(|x| pos(x.0)))),
                (
                    "term",
                    strs(
                        counts
                            .iter()
                            .map(|x| terms.get(x.1 as usize).map_or("", String::as_str)),
                    ),
                ),
                ("count", i64s(counts.iter().map(|x| i64::from(x.2)))),
            ])?,
            batch(vec![
                ("_row", u32s(lengths.iter().map(|x| pos(x.0)))),
                ("tokens", i64s(lengths.iter().map(|x| x.1 as i64))),
            ])?,
        ))
    }

    /// Per-document counts over `rows`: `(_row, term, count)`, terms in order of first
    /// occurrence in each document.
    #[pyo3(signature = (rows=None))]
    fn doc_term_counts(&self, py: Python<'_>, rows: Option<Vec<Row>>) -> PyResult<ArrowBatch> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let out = py
            .detach(|| crate::pool::install(None, || c.doc_term_counts(rows.as_deref(), None)))
            .map_err(|e| to_pyerr(py, e))?;
        let pos = Self::position(&rows);
        batch(vec![
            ("_row", u32s(out.iter().map(|x| pos(x.0)))),
            ("term", strs(out.iter().map(|x| c.term(x.1)))),
            ("count", i64s(out.iter().map(|x| i64::from(x.2)))),
        ])
    }

    /// Tokens per term over `rows` (terms that occur).
    #[pyo3(signature = (rows=None))]
    fn totals(&self, py: Python<'_>, rows: Option<Vec<Row>>) -> PyResult<ArrowBatch> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let tf = py
            .detach(|| crate::pool::install(None, || c.term_totals(rows.as_deref())))
            .map_err(|e| to_pyerr(py, e))?;
        let ids: Vec<u32> = (0..tf.len() as u32)
            .filter(|&i| tf[i as usize] > 0)
            .collect();
        batch(vec![
            ("term", strs(ids.iter().map(|&i| c.term(i)))),
            ("count", i64s(ids.iter().map(|&i| tf[i as usize] as i64))),
        ])
    }

    /// Tokens per term in two groups of rows (a keyness's target and reference): `(term, a,
    /// b)` for the terms of either.
    #[pyo3(signature = (target, reference))]
    fn two_totals(
        &self,
        py: Python<'_>,
        target: Vec<Row>,
        reference: Vec<Row>,
    ) -> PyResult<ArrowBatch> {
        let (t, r) = (Some(target), Some(reference));
        self.check_rows(py, &t)?;
        self.check_rows(py, &r)?;
        let c = &self.inner;
        let (a, b) = py
            .detach(|| {
                crate::pool::install(None, || {
                    (c.term_totals(t.as_deref()), c.term_totals(r.as_deref()))
                })
            })
            .map_err(|e| to_pyerr(py, e))?;
        let ids: Vec<u32> = (0..a.len() as u32)
            .filter(|&i| a[i as usize] + b[i as usize] > 0)
            .collect();
        batch(vec![
            ("term", strs(ids.iter().map(|&i| c.term(i)))),
            ("a", i64s(ids.iter().map(|&i| a[i as usize] as i64))),
            ("b", i64s(ids.iter().map(|&i| b[i as usize] as i64))),
        ])
    }

    /// Co-occurring pairs over `rows`, and how many windows were cut at the window cap.
    #[pyo3(signature = (rows, *, window, min_count, focus))]
    fn cooccurrence(
        &self,
        py: Python<'_>,
        rows: Option<Vec<Row>>,
        window: &str,
        min_count: u64,
        focus: Option<Vec<String>>,
    ) -> PyResult<(ArrowBatch, u64)> {
        self.check_rows(py, &rows)?;
        let window = features::cooc::Window::parse(window).map_err(|e| to_pyerr(py, e))?;
        let co = features::cooc::CoocOptions {
            window,
            min_count,
            focus,
        };
        let c = &self.inner;
        let (pairs, cut) = py
            .detach(|| {
                crate::pool::install(None, || {
                    (
                        c.cooccurrence_ids(rows.as_deref(), &co),
                        c.long_windows(rows.as_deref(), window),
                    )
                })
            })
            .map_err(|e| to_pyerr(py, e))?;
        let b = crate::arrow_out::cooc_ids_to_batch(&pairs, |t| c.term(t)).map_err(arrow_err)?;
        Ok((ArrowBatch::one(b), cut))
    }

    /// The window counts of co-occurrence with `focus` over `rows`, no `min_count` applied:
    /// `(term_a, term_b, count)` per focus pair, `(term, windows)` per term, the windows, and
    /// how many were cut at the window cap.
    #[pyo3(signature = (rows, *, window, focus))]
    fn focus_counts(
        &self,
        py: Python<'_>,
        rows: Option<Vec<Row>>,
        window: &str,
        focus: Vec<String>,
    ) -> PyResult<(ArrowBatch, ArrowBatch, u64, u64)> {
        self.check_rows(py, &rows)?;
        let window = features::cooc::Window::parse(window).map_err(|e| to_pyerr(py, e))?;
        let c = &self.inner;
        let (first, cut) = py
            .detach(|| {
                crate::pool::install(None, || {
                    (
                        c.focus_counts(rows.as_deref(), window, &focus),
                        c.long_windows(rows.as_deref(), window),
                    )
                })
            })
            .map_err(|e| to_pyerr(py, e))?;
        let pairs: Vec<_> = first.pairs.iter().collect();
        let ids: Vec<u32> = (0..first.counts.len() as u32)
            .filter(|&i| first.counts[i as usize] > 0)
            .collect();
        Ok((
            batch(vec![
                ("term_a", strs(pairs.iter().map(|p| c.term(p.0 .0)))),
                ("term_b", strs(pairs.iter().map(|p| c.term(p.0 .1)))),
                ("count", i64s(pairs.iter().map(|p| *p.1 as i64))),
            ])?,
            batch(vec![
                ("term", strs(ids.iter().map(|&i| c.term(i)))),
                (
                    "windows",
                    i64s(ids.iter().map(|&i| first.counts[i as usize] as i64)),
                ),
            ])?,
            first.n,
            cut,
        ))
    }

    /// A CSR matrix of `rows` × terms with `lo <= documents <= hi`: the vocabulary (ascending)
    /// and a table of `indptr` and one of `indices`, `data`.
    #[pyo3(signature = (rows, lo, hi))]
    fn csr(
        &self,
        py: Python<'_>,
        rows: Option<Vec<Row>>,
        lo: f64,
        hi: f64,
    ) -> PyResult<(Vec<String>, ArrowBatch, ArrowBatch)> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let (vocab, indptr, indices, data) = py
            .detach(|| crate::pool::install(None, || c.csr(rows.as_deref(), lo, hi)))
            .map_err(|e| to_pyerr(py, e))?;
        Ok((
            vocab.iter().map(|&t| c.term(t).to_string()).collect(),
            batch(vec![("indptr", i64s(indptr))])?,
            batch(vec![
                (
                    "indices",
                    Arc::new(arrow_array::Int32Array::from(indices)) as ArrayRef,
                ),
                ("data", i64s(data)),
            ])?,
        ))
    }

    /// Every sentence of `rows` as its term ids: `(_row, terms)`, for saving.
    #[pyo3(signature = (rows=None))]
    fn sentences(&self, py: Python<'_>, rows: Option<Vec<Row>>) -> PyResult<ArrowBatch> {
        self.check_rows(py, &rows)?;
        let c = &self.inner;
        let all: Vec<Row> = rows
            .clone()
            .unwrap_or_else(|| (0..c.len() as Row).collect());
        let mut row_col = Vec::new();
        let mut lists =
            arrow_array::builder::LargeListBuilder::new(arrow_array::builder::UInt32Builder::new());
        for (k, &d) in all.iter().enumerate() {
            let toks = c.doc(d);
            for (s, e) in c.sentences(d) {
                row_col.push(k as u32);
                lists.values().append_slice(toks.get(s..e).unwrap_or(&[]));
                lists.append(true);
            }
        }
        let lists = lists.finish();
        let field = arrow_schema::Field::new("terms", lists.data_type().clone(), false);
        let schema = Arc::new(arrow_schema::Schema::new(vec![
            arrow_schema::Field::new("_row", DataType::UInt32, false),
            field,
        ]));
        RecordBatch::try_new(schema, vec![u32s(row_col), Arc::new(lists)])
            .map(ArrowBatch::one)
            .map_err(arrow_err)
    }
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<ArrowBatch>()?;
    m.add_class::<PySegmenter>()?;
    m.add_class::<PyProgress>()?;
    m.add_function(wrap_pyfunction!(default_segmenter, m)?)?;
    m.add_function(wrap_pyfunction!(default_aliases, m)?)?;
    m.add_function(wrap_pyfunction!(default_stopwords, m)?)?;
    m.add_function(wrap_pyfunction!(parse_user_dict, m)?)?;
    m.add_function(wrap_pyfunction!(convert_script, m)?)?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(term_counts, m)?)?;
    m.add_function(wrap_pyfunction!(keywords, m)?)?;
    m.add_function(wrap_pyfunction!(kwic, m)?)?;
    m.add_function(wrap_pyfunction!(quotes, m)?)?;
    m.add_class::<PyTokenOptions>()?;
    m.add_function(wrap_pyfunction!(cut_texts, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_texts, m)?)?;
    m.add_function(wrap_pyfunction!(detect_scripts, m)?)?;
    m.add_function(wrap_pyfunction!(vectorize_fit, m)?)?;
    m.add_function(wrap_pyfunction!(vectorize_transform, m)?)?;
    m.add_function(wrap_pyfunction!(duplicates, m)?)?;
    m.add_function(wrap_pyfunction!(dedup_normalize, m)?)?;
    m.add_function(wrap_pyfunction!(expand_sources, m)?)?;
    m.add_class::<PyDocuments>()?;
    m.add_class::<PyCorpus>()?;
    m.add_function(wrap_pyfunction!(read_articles, m)?)?;
    m.add_function(wrap_pyfunction!(walk_ranges, m)?)?;
    m.add_function(wrap_pyfunction!(set_threads, m)?)?;
    m.add_function(wrap_pyfunction!(get_threads, m)?)?;
    m.add_function(wrap_pyfunction!(cooc_measures, m)?)?;
    Ok(())
}
