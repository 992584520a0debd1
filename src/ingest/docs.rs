//! Documents instead of files: the sources' plain files as themselves, and their archives (see
//! [`archive`]) as the members inside, read without unpacking anything to disk.
//!
//! A member is named `archive!member` in the `path` column and is read like the same file
//! unpacked: its `doc_id` hashes its bytes, and its file name and folder give dates and outlets.
//! Records and members an archive passes over (WARC requests, images, directories, ...) are
//! counted by reason, not rows.
//!
//! Archives are opened one at a time when the walk reaches them and read sequentially (a
//! compressed stream cannot be read any other way), on one thread that runs ahead of the parsing;
//! the documents it has read are parsed in parallel meanwhile ([`read_next`]). Memory holds at
//! most a few chunks of members, whatever the size of the archive.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::archive::{self, Entry, Hints};
use super::source::{path_key, Range, Walk};
use super::{path_id, read_file, Article, ReadOptions};
use crate::error::{Result, XinwenError};
use crate::progress::Progress;

/// Between an archive's path and a member's name in the `path` column: `crawl.warc.gz!http://...`.
pub const MEMBER_SEPARATOR: char = '!';

/// Most members read ahead of the parsing, and most bytes of them: bounds the memory a large
/// archive takes while keeping the parallel stage busy.
const CHUNK_MEMBERS: usize = 256;
const CHUNK_BYTES: usize = 32 << 20;

/// One document to read.
#[derive(Debug)]
pub enum Document {
    /// A plain file: its bytes are read when it is parsed, in the parallel stage.
    File(PathBuf),
    /// A member of an archive, its bytes already read.
    Member {
        /// `archive!member`, as the `path` column shows it.
        path: String,
        /// Where the member would lie once unpacked (the archive's folder, its stem, the member's
        /// name): its file name and folder are read for dates and outlets like a loose file's.
        label: PathBuf,
        /// The payload, or why it could not be read.
        bytes: std::result::Result<Vec<u8>, String>,
        /// What the archive said about the document.
        hints: Hints,
    },
    /// An archive that could not be opened: one error row named by its path.
    Unopenable { path: String, why: String },
}

impl Document {
    /// The document as the `path` column shows it.
    pub fn path(&self) -> Cow<'_, str> {
        match self {
            Document::File(p) => p.to_string_lossy(),
            Document::Member { path, .. } | Document::Unopenable { path, .. } => {
                Cow::Borrowed(path)
            }
        }
    }

    /// Bytes this document holds in memory until it is parsed.
    fn held(&self) -> usize {
        match self {
            Document::Member {
                bytes: Ok(bytes), ..
            } => bytes.len(),
            _ => 0,
        }
    }
}

/// Read one document into its article. Never fails: what cannot be read is an error row.
pub fn read_document(doc: Document, opts: &ReadOptions) -> Article {
    match doc {
        Document::File(path) => read_file(&path, opts),
        Document::Member {
            path,
            label,
            bytes: Ok(bytes),
            hints,
        } => super::parse_document(&path, &label, &bytes, &hints, opts),
        Document::Member {
            path,
            bytes: Err(why),
            ..
        }
        | Document::Unopenable { path, why } => {
            let id = path_id(&path);
            Article::failed_named(&path, id, why)
        }
    }
}

/// Where the files come from.
enum Files {
    /// Listed beforehand (sorted, as `read_articles` reads them).
    Listed(std::vec::IntoIter<PathBuf>),
    /// Walked lazily, for archives too large to list.
    Walked(Box<Walk>),
}

/// The archive being read.
struct Open {
    /// `archive!`, the start of each member's path.
    prefix: String,
    /// The folder the archive would unpack into (`news/DW.zip` → `news/DW`).
    folder: PathBuf,
    entries: archive::Entries,
}

/// The documents of the sources, in order: each plain file at its place, each archive's members in
/// archive order at the archive's place.
pub struct Documents {
    files: Files,
    /// Plain files counted before reading (listed sources), so that only what archives hold adds
    /// to a progress total.
    planned: Option<u64>,
    open: Option<Open>,
    max_bytes: u64,
    skip: FxHashSet<u128>,
    given: u64,
    skipped: u64,
    passed_over: BTreeMap<&'static str, u64>,
}

