//! Turning the user's `source` (files, directories, globs) into files: all at once and sorted
//! ([`expand`]), or one at a time ([`Walk`]) for archives too large to list in memory.

use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::xxh3_128;

use crate::error::{Result, XinwenError};

/// Expand each spec into files: a file is taken as is, a directory is walked recursively
/// (skipping hidden entries such as `.git`, and not following directory symlinks, which can loop),
/// and anything else is tried as a glob pattern (see [`Glob`]). A spec that matches nothing is an
/// error, so a typo never reads as an empty archive. The result is sorted by path and
/// deduplicated on the path's bytes: two names that differ only in bytes that are not UTF-8 are
/// two files.
///
/// Paths are OS strings end to end: a file name that is not UTF-8, a dangling symlink or a
/// symlink loop is a path like any other, for the reader to give an error row.
pub fn expand(specs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Walk::new(specs)?.collect::<Result<Vec<_>>>()?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// The files of the specs of [`expand`], one at a time and without listing the archive first:
/// each spec in turn, its files in path order (so a single directory gives exactly the order of
/// [`expand`]). Memory holds only the listings of the directories on the current path, plus,
/// when several specs are given (they may overlap) or [`Walk::skip_paths`] is used, 16 bytes a file.
pub struct Walk {
    /// Specs not started yet, the next one last.
    specs: Vec<PathBuf>,
    /// Listings still to visit, innermost last, each reversed so that `pop` gives the next entry
    /// in path order; the flag marks directories.
    stack: Vec<Vec<(PathBuf, bool)>>,
    glob: Option<Glob>,
    /// Hashes of the files given so far (of their bytes); only with several specs.
    seen: Option<FxHashSet<u128>>,
    /// Hashes of paths as written in rows (see [`path_key`]).
    skip: FxHashSet<u128>,
    given: u64,
    skipped: u64,
    /// Specs started so far: the file given last belongs to spec `spec_no - 1`.
    spec_no: usize,
    /// Files left out so far, as duplicates or skipped.
    dropped: u64,
    /// Only files from the first to the last of these, both included ([`Walk::within`]).
    bounds: Option<(PathBuf, PathBuf)>,
}

/// A run of consecutive files of one spec of a [`Walk`], `first` to `last` in walk order, with
/// no file left out between them: a piece of the archive that one worker of a cluster reads
/// ([`Walk::ranges`] cuts them, [`Walk::within`] walks one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// Index of the spec in the list given.
    pub spec: usize,
    pub first: PathBuf,
    pub last: PathBuf,
    pub files: u64,
}

/// Where a path lies against a walk's bounds.
enum Place {
    Before,
    In,
    After,
}

/// The key a path is remembered by (16 bytes, whatever its length), as rows show it.
pub(crate) fn path_key(path: &str) -> u128 {
    xxh3_128(path.as_bytes())
}

/// The key of a path's own bytes, which tells apart names that differ only in invalid UTF-8.
fn raw_key(path: &Path) -> u128 {
    xxh3_128(path.as_os_str().as_encoded_bytes())
}

/// Whether anything is there, a dangling or looping symlink included (it then gets an error
/// row rather than reading as a typo).
fn is_there(p: &Path) -> bool {
    p.symlink_metadata().is_ok()
}

fn is_glob(spec: &Path) -> bool {
    spec.to_string_lossy().contains(['*', '?', '['])
}

/// One component of a glob pattern.
enum Part {
    Literal(OsString),
    Pattern(glob::Pattern),
    /// `**`: this directory and every directory below it, not following directory symlinks.
    Recursive,
}

/// A glob pattern walked lazily, component by component. `*`, `?` and `[...]` match within one
/// name (names that are not UTF-8 are matched as their lossy text and given as they are); `**`
/// matches any number of directories but never descends into a directory symlink, so a link to
/// `..` cannot repeat or loop the tree. Hidden names match only a pattern that starts with `.`.
/// Entries that cannot be listed are passed over, as by a shell.
pub struct Glob {
    parts: Vec<Part>,
    /// Paths matched so far with the index of the next part, the next one last.
    stack: Vec<(PathBuf, usize)>,
}

const MATCH: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: true,
};

