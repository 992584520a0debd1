//! Word and phrase lists compiled into the library from the files of `src/data/`.
//!
//! The rules of [`crate::text`] and [`crate::outlet`] match text against lists that change more
//! often than the rules do: boilerplate phrases, names of wire agencies, hosts and labels of
//! outlets, class names of page slots. They live in plain UTF-8 files under `src/data/`, are
//! compiled in with `include_str!` (so the library needs no files at run time) and are parsed
//! once, on first use.
//!
//! # Format
//!
//! One entry per line; the fields of a table (`.tsv`) are separated by one tab. Blank lines and
//! lines that start with `#` are comments; every file opens with comments that say what the list
//! is for and how it is matched. Entries are taken exactly as written: case, inner spaces and
//! punctuation count. A field with a space at either end, or one that starts with `#` or `"`, is
//! written in double quotes (`" said"`), which are removed.
//!
//! Parsing never panics. A line that breaks these rules is left out at run time, and the tests of
//! the module that owns the list fail on it (`Words::problems`, `Table::problems`), as they do
//! on an empty list or a repeated entry.

use std::sync::OnceLock;

/// A list of entries, one per line, from a file of `src/data/`.
pub(crate) struct Words {
    /// Named in the tests' messages.
    #[cfg_attr(not(test), allow(dead_code))]
    path: &'static str,
    text: &'static str,
    cell: OnceLock<Vec<&'static str>>,
}

/// A table of `N` tab-separated fields per line, from a file of `src/data/`.
pub(crate) struct Table<const N: usize> {
    #[cfg_attr(not(test), allow(dead_code))]
    path: &'static str,
    text: &'static str,
    cell: OnceLock<Vec<[&'static str; N]>>,
}

/// The text of `src/data/$path`, compiled in.
macro_rules! data_file {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/src/data/", $path))
    };
}

/// A [`Words`] list from `src/data/$path`, compiled in.
macro_rules! words {
    ($path:literal) => {
        $crate::data::Words::new($path, $crate::data::data_file!($path))
    };
}

/// A [`Table`] from `src/data/$path`, compiled in.
macro_rules! table {
    ($path:literal) => {
        $crate::data::Table::new($path, $crate::data::data_file!($path))
    };
}

pub(crate) use {data_file, table, words};

impl Words {
    pub(crate) const fn new(path: &'static str, text: &'static str) -> Self {
        Words {
            path,
            text,
            cell: OnceLock::new(),
        }
    }

    /// The entries in file order; lines that do not parse are left out.
    pub(crate) fn get(&'static self) -> &'static [&'static str] {
        self.cell.get_or_init(|| {
            rows(self.text)
                .0
                .into_iter()
                .filter_map(|r| match r.fields.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                })
                .collect()
        })
    }

    /// What is wrong with the file, one line per problem (none for a good file): lines that do
    /// not parse or hold more than one field, no entries at all, entries written twice.
    #[cfg(test)]
    pub(crate) fn problems(&self) -> Vec<String> {
        let (rows, mut out) = rows(self.text);
        for r in &rows {
            if r.fields.len() != 1 {
                out.push(format!("line {}: {} fields, not 1", r.line, r.fields.len()));
            }
        }
        out.extend(repeats(
            rows.iter().filter_map(|r| r.fields.first().copied()),
        ));
        if rows.is_empty() {
            out.push("no entries".into());
        }
        out.into_iter()
            .map(|p| format!("{}: {p}", self.path))
            .collect()
    }
}

impl<const N: usize> Table<N> {
    pub(crate) const fn new(path: &'static str, text: &'static str) -> Self {
        Table {
            path,
            text,
            cell: OnceLock::new(),
        }
    }

