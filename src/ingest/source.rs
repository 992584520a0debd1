//! Turning the user's `source` (files, directories, globs) into a sorted list of files.

use std::path::{Path, PathBuf};

use crate::error::{Result, XinwenError};

/// Expand each spec into files: a file is taken as is, a directory is walked recursively
/// (skipping hidden entries such as `.git`, and not following directory symlinks, which can loop),
/// and anything else is tried as a glob pattern. A spec that matches nothing is an error, so a typo
/// never reads as an empty archive. The result is sorted by path and deduplicated.
pub fn expand(specs: &[String]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for spec in specs {
        let p = Path::new(spec);
        let before = out.len();
        if p.is_dir() {
            walk(p, &mut out)?;
            // An empty directory is a valid, empty archive.
            continue;
        } else if p.exists() {
            out.push(p.to_path_buf());
        } else if spec.contains(['*', '?', '[']) {
            let paths = glob::glob(spec).map_err(|e| {
                XinwenError::InvalidArgument(format!("bad glob pattern {spec:?}: {e}"))
            })?;
            for entry in paths.flatten() {
                if entry.is_dir() {
                    walk(&entry, &mut out)?;
                } else {
                    out.push(entry);
                }
            }
        }
        if out.len() == before {
            return Err(XinwenError::SourceNotFound(format!(
                "no such file, directory or matching glob: {spec:?}"
            )));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| XinwenError::Io(format!("cannot list directory {}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(ft) = entry.file_type() else {
            // Unknown type: keep it, so it gets a row saying why it cannot be read.
            out.push(path);
            continue;
        };
        if ft.is_dir() {
            walk(&path, out)?;
        } else if ft.is_symlink() {
            if !path.is_dir() {
                out.push(path);
            }
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let got = expand(std::slice::from_ref(&r)).unwrap();
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
        let globbed = expand(&[
            format!("{r}/*/*.md"),
            format!("{r}/c.txt"),
            format!("{r}/c.txt"),
        ])
        .unwrap();
        assert_eq!(globbed.len(), 2);
        let err = expand(&[format!("{r}/nope")]).unwrap_err();
        assert!(matches!(err, XinwenError::SourceNotFound(_)));
        let _ = std::fs::remove_dir_all(&root);
    }
}