impl Glob {
    /// Parse `spec`; an invalid pattern (`[` unclosed) is [`XinwenError::InvalidArgument`].
    pub fn new(spec: &Path) -> Result<Glob> {
        let mut root = PathBuf::new();
        let mut parts = Vec::new();
        for c in spec.components() {
            match c {
                Component::Prefix(_) | Component::RootDir if parts.is_empty() => {
                    root.push(c.as_os_str())
                }
                _ => {
                    let text = c.as_os_str().to_string_lossy();
                    parts.push(if text == "**" {
                        Part::Recursive
                    } else if text.contains(['*', '?', '[']) {
                        Part::Pattern(glob::Pattern::new(&text).map_err(|e| {
                            XinwenError::InvalidArgument(format!(
                                "bad glob pattern {:?}: {e}",
                                spec.display()
                            ))
                        })?)
                    } else {
                        Part::Literal(c.as_os_str().to_os_string())
                    });
                }
            }
        }
        Ok(Glob {
            parts,
            stack: vec![(root, 0)],
        })
    }

    /// The entries of `dir`, sorted, with whether each is a directory that is not a symlink.
    fn listing(dir: &Path) -> Vec<(PathBuf, OsString, bool)> {
        let listed = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let Ok(entries) = std::fs::read_dir(listed) else {
            return Vec::new();
        };
        let mut out: Vec<_> = entries
            .flatten()
            .map(|e| {
                let real_dir = e.file_type().is_ok_and(|t| t.is_dir());
                let name = e.file_name();
                // A relative pattern gives relative paths (`a.md`, not `./a.md`).
                (Glob::join(dir, &name), name, real_dir)
            })
            .collect();
        out.sort_unstable_by(|a, b| a.1.cmp(&b.1));
        out
    }

    fn join(dir: &Path, name: &std::ffi::OsStr) -> PathBuf {
        if dir.as_os_str().is_empty() {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    }
}

impl Iterator for Glob {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        while let Some((path, i)) = self.stack.pop() {
            let Some(part) = self.parts.get(i) else {
                if !path.as_os_str().is_empty() && is_there(&path) {
                    return Some(path);
                }
                continue;
            };
            let at = self.stack.len();
            match part {
                Part::Literal(name) => {
                    let p = Glob::join(&path, name);
                    // `..` and `.` are kept as written; anything else must exist to go on.
                    if is_there(&p) {
                        self.stack.push((p, i + 1));
                    }
                }
                Part::Pattern(pat) => {
                    for (p, name, _) in Glob::listing(&path) {
                        if pat.matches_with(&name.to_string_lossy(), MATCH) {
                            self.stack.push((p, i + 1));
                        }
                    }
                }
                // A trailing `**` is the directory itself, which the walk then reads whole.
                Part::Recursive if i + 1 == self.parts.len() => self.stack.push((path, i + 1)),
                Part::Recursive => {
                    self.stack.push((path.clone(), i + 1));
                    for (p, name, real_dir) in Glob::listing(&path) {
                        if real_dir && !name.to_string_lossy().starts_with('.') {
                            self.stack.push((p, i));
                        }
                    }
                }
            }
            // Pushed in path order: reverse them so that `pop` gives the first.
            if let Some(pushed) = self.stack.get_mut(at..) {
                pushed.reverse();
            }
        }
        None
    }
}

impl Walk {
    /// Check every spec up front (a typo fails before any work is done), then walk lazily.
    pub fn new(specs: &[PathBuf]) -> Result<Walk> {
        for spec in specs {
            if is_there(spec) {
                continue;
            }
            let matched = is_glob(spec) && Glob::new(spec)?.next().is_some();
            if !matched {
                return Err(XinwenError::SourceNotFound(format!(
                    "no such file, directory or matching glob: {:?}",
                    spec.display().to_string()
                )));
            }
        }
        Ok(Walk {
            specs: specs.iter().rev().cloned().collect(),
            stack: Vec::new(),
            glob: None,
            seen: (specs.len() > 1).then(FxHashSet::default),
            skip: FxHashSet::default(),
            given: 0,
            skipped: 0,
            spec_no: 0,
            dropped: 0,
            bounds: None,
        })
    }