impl Documents {
    fn with_files(files: Files, planned: Option<u64>, max_bytes: u64) -> Documents {
        Documents {
            files,
            planned,
            open: None,
            max_bytes,
            skip: FxHashSet::default(),
            given: 0,
            skipped: 0,
            passed_over: BTreeMap::new(),
        }
    }

    /// The documents of files listed beforehand, in their order (duplicates kept). Members over
    /// `max_bytes` are error rows.
    pub fn listed(paths: Vec<PathBuf>, max_bytes: u64) -> Documents {
        let plain = paths
            .iter()
            .filter(|p| archive::kind_of(p).is_none())
            .count();
        Documents::with_files(
            Files::Listed(paths.into_iter()),
            Some(plain as u64),
            max_bytes,
        )
    }

    /// The documents of sources walked as they are read (see [`Walk`]); specs that match nothing
    /// fail here, before any work.
    pub fn walk(specs: &[PathBuf], max_bytes: u64) -> Result<Documents> {
        let walk = Walk::new(specs)?;
        Ok(Documents::with_files(
            Files::Walked(Box::new(walk)),
            None,
            max_bytes,
        ))
    }

    /// The documents of one [`Range`] of [`Walk::ranges`] over the same specs.
    pub fn within(
        specs: &[std::path::PathBuf],
        range: &Range,
        max_bytes: u64,
    ) -> Result<Documents> {
        let walk = Walk::within(specs, range)?;
        Ok(Documents::with_files(
            Files::Walked(Box::new(walk)),
            None,
            max_bytes,
        ))
    }

    /// How many documents are known before reading (the plain files of listed sources): the
    /// starting total of a progress bar, which the members of archives then add to.
    pub fn planned(&self) -> u64 {
        self.planned.unwrap_or(0)
    }

    /// Leave out these documents (by `path`, e.g. those an earlier run wrote): files, archive
    /// members, and archives written as one error row. Counted in [`Documents::skipped`].
    pub fn skip_paths<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        self.skip.extend(paths.into_iter().map(path_key));
    }

    /// Documents given so far.
    pub fn given(&self) -> u64 {
        self.given
    }

    /// Documents left out so far because [`Documents::skip_paths`] named them.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Records and members the archives passed over so far, by reason ([`archive::Skip::as_str`]).
    pub fn passed_over(&self) -> &BTreeMap<&'static str, u64> {
        &self.passed_over
    }

    /// Up to `n` more documents; fewer only at the end.
    pub fn next_batch(&mut self, n: usize) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        while out.len() < n {
            match self.next_document(None) {
                Some(doc) => out.push(doc?),
                None => break,
            }
        }
        Ok(out)
    }

    /// Up to `limit` more documents, fewer when a chunk's worth of members has been read; empty
    /// only at the end (or once `progress` is cancelled).
    fn next_chunk(&mut self, limit: usize, progress: Option<&Progress>) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        let (mut members, mut bytes) = (0, 0);
        while out.len() < limit && members < CHUNK_MEMBERS && bytes < CHUNK_BYTES {
            let Some(doc) = self.next_document(progress) else {
                break;
            };
            let doc = doc?;
            if matches!(doc, Document::Member { .. }) {
                members += 1;
                bytes += doc.held();
            }
            out.push(doc);
        }
        Ok(out)
    }

    fn is_skipped(&mut self, path: &str) -> bool {
        if !self.skip.is_empty() && self.skip.contains(&path_key(path)) {
            self.skipped += 1;
            return true;
        }
        false
    }

    /// One more document given; `planned` ones were counted in the total already.
    fn give(&mut self, doc: Document, planned: bool, progress: Option<&Progress>) -> Document {
        self.given += 1;
        if !(planned && self.planned.is_some()) {
            if let Some(p) = progress {
                p.add_total(1);
            }
        }
        doc
    }

    /// The next document. Cancelling `progress` ends the documents between two members, so a
    /// large archive stops as promptly as a folder.
    fn next_document(&mut self, progress: Option<&Progress>) -> Option<Result<Document>> {
        loop {
            if progress.is_some_and(Progress::is_cancelled) {
                return None;
            }
            if let Some(open) = &mut self.open {
                match open.entries.next() {
                    None => self.open = None,
                    Some(Entry::Skipped(why)) => {
                        *self.passed_over.entry(why.as_str()).or_default() += 1;
                    }
                    Some(Entry::Doc(member)) => {
                        let path = format!("{}{}", open.prefix, member.name);
                        let label = open.folder.join(&member.name);
                        if self.is_skipped(&path) {
                            continue;
                        }
                        let doc = Document::Member {
                            path,
                            label,
                            bytes: member.bytes,
                            hints: member.hints,
                        };
                        return Some(Ok(self.give(doc, false, progress)));
                    }
                }
                continue;
            }
            let file = match self.files.next()? {
                Ok(file) => file,
                Err(e) => return Some(Err(e)),
            };
            let shown = file.to_string_lossy().into_owned();
            if self.is_skipped(&shown) {
                continue;
            }
            let Some(kind) = archive::kind_of(&file) else {
                return Some(Ok(self.give(Document::File(file), true, progress)));
            };
            match archive::open(&file, kind, self.max_bytes) {
                Ok(entries) => {
                    let stem = archive::stem_of(&file).unwrap_or_default();
                    self.open = Some(Open {
                        prefix: format!("{shown}{MEMBER_SEPARATOR}"),
                        folder: file.with_file_name(stem),
                        entries,
                    });
                }
                Err(why) => {
                    let doc = Document::Unopenable { path: shown, why };
                    return Some(Ok(self.give(doc, false, progress)));
                }
            }
        }
    }
}

