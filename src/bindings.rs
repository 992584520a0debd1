//! The `xinwen._core` extension module: the only place that knows about Python.
//!
//! Work runs with the GIL released; results cross as Arrow through the PyCapsule interface;
//! core errors become the named exceptions of `xinwen.errors`.

use std::collections::BTreeMap;
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
use crate::segment::{
    self as seg, normalize_stopwords, Mode, ScriptMode, StopwordChoice, TokenizeOptions,
};

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
fn expand_sources(py: Python<'_>, sources: Vec<String>) -> PyResult<Vec<String>> {
    let paths = py
        .detach(|| source::expand(&sources))
        .map_err(|e| to_pyerr(py, e))?;
    Ok(paths
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect())
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
    #[new]
    #[pyo3(signature = (sources, *, timezone, threads, max_bytes))]
    fn new(
        py: Python<'_>,
        sources: Vec<String>,
        timezone: &str,
        threads: Option<usize>,
        max_bytes: u64,
    ) -> PyResult<Self> {
        let opts = read_options(py, timezone, threads, max_bytes)?;
        let docs = py
            .detach(|| Documents::walk(&sources, max_bytes))
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
    sources: Vec<String>,
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

/// Convert texts to simplified (`"hans"`) or traditional (`"hant"`) characters with the OpenCC
/// tables (used by tests and benchmarks to compare the two scripts).
#[pyfunction]
fn convert_script(py: Python<'_>, texts: Vec<String>, target: &str) -> PyResult<Vec<String>> {
    let variant = match target {
        "hans" => zhconv::Variant::ZhHans,
        "hant" => zhconv::Variant::ZhHant,
        _ => {
            return Err(to_pyerr(
                py,
                XinwenError::InvalidArgument(format!(
                    "unknown target {target:?}: expected one of 'hans', 'hant'"
                )),
            ))
        }
    };
    Ok(py.detach(|| {
        let conv = zhconv::get_builtin_converter(variant);
        texts.iter().map(|t| conv.convert(t)).collect()
    }))
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

fn token_options(
    py: Python<'_>,
    mode: &str,
    pos: bool,
    keep_punct: bool,
    script: Option<&str>,
    stopwords: Option<Vec<String>>,
    segmenter_stopwords: bool,
) -> PyResult<TokenizeOptions> {
    let mode = Mode::parse(mode).map_err(|e| to_pyerr(py, e))?;
    let script = script
        .map(ScriptMode::parse)
        .transpose()
        .map_err(|e| to_pyerr(py, e))?;
    let stopwords = match (segmenter_stopwords, stopwords) {
        (true, _) => StopwordChoice::Segmenter,
        (false, None) => StopwordChoice::Off,
        (false, Some(words)) => StopwordChoice::Custom(Arc::new(normalize_stopwords(&words))),
    };
    Ok(TokenizeOptions {
        mode,
        pos,
        keep_punct,
        script,
        stopwords,
        progress: None,
    })
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
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (table, segmenter, *, mode, pos, keep_punct, script, stopwords, segmenter_stopwords, progress=None))]
fn tokenize(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    mode: &str,
    pos: bool,
    keep_punct: bool,
    script: Option<&str>,
    stopwords: Option<Vec<String>>,
    segmenter_stopwords: bool,
    progress: Option<&PyProgress>,
) -> PyResult<ArrowBatch> {
    let mut opts = token_options(
        py,
        mode,
        pos,
        keep_punct,
        script,
        stopwords,
        segmenter_stopwords,
    )?;
    opts.progress = progress.map(|p| p.inner.clone());
    let seg = &segmenter.inner;
    let out = with_docs(py, table, |docs| features::token_batches(docs, seg, &opts))?;
    Ok(ArrowBatch {
        schema: crate::arrow_out::token_schema(pos),
        batches: out,
    })
}

/// Per-document term counts of `table` (columns: id, text).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (table, segmenter, *, mode, keep_punct, script, stopwords, segmenter_stopwords, progress=None))]
fn term_counts(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    mode: &str,
    keep_punct: bool,
    script: Option<&str>,
    stopwords: Option<Vec<String>>,
    segmenter_stopwords: bool,
    progress: Option<&PyProgress>,
) -> PyResult<ArrowBatch> {
    let mut opts = token_options(
        py,
        mode,
        false,
        keep_punct,
        script,
        stopwords,
        segmenter_stopwords,
    )?;
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
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (table, segmenter, *, method, idf, top_k, script, stopwords, segmenter_stopwords))]
fn keywords(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    method: &str,
    idf: &str,
    top_k: usize,
    script: Option<&str>,
    stopwords: Option<Vec<String>>,
    segmenter_stopwords: bool,
) -> PyResult<ArrowBatch> {
    let method = kw::Method::parse(method).map_err(|e| to_pyerr(py, e))?;
    let idf = kw::Idf::parse(idf).map_err(|e| to_pyerr(py, e))?;
    let opts = token_options(
        py,
        "accurate",
        false,
        false,
        script,
        stopwords,
        segmenter_stopwords,
    )?;
    let seg = &segmenter.inner;
    let batch = with_docs(py, table, |docs| {
        let found = kw::keywords(docs, seg, &opts, method, idf, top_k);
        let rows: Vec<(&str, Vec<(String, f64)>)> = docs.iter().map(|d| d.id).zip(found).collect();
        crate::arrow_out::keywords_to_batch(&rows)
    })?;
    Ok(ArrowBatch::one(batch))
}

/// Counts of chosen terms per document, and document lengths (columns of `table`: id, text).
/// With `terms=None`, the `top` most frequent terms are chosen. Returns (terms, counts, lengths).
#[pyfunction]
#[pyo3(signature = (table, segmenter, *, terms, top, progress=None))]
fn term_doc_counts(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    terms: Option<Vec<String>>,
    top: usize,
    progress: Option<&PyProgress>,
) -> PyResult<(Vec<String>, ArrowBatch, ArrowBatch)> {
    let seg = &segmenter.inner;
    let opts = TokenizeOptions {
        progress: progress.map(|p| p.inner.clone()),
        ..TokenizeOptions::default()
    };
    let (terms, counts, lengths) = with_docs(py, table, |docs| {
        let terms = match terms {
            Some(t) => t,
            None => features::trend::top_terms(docs, seg, &opts, top)
                .into_iter()
                .map(|(t, _)| t)
                .collect(),
        };
        features::trend::term_doc_counts(docs, seg, &opts, &terms).map(|(c, l)| (terms, c, l))
    })?;
    Ok((
        terms,
        ArrowBatch {
            schema: crate::arrow_out::term_count_schema(),
            batches: counts,
        },
        ArrowBatch {
            schema: crate::arrow_out::doc_length_schema(),
            batches: lengths,
        },
    ))
}

/// Co-occurring pairs in windows of `table` (columns: id, text).
#[pyfunction]
#[pyo3(signature = (table, segmenter, *, window, min_count, focus, progress=None))]
fn cooccurrence(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    segmenter: &PySegmenter,
    window: &str,
    min_count: u64,
    focus: Option<Vec<String>>,
    progress: Option<&PyProgress>,
) -> PyResult<ArrowBatch> {
    let opts = TokenizeOptions {
        progress: progress.map(|p| p.inner.clone()),
        ..TokenizeOptions::default()
    };
    let window = features::cooc::Window::parse(window).map_err(|e| to_pyerr(py, e))?;
    let seg = &segmenter.inner;
    let co = features::cooc::CoocOptions {
        window,
        min_count,
        focus,
    };
    let batch = with_docs(py, table, |docs| {
        let pairs = features::cooc::cooccurrence(docs, seg, &opts, &co);
        crate::arrow_out::cooc_to_batch(&pairs)
    })?;
    Ok(ArrowBatch::one(batch))
}

/// Keyword-in-context hits in `table` (columns: id, text): literal `patterns`, or one regular
/// expression when `regex` is true.
#[pyfunction]
#[pyo3(signature = (table, patterns, *, regex, window))]
fn kwic(
    py: Python<'_>,
    table: &Bound<'_, PyAny>,
    patterns: Vec<String>,
    regex: bool,
    window: usize,
) -> PyResult<ArrowBatch> {
    let m = if regex {
        features::kwic::Matcher::regex(patterns.first().map_or("", String::as_str))
    } else {
        features::kwic::Matcher::literal(&patterns)
    }
    .map_err(|e| to_pyerr(py, e))?;
    let batch = with_docs(py, table, |docs| features::kwic::kwic(docs, &m, window))?;
    Ok(ArrowBatch::one(batch))
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
    m.add_function(wrap_pyfunction!(term_doc_counts, m)?)?;
    m.add_function(wrap_pyfunction!(cooccurrence, m)?)?;
    m.add_function(wrap_pyfunction!(kwic, m)?)?;
    m.add_function(wrap_pyfunction!(expand_sources, m)?)?;
    m.add_class::<PyDocuments>()?;
    m.add_function(wrap_pyfunction!(read_articles, m)?)?;
    Ok(())
}