    /// Cut the walk of `specs` into [`Range`]s of at most `n` files, leaving out `skip` (paths
    /// already done). A range never spans two specs nor a file left out (a duplicate of an
    /// earlier spec, or skipped), so [`Walk::within`] gives exactly its files without knowing
    /// what was left out; also says how many files `skip` left out. Memory holds the ranges, not
    /// the files (plus 16 bytes a file with several specs or a skip list, as the walk itself).
    pub fn ranges<'a>(
        specs: &[PathBuf],
        n: usize,
        skip: impl IntoIterator<Item = &'a str>,
    ) -> Result<(Vec<Range>, u64)> {
        let mut walk = Walk::new(specs)?;
        walk.skip_paths(skip);
        let n = n.max(1) as u64;
        let mut out: Vec<Range> = Vec::new();
        let mut dropped = 0;
        while let Some(path) = walk.next() {
            let path = path?;
            let spec = walk.spec_no.saturating_sub(1);
            let unbroken = walk.dropped == dropped;
            dropped = walk.dropped;
            match out.last_mut() {
                Some(r) if unbroken && r.spec == spec && r.files < n => {
                    r.last = path;
                    r.files += 1;
                }
                _ => out.push(Range {
                    spec,
                    first: path.clone(),
                    last: path,
                    files: 1,
                }),
            }
        }
        Ok((out, walk.skipped))
    }

    /// The files of one [`Range`] of [`Walk::ranges`] over the same `specs`: only its spec is
    /// walked, directories wholly before `first` are not listed, and the walk stops after `last`.
    pub fn within(specs: &[PathBuf], range: &Range) -> Result<Walk> {
        let spec = specs.get(range.spec).ok_or_else(|| {
            XinwenError::InvalidArgument(format!(
                "range of spec {} of {} specs",
                range.spec,
                specs.len()
            ))
        })?;
        let mut walk = Walk::new(std::slice::from_ref(spec))?;
        walk.spec_no = range.spec;
        walk.bounds = Some((range.first.clone(), range.last.clone()));
        Ok(walk)
    }

    fn place(&self, path: &Path, is_dir: bool) -> Place {
        let Some((first, last)) = &self.bounds else {
            return Place::In;
        };
        // Walk order is path (component) order: everything under a directory sorts after it.
        if path > last.as_path() {
            Place::After
        } else if path < first.as_path() && !(is_dir && first.starts_with(path)) {
            Place::Before
        } else {
            Place::In
        }
    }

    /// Past the last bound: nothing more to give.
    fn finish(&mut self) {
        self.stack.clear();
        self.glob = None;
        self.specs.clear();
    }

    /// Leave out these paths (as rows show them, e.g. those already written by an earlier
    /// run); they are counted in [`Walk::skipped`].
    pub fn skip_paths<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        self.skip.extend(paths.into_iter().map(path_key));
    }

    /// Files given so far.
    pub fn given(&self) -> u64 {
        self.given
    }

    /// Files left out so far because [`Walk::skip_paths`] named them.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Up to `n` more files; fewer only at the end.
    pub fn next_batch(&mut self, n: usize) -> Result<Vec<PathBuf>> {
        let mut out = Vec::with_capacity(n.min(1 << 16));
        while out.len() < n {
            match self.next() {
                Some(p) => out.push(p?),
                None => break,
            }
        }
        Ok(out)
    }

    fn descend(&mut self, dir: &Path) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            XinwenError::Io(format!("cannot list directory {}: {e}", dir.display()))
        })?;
        let mut listing = Vec::new();
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => listing.push((path, true)),
                // Directory symlinks are not followed: they can loop.
                Ok(ft) if ft.is_symlink() && path.is_dir() => {}
                // Files, file symlinks, and unknown types (which then get a row saying why
                // they cannot be read).
                _ => listing.push((path, false)),
            }
        }
        // Siblings in reverse name order: popping gives path (component) order.
        listing.sort_unstable_by(|a, b| b.0.file_name().cmp(&a.0.file_name()));
        self.stack.push(listing);
        Ok(())
    }

    /// A path the walk reached, against its bounds: `None` to go on (before the first bound,
    /// or a directory now listed), else what [`Walk::next_candidate`] gives (the file, an
    /// error listing the directory, or the end past the last bound).
    fn reach(&mut self, path: PathBuf, is_dir: bool) -> Option<Option<Result<PathBuf>>> {
        match self.place(&path, is_dir) {
            Place::Before => None,
            Place::After => {
                self.finish();
                Some(None)
            }
            Place::In if is_dir => self.descend(&path).err().map(|e| Some(Err(e))),
            Place::In => Some(Some(Ok(path))),
        }
    }

    /// The next file before deduplication and skipping.
    fn next_candidate(&mut self) -> Option<Result<PathBuf>> {
        loop {
            if let Some(top) = self.stack.last_mut() {
                match top.pop() {
                    Some((path, is_dir)) => {
                        if let Some(given) = self.reach(path, is_dir) {
                            return given;
                        }
                    }
                    None => {
                        self.stack.pop();
                    }
                }
                continue;
            }
            if let Some(paths) = &mut self.glob {
                match paths.next() {
                    // A directory a glob matched is read whole, unless it is a symlink: the
                    // walk never follows those (a link to `..` would read the tree again).
                    Some(p) => {
                        let is_dir = p.is_dir();
                        let link = is_dir
                            && p.symlink_metadata()
                                .is_ok_and(|m| m.file_type().is_symlink());
                        if link {
                            continue;
                        }
                        if let Some(given) = self.reach(p, is_dir) {
                            return given;
                        }
                    }
                    None => self.glob = None,
                }
                continue;
            }
            let spec = self.specs.pop()?;
            self.spec_no += 1;
            if spec.is_dir() {
                if let Err(e) = self.descend(&spec) {
                    return Some(Err(e));
                }
            } else if is_there(&spec) {
                if matches!(self.place(&spec, false), Place::In) {
                    return Some(Ok(spec));
                }
            } else {
                match Glob::new(&spec) {
                    Ok(paths) => self.glob = Some(paths),
                    Err(e) => return Some(Err(e)),
                }
            }
        }
    }
}