impl Files {
    fn next(&mut self) -> Option<Result<PathBuf>> {
        match self {
            Files::Listed(paths) => paths.next().map(Ok),
            Files::Walked(walk) => walk.next(),
        }
    }
}

impl Iterator for Documents {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_document(None)
    }
}

/// Read the next `n` documents of `docs` (all of them with `usize::MAX`) into articles, one per
/// document, in order. One thread walks folders and reads archives ahead while the documents it
/// has read are parsed in parallel on `opts.threads`; `opts.progress` is ticked per document, has
/// the members of archives added to its total as they are found, and stops both stages when
/// cancelled (the result is then incomplete, for the caller to discard).
pub fn read_next(docs: &mut Documents, n: usize, opts: &ReadOptions) -> Result<Vec<Article>> {
    super::in_pool(opts.threads, || {
        std::thread::scope(|scope| {
            let progress = opts.progress.as_deref();
            // One chunk waits while the next is read and the previous parsed.
            let (tx, rx) = mpsc::sync_channel::<Result<Vec<Document>>>(1);
            std::thread::Builder::new()
                .name("xinwen-documents".into())
                .spawn_scoped(scope, move || {
                    let mut left = n;
                    while left > 0 {
                        let chunk = docs.next_chunk(left, progress);
                        let last = match &chunk {
                            Ok(c) if c.is_empty() => break,
                            Ok(c) => {
                                left -= c.len();
                                false
                            }
                            Err(_) => true,
                        };
                        // The receiver is gone only when the parsing failed first.
                        if tx.send(chunk).is_err() || last {
                            break;
                        }
                    }
                })
                .map_err(|e| XinwenError::Io(format!("cannot start the reader thread: {e}")))?;
            let mut out = Vec::new();
            for chunk in rx {
                let articles: Vec<Article> = chunk?
                    .into_par_iter()
                    .with_min_len(4)
                    .map(|doc| {
                        // Asked to stop (Ctrl-C in Python): the remaining documents are not read.
                        if progress.is_some_and(Progress::is_cancelled) {
                            return Article::failed_named(
                                &doc.path(),
                                String::new(),
                                "cancelled".into(),
                            );
                        }
                        let a = read_document(doc, opts);
                        crate::progress::tick(progress);
                        a
                    })
                    .collect();
                out.extend(articles);
            }
            Ok(out)
        })
    })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Status;
    use std::io::Write;
    use std::sync::Arc;

    const PAGE: &str = "---\nlayout: post\ntitle: 标题\ndate: 2024-03-14 20:47:08 +08:00\n\
        link: https://www.dw.com/zh/x/a-1\n---\n\n<p>中国国家主席习近平同俄罗斯总统普京通电话。</p>\n";

    fn page(i: usize) -> Vec<u8> {
        PAGE.replace("标题", &format!("标题{i}")).into_bytes()
    }

    struct Tree(PathBuf);

    impl Drop for Tree {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn tree(name: &str) -> Tree {
        let root = std::env::temp_dir().join(format!("xw-docs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        Tree(root)
    }

    fn zip_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
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

    fn tar_gz_of(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            b.append_data(&mut h, name, &data[..]).unwrap();
        }
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&b.into_inner().unwrap()).unwrap();
        e.finish().unwrap()
    }

    fn paths(docs: &[Document]) -> Vec<String> {
        docs.iter().map(|d| d.path().into_owned()).collect()
    }

    fn opts() -> ReadOptions {
        ReadOptions::new("Asia/Shanghai").unwrap()
    }

    /// A folder, the same folder zipped and tarred, an unopenable archive and a plain file.
    fn mixed(t: &Tree) -> Vec<PathBuf> {
        let named: [(&str, Vec<u8>); 4] = [
            ("DW/", Vec::new()),
            ("DW/2024-03-14-DW-a.md", page(1)),
            ("DW/.DS_Store", b"\0\0".to_vec()),
            ("DW/2024-03-15-DW-b.md", page(2)),
        ];
        std::fs::create_dir_all(t.0.join("loose/DW")).unwrap();
        for (name, bytes) in &named[1..] {
            std::fs::write(t.0.join("loose").join(name), bytes).unwrap();
        }
        std::fs::write(t.0.join("a.zip"), zip_of(&named)).unwrap();
        let files: Vec<(&str, Vec<u8>)> = named
            .iter()
            .filter(|(n, _)| !n.ends_with('/'))
            .cloned()
            .collect();
        std::fs::write(t.0.join("b.tar.gz"), tar_gz_of(&files)).unwrap();
        std::fs::write(t.0.join("c.zip"), b"not a zip at all").unwrap();
        std::fs::write(t.0.join("d.md"), page(3)).unwrap();
        crate::ingest::source::expand(std::slice::from_ref(&t.0)).unwrap()
    }

    #[test]
    fn archives_give_their_members_in_place() {
        let t = tree("order");
        let listed = mixed(&t);
        let mut docs = Documents::listed(listed, 1 << 20);
        assert_eq!(docs.planned(), 3, "d.md and the two loose pages");
        let got: Vec<Document> = docs.by_ref().map(Result::unwrap).collect();
        let r = t.0.to_string_lossy();
        assert_eq!(
            paths(&got),
            [
                format!("{r}/a.zip!DW/2024-03-14-DW-a.md"),
                format!("{r}/a.zip!DW/2024-03-15-DW-b.md"),
                format!("{r}/b.tar.gz!DW/2024-03-14-DW-a.md"),
                format!("{r}/b.tar.gz!DW/2024-03-15-DW-b.md"),
                format!("{r}/c.zip"),
                format!("{r}/d.md"),
                format!("{r}/loose/DW/2024-03-14-DW-a.md"),
                format!("{r}/loose/DW/2024-03-15-DW-b.md"),
            ]
        );
        assert!(matches!(&got[4], Document::Unopenable { why, .. } if why.contains("zip")));
        let over: Vec<_> = docs.passed_over().iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(over, [("directory", 1), ("hidden", 2)]);
        assert_eq!((docs.given(), docs.skipped()), (8, 0));
    }

    #[test]
    fn members_read_like_the_same_files_loose() {
        let t = tree("rows");
        let listed = mixed(&t);
        let mut docs = Documents::listed(listed, 1 << 20);
        let rows = read_next(&mut docs, usize::MAX, &opts()).unwrap();
        assert_eq!(rows.len(), 8);
        let without_path = |a: &Article| Article {
            path: String::new(),
            ..a.clone()
        };
        let loose = &rows[6..];
        for (zipped, tarred) in rows[0..2].iter().zip(&rows[2..4]) {
            assert_eq!(without_path(zipped), without_path(tarred));
        }
        for (zipped, plain) in rows[0..2].iter().zip(loose) {
            assert_eq!(without_path(zipped), without_path(plain));
            assert_eq!(zipped.outlet.as_deref(), Some("DW"));
            assert_eq!(zipped.status, Status::Ok, "{:?}", zipped.error);
        }
        let bad = &rows[4];
        assert_eq!(bad.status, Status::Error);
        assert!(bad.error.as_deref().unwrap().contains("central directory"));
        assert_eq!(bad.doc_id.len(), 16);
    }

    #[test]
    fn a_member_at_the_root_sits_in_a_folder_named_after_the_archive() {
        let t = tree("stem");
        std::fs::write(t.0.join("RFI.zip"), zip_of(&[("x.md", page(1))])).unwrap();
        let doc = Documents::listed(vec![t.0.join("RFI.zip")], 1 << 20)
            .next()
            .unwrap()
            .unwrap();
        let Document::Member { label, .. } = doc else {
            panic!("{doc:?}")
        };
        assert_eq!(label, t.0.join("RFI/x.md"));
    }

    #[test]
    fn skip_paths_leave_out_members_and_files() {
        let t = tree("skip");
        let listed = mixed(&t);
        let r = t.0.to_string_lossy();
        let first = format!("{r}/a.zip!DW/2024-03-14-DW-a.md");
        let bad = format!("{r}/c.zip");
        let file = format!("{r}/d.md");
        let mut docs = Documents::listed(listed, 1 << 20);
        docs.skip_paths([first.as_str(), bad.as_str(), file.as_str()]);
        let got = paths(&docs.by_ref().map(Result::unwrap).collect::<Vec<_>>());
        assert_eq!(got.len(), 5);
        assert!(!got.contains(&first) && !got.contains(&bad) && !got.contains(&file));
        assert_eq!((docs.given(), docs.skipped()), (5, 3));
    }

    #[test]
    fn batches_count_documents_and_walks_stream_big_archives() {
        let t = tree("batches");
        let files: Vec<(String, Vec<u8>)> = (0..700)
            .map(|i| (format!("p/{i:04}.md"), page(i)))
            .collect();
        let named: Vec<(&str, Vec<u8>)> =
            files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        std::fs::write(t.0.join("big.tar.gz"), tar_gz_of(&named)).unwrap();
        std::fs::write(t.0.join("z.md"), page(9)).unwrap();
        let spec = t.0.to_string_lossy().into_owned();
        let mut docs = Documents::walk(&[spec.into()], 1 << 20).unwrap();
        let progress = Arc::new(Progress::default());
        let mut o = opts();
        o.progress = Some(progress.clone());
        o.threads = Some(2);
        let mut sizes = Vec::new();
        loop {
            let rows = read_next(&mut docs, 300, &o).unwrap();
            if rows.is_empty() {
                break;
            }
            assert!(rows.iter().all(|a| a.status == Status::Ok));
            sizes.push(rows.len());
        }
        assert_eq!(sizes, [300, 300, 101]);
        // A walk counts every document as it finds it.
        assert_eq!(progress.get(), (701, 701));
    }

    #[test]
    fn cancelling_stops_inside_an_archive() {
        let t = tree("cancel");
        let files: Vec<(String, Vec<u8>)> =
            (0..2000).map(|i| (format!("{i:04}.md"), page(i))).collect();
        let named: Vec<(&str, Vec<u8>)> =
            files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let path = t.0.join("big.zip");
        std::fs::write(&path, zip_of(&named)).unwrap();
        let progress = Arc::new(Progress::default());
        let mut docs = Documents::listed(vec![path], 1 << 20);
        let mut first = docs.next_chunk(usize::MAX, Some(&progress)).unwrap();
        assert_eq!(first.len(), CHUNK_MEMBERS);
        assert_eq!(progress.get(), (0, CHUNK_MEMBERS as u64));
        progress.cancel();
        assert!(docs
            .next_chunk(usize::MAX, Some(&progress))
            .unwrap()
            .is_empty());
        let mut o = opts();
        o.progress = Some(progress);
        assert!(read_next(&mut docs, usize::MAX, &o).unwrap().is_empty());
        let a = read_document(first.remove(0), &o);
        assert_eq!(a.status, Status::Ok);
    }

    #[test]
    fn a_walk_of_plain_files_gives_the_order_of_expand() {
        let t = tree("plain");
        for f in ["b/2.md", "a/1.md", "c.md"] {
            let p = t.0.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, page(0)).unwrap();
        }
        let spec = t.0.clone();
        let expanded = crate::ingest::source::expand(std::slice::from_ref(&spec)).unwrap();
        let mut docs = Documents::walk(&[spec], 1 << 20).unwrap();
        let got = docs.next_batch(10).unwrap();
        let want: Vec<String> = expanded
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        assert_eq!(paths(&got), want);
        assert!(got.iter().all(|d| matches!(d, Document::File(_))));
        assert!(docs.next_batch(10).unwrap().is_empty());
        assert!(matches!(
            Documents::walk(&["/nonexistent/x".into()], 1),
            Err(XinwenError::SourceNotFound(_))
        ));
    }
}