    /// The rows in file order; lines that do not parse or have another number of fields are
    /// left out.
    pub(crate) fn get(&'static self) -> &'static [[&'static str; N]] {
        self.cell.get_or_init(|| {
            rows(self.text)
                .0
                .into_iter()
                .filter_map(|r| <[&'static str; N]>::try_from(r.fields).ok())
                .collect()
        })
    }

    /// As [`Words::problems`]; the first field is the key that must not repeat.
    #[cfg(test)]
    pub(crate) fn problems(&self) -> Vec<String> {
        let (rows, mut out) = rows(self.text);
        for r in &rows {
            if r.fields.len() != N {
                out.push(format!(
                    "line {}: {} fields, not {N}",
                    r.line,
                    r.fields.len()
                ));
            }
        }
        out.extend(repeats(
            rows.iter().filter_map(|r| r.fields.first().copied()),
        ));
        if rows.is_empty() {
            out.push("no entries".into());
        }
        out.into_iter()
            .map(|p| format!("{}: {p}", self.path))
            .collect()
    }
}

/// One line of a data file that holds an entry.
pub(crate) struct Row {
    /// Its line number, from 1.
    pub(crate) line: usize,
    pub(crate) fields: Vec<&'static str>,
}

/// The entry lines of a data file, and what is wrong with the others (`line N: why`).
pub(crate) fn rows(text: &'static str) -> (Vec<Row>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Result<Vec<&'static str>, &str> = line.split('\t').map(field).collect();
        match fields {
            Ok(fields) => out.push(Row {
                line: i + 1,
                fields,
            }),
            Err(why) => problems.push(format!("line {}: {why}", i + 1)),
        }
    }
    (out, problems)
}

/// One field as written, or without the double quotes around it.
fn field(raw: &'static str) -> Result<&'static str, &'static str> {
    if let Some(inner) = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        return if inner.is_empty() {
            Err("an empty quoted field")
        } else {
            Ok(inner)
        };
    }
    if raw.is_empty() {
        Err("an empty field")
    } else if raw.starts_with('"') {
        Err("a quote that is not closed at the end of the field")
    } else if raw.trim() != raw {
        Err("spaces at an end of a field (quote it to keep them)")
    } else {
        Ok(raw)
    }
}

/// `repeated: X` for every entry that occurs more than once.
#[cfg(test)]
fn repeats<'a>(entries: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for e in entries {
        if !seen.insert(e) {
            out.push(format!("repeated: {e:?}"));
        }
    }
    out
}

/// Entries in `a` that are also in `b`.
#[cfg(test)]
pub(crate) fn shared<'a>(a: &[&'a str], b: &[&str]) -> Vec<&'a str> {
    let b: std::collections::HashSet<&str> = b.iter().copied().collect();
    a.iter().copied().filter(|e| b.contains(e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    #[test]
    fn lines_fields_quotes_and_comments() {
        let text = "# a comment\n\nplain entry\n\" said\"\t\"#tag\"\r\nx\"y\"\n";
        let (rows, problems) = rows(text);
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<(usize, Vec<&str>)> = rows.into_iter().map(|r| (r.line, r.fields)).collect();
        assert_eq!(
            got,
            [
                (3, vec!["plain entry"]),
                (4, vec![" said", "#tag"]),
                (5, vec!["x\"y\""])
            ]
        );
    }

    #[test]
    fn bad_lines_are_reported_and_left_out() {
        let text = " lead\ntrail \na\t\n\"\"\n\"open\ngood\n";
        let (rows, problems) = rows(text);
        assert_eq!(rows.len(), 1);
        assert_eq!(problems.len(), 5, "{problems:?}");
        static W: Words = Words::new("t", "a\n\na\nb\tc\n");
        assert_eq!(W.get(), ["a", "a"]);
        assert_eq!(
            W.problems(),
            ["t: line 4: 2 fields, not 1", "t: repeated: \"a\""]
        );
        static T: Table<2> = Table::new("t", "k\tv\nk\tw\nx\n");
        assert_eq!(T.get(), [["k", "v"], ["k", "w"]]);
        assert_eq!(
            T.problems(),
            ["t: line 3: 1 fields, not 2", "t: repeated: \"k\""]
        );
        static E: Words = Words::new("e", "# only a comment\n");
        assert!(E.get().is_empty());
        assert_eq!(E.problems(), ["e: no entries"]);
    }

    fn data_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                data_files(&p, out);
            } else {
                out.push(p);
            }
        }
    }

    fn sources(dir: &Path, out: &mut String) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }

    /// Every file of `src/data/` parses, opens with a comment that says what it is, and is
    /// compiled in by some module (whose own tests then check its entries).
    #[test]
    fn every_data_file_parses_and_is_used() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        data_files(&root.join("data"), &mut files);
        assert!(!files.is_empty());
        let mut code = String::new();
        sources(&root, &mut code);
        for f in files {
            let rel = f
                .strip_prefix(root.join("data"))
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let text: &'static str = Box::leak(
                std::fs::read_to_string(&f)
                    .unwrap_or_default()
                    .into_boxed_str(),
            );
            assert!(text.starts_with("# "), "{rel}: no header comment");
            let (rows, problems) = rows(text);
            assert!(problems.is_empty(), "{rel}: {problems:?}");
            assert!(!rows.is_empty(), "{rel}: no entries");
            assert!(code.contains(&format!("\"{rel}\"")), "{rel}: not used");
        }
    }
}