impl Iterator for Walk {
    type Item = Result<PathBuf>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let path = match self.next_candidate()? {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
            if self.seen.is_none() && self.skip.is_empty() {
                self.given += 1;
                return Some(Ok(path));
            }
            if let Some(seen) = &mut self.seen {
                if !seen.insert(raw_key(&path)) {
                    self.dropped += 1;
                    continue;
                }
            }
            if self.skip.contains(&path_key(&path.to_string_lossy())) {
                self.skipped += 1;
                self.dropped += 1;
                continue;
            }
            self.given += 1;
            return Some(Ok(path));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(specs: &[String]) -> Vec<PathBuf> {
        specs.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn files_dirs_globs_sorted_and_hidden_skipped() {
        let root = std::env::temp_dir().join(format!("xw-source-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("b/.git")).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        for f in ["b/2.md", "a/1.html", "b/.git/HEAD", "a/.hidden", "c.txt"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let r = root.to_string_lossy().to_string();
        let got = expand(std::slice::from_ref(&root)).unwrap();
        let rel: Vec<String> = got
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(rel, vec!["a/1.html", "b/2.md", "c.txt"]);
        let globbed = expand(&paths(&[
            format!("{r}/*/*.md"),
            format!("{r}/c.txt"),
            format!("{r}/c.txt"),
        ]))
        .unwrap();
        assert_eq!(globbed.len(), 2);
        let err = expand(&paths(&[format!("{r}/nope")])).unwrap_err();
        assert!(matches!(err, XinwenError::SourceNotFound(_)));
        let _ = std::fs::remove_dir_all(&root);
    }

    fn tree(name: &str, files: &[&str]) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xw-walk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for f in files {
            let path = root.join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        root
    }

    #[test]
    fn walk_gives_the_order_of_expand_in_batches() {
        // `a-b` sorts before `a/` as a string but after `a` as a path component.
        let root = tree(
            "order",
            &[
                "a-b/1.md",
                "a/z.md",
                "a/b/2.md",
                "a/.x/3.md",
                "b.md",
                "A/4.md",
                "a/b/c/d/5.md",
            ],
        );
        let all = expand(std::slice::from_ref(&root)).unwrap();
        assert_eq!(all.len(), 6);
        let mut walk = Walk::new(std::slice::from_ref(&root)).unwrap();
        let mut batches = Vec::new();
        loop {
            let b = walk.next_batch(4).unwrap();
            if b.is_empty() {
                break;
            }
            batches.push(b);
        }
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), vec![4, 2]);
        assert_eq!(batches.concat(), all);
        assert_eq!((walk.given(), walk.skipped()), (6, 0));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn walk_drops_overlaps_and_skips_named_files() {
        let root = tree("skip", &["x/1.md", "x/2.md", "y/3.md"]);
        let r = root.to_string_lossy().to_string();
        let specs = paths(&[
            format!("{r}/x"),
            format!("{r}/*/*.md"),
            format!("{r}/x/1.md"),
        ]);
        let mut walk = Walk::new(&specs).unwrap();
        let done = format!("{r}/x/2.md");
        walk.skip_paths([done.as_str()]);
        let got: Vec<PathBuf> = walk.by_ref().map(Result::unwrap).collect();
        let rel: Vec<_> = got.iter().map(|p| p.strip_prefix(&root).unwrap()).collect();
        assert_eq!(rel, vec![Path::new("x/1.md"), Path::new("y/3.md")]);
        assert_eq!((walk.given(), walk.skipped()), (2, 1));
        // A typo fails before anything is walked.
        let bad = paths(&[r.clone(), format!("{r}/nope/*.md")]);
        assert!(matches!(
            Walk::new(&bad),
            Err(XinwenError::SourceNotFound(_))
        ));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[cfg(unix)]
    #[test]
    fn odd_names_and_links_are_files_and_globs_do_not_follow_directory_links() {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::symlink;
        let root = tree("links", &["a/1.md", "a/sub/2.md"]);
        let a = root.join("a");
        // Two names that differ only in bytes that are not UTF-8: the same lossy text.
        for name in [&b"bad\xff.md"[..], b"bad\xfe.md"] {
            std::fs::write(a.join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        symlink("/nonexistent/xinwen", a.join("dangling.md")).unwrap();
        symlink(a.join("loop2.md"), a.join("loop1.md")).unwrap();
        symlink(a.join("loop1.md"), a.join("loop2.md")).unwrap();
        symlink("..", a.join("sub/up")).unwrap();
        symlink("..", a.join("up")).unwrap();
        let names = |got: &[PathBuf]| -> Vec<String> {
            got.iter()
                .map(|p| p.strip_prefix(&a).unwrap().to_string_lossy().into_owned())
                .collect()
        };
        let want = [
            "1.md",
            "bad\u{FFFD}.md",
            "bad\u{FFFD}.md",
            "dangling.md",
            "loop1.md",
            "loop2.md",
            "sub/2.md",
        ];
        assert_eq!(names(&expand(std::slice::from_ref(&a)).unwrap()), want);
        // The same through overlapping specs (deduplicated on the bytes) and a `**` glob, which
        // must not walk `up` (a link to `..`) again and again.
        let r = a.to_string_lossy().into_owned();
        let specs = paths(&[format!("{r}/**/*.md"), r.clone(), format!("{r}/*.md")]);
        assert_eq!(names(&expand(&specs).unwrap()), want);
        // `*` matches the link `up` too, which is not read as a folder.
        assert_eq!(names(&expand(&paths(&[format!("{r}/*")])).unwrap()), want);
        assert_eq!(
            Glob::new(Path::new(&format!("{r}/**/*.md")))
                .unwrap()
                .count(),
            7
        );
        // A relative pattern gives paths as written.
        let rel = Glob::new(Path::new("src/ingest/sou*.rs"))
            .unwrap()
            .collect::<Vec<_>>();
        assert_eq!(rel, [PathBuf::from("src/ingest/source.rs")]);
        let here = Glob::new(Path::new("Cargo.to*"))
            .unwrap()
            .collect::<Vec<_>>();
        assert_eq!(here, [PathBuf::from("Cargo.toml")]);
        // A link named directly is a file to give a row to, not a typo.
        for link in ["dangling.md", "loop1.md"] {
            assert_eq!(expand(&[a.join(link)]).unwrap(), [a.join(link)]);
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn ranges_cut_the_walk_and_each_range_walks_alone() {
        let root = tree(
            "ranges",
            &[
                "a-b/1.md",
                "a/z.md",
                "a/b/2.md",
                "b.md",
                "a/b/c/d/5.md",
                "c/6.md",
                "c/7.md",
            ],
        );
        let r = root.to_string_lossy().to_string();
        let specs = paths(&[r.clone(), format!("{r}/c/7.md"), format!("{r}/a/z.md")]);
        let whole: Vec<PathBuf> = Walk::new(&specs).unwrap().map(Result::unwrap).collect();
        let done = format!("{r}/b.md");
        for n in 1..=8 {
            let (ranges, skipped) = Walk::ranges(&specs, n, [done.as_str()]).unwrap();
            assert_eq!(skipped, 1);
            assert!(ranges.iter().all(|x| x.files as usize <= n && x.spec == 0));
            let mut got = Vec::new();
            for range in &ranges {
                let part: Vec<PathBuf> = Walk::within(&specs, range)
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                assert_eq!(part.len() as u64, range.files, "{range:?}");
                assert_eq!(
                    (part.first(), part.last()),
                    (Some(&range.first), Some(&range.last))
                );
                got.extend(part);
            }
            let expected: Vec<PathBuf> = whole
                .iter()
                .filter(|p| p.to_string_lossy() != done)
                .cloned()
                .collect();
            assert_eq!(got, expected, "n = {n}");
        }
        // A spec that adds files of its own gives ranges of its own.
        let other = tree("ranges-other", &["x.md"]);
        let specs = vec![PathBuf::from(&r), other.join("x.md")];
        let (ranges, _) = Walk::ranges(&specs, 100, []).unwrap();
        assert_eq!(
            ranges.iter().map(|x| (x.spec, x.files)).collect::<Vec<_>>(),
            vec![(0, 7), (1, 1)]
        );
        let last: Vec<PathBuf> = Walk::within(&specs, &ranges[1])
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(last, vec![other.join("x.md")]);
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_dir_all(&other);
    }
}
