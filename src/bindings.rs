//! The `xinwen._core` extension module: the only place that knows about Python.
//!
//! Work runs with the GIL released; results cross as Arrow through the PyCapsule interface;
//! core errors become the named exceptions of `xinwen.errors`.

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use arrow_schema::ffi::FFI_ArrowSchema;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::error::XinwenError;
use crate::ingest::{self, source, ReadOptions};

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

/// An Arrow record batch that Python libraries (Polars, PyArrow, DuckDB) import without a copy
/// through `__arrow_c_stream__`.
#[pyclass(frozen, module = "xinwen._core")]
pub struct ArrowBatch {
    batch: RecordBatch,
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
        let schema = self.batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// Export the schema (PyCapsule named `arrow_schema`).
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.batch.schema().as_ref())
            .map_err(|e| PyRuntimeError::new_err(format!("cannot export the Arrow schema: {e}")))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "ArrowBatch(rows={}, columns={})",
            self.batch.num_rows(),
            self.batch.num_columns()
        )
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

/// Read files into an Arrow batch of articles (one row per file).
#[pyfunction]
#[pyo3(signature = (sources, *, timezone, threads, max_bytes))]
fn read_articles(
    py: Python<'_>,
    sources: Vec<String>,
    timezone: &str,
    threads: Option<usize>,
    max_bytes: u64,
) -> PyResult<ArrowBatch> {
    let mut opts = ReadOptions::new(timezone).map_err(|e| to_pyerr(py, e))?;
    opts.threads = threads;
    opts.max_bytes = max_bytes;
    let batch = py
        .detach(|| -> Result<RecordBatch, XinwenError> {
            let paths = source::expand(&sources)?;
            let articles = ingest::read_paths(&paths, &opts)?;
            crate::arrow_out::articles_to_batch(&articles)
                .map_err(|e| XinwenError::Io(format!("cannot build the Arrow batch: {e}")))
        })
        .map_err(|e| to_pyerr(py, e))?;
    Ok(ArrowBatch { batch })
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<ArrowBatch>()?;
    m.add_function(wrap_pyfunction!(expand_sources, m)?)?;
    m.add_function(wrap_pyfunction!(read_articles, m)?)?;
    Ok(())
}
