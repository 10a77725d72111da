//! Data roots: every table location must lie under one of them, and hashed text never carries them.

use crate::errors::{EngineError, EngineResult};
use std::path::{Component, Path, PathBuf};

/// The placeholder that replaces a data root in hashed text, so the same data under two roots hashes the same.
pub const ROOT_MASK: &str = "$DATA_ROOT";

#[derive(Debug, Clone)]
pub struct DataRoots {
    /// Canonical roots, longest first so nested roots mask correctly.
    roots: Vec<PathBuf>,
}

impl DataRoots {
    pub fn new(roots: &[String]) -> EngineResult<Self> {
        let mut canonical = Vec::new();
        for root in roots {
            let path = std::fs::canonicalize(root)
                .map_err(|e| EngineError::Internal(format!("data root {root} cannot be resolved: {e}")))?;
            canonical.push(path);
        }
        canonical.sort_by_key(|p| std::cmp::Reverse(p.as_os_str().len()));
        Ok(DataRoots { roots: canonical })
    }

    /// Resolves `location` (symlinks included) and checks it lies under a root; `..` is refused outright.
    pub fn check(&self, location: &str) -> EngineResult<PathBuf> {
        let raw = location.strip_prefix("file://").unwrap_or(location);
        let path = Path::new(raw);
        if path.components().any(|c| c == Component::ParentDir) {
            return Err(EngineError::PathNotAllowed(format!("location {location} uses '..'")));
        }
        if !path.is_absolute() {
            return Err(EngineError::PathNotAllowed(format!("location {location} is not an absolute path")));
        }
        let resolved = std::fs::canonicalize(path)
            .map_err(|e| EngineError::PathNotAllowed(format!("location {location} cannot be resolved: {e}")))?;
        if self.roots.iter().any(|root| resolved.starts_with(root)) {
            Ok(resolved)
        } else {
            Err(EngineError::PathNotAllowed(format!(
                "location {location} resolves to {} which is outside the configured data roots",
                resolved.display()
            )))
        }
    }

    /// Replaces every root (with and without its leading slash, as object-store paths print it) by the mask.
    pub fn mask(&self, text: &str) -> String {
        self.mask_if_needed(text).unwrap_or_else(|| text.to_string())
    }

    /// As [`Self::mask`], or `None` when `text` carries no root (most strings of a serialized plan): no copy then.
    pub fn mask_if_needed(&self, text: &str) -> Option<String> {
        let mut out: Option<String> = None;
        for root in &self.roots {
            let with_slash = root.to_string_lossy();
            let relative = with_slash.strip_prefix('/').filter(|r| !r.is_empty());
            // The relative form is inside the absolute one: one search tells whether either occurs.
            if !out.as_deref().unwrap_or(text).contains(relative.unwrap_or(with_slash.as_ref())) {
                continue;
            }
            let mut masked = out.as_deref().unwrap_or(text).replace(with_slash.as_ref(), ROOT_MASK);
            if let Some(relative) = relative {
                masked = masked.replace(relative, ROOT_MASK);
            }
            out = Some(masked);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with a `data` subfolder, removed when dropped.
    struct TempRoot(PathBuf);

    impl std::ops::Deref for TempRoot {
        type Target = PathBuf;
        fn deref(&self) -> &PathBuf {
            &self.0
        }
    }

    impl Drop for TempRoot {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_root(name: &str) -> TempRoot {
        let dir = std::env::temp_dir().join(format!("roots-test-{name}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("data")).unwrap();
        TempRoot(dir)
    }

    #[test]
    fn paths_outside_roots_and_dotdot_are_refused() {
        let root = temp_root("refuse");
        let roots = DataRoots::new(&[root.join("data").to_string_lossy().into_owned()]).unwrap();
        assert!(roots.check(&root.join("data").to_string_lossy()).is_ok());
        let dotdot = format!("{}/data/../data", root.display());
        assert!(matches!(roots.check(&dotdot), Err(EngineError::PathNotAllowed(_))));
        assert!(matches!(roots.check(&root.to_string_lossy()), Err(EngineError::PathNotAllowed(_))));
    }

    #[test]
    fn symlinks_are_resolved_before_the_check() {
        let root = temp_root("symlink");
        let outside = temp_root("outside");
        let link = root.join("data/escape");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(outside.as_path(), &link).unwrap();
        let roots = DataRoots::new(&[root.join("data").to_string_lossy().into_owned()]).unwrap();
        assert!(matches!(roots.check(&link.to_string_lossy()), Err(EngineError::PathNotAllowed(_))));
    }

    #[test]
    fn masking_makes_two_roots_print_the_same() {
        let a = temp_root("mask-a");
        let b = temp_root("mask-b");
        let ra = DataRoots::new(&[a.to_string_lossy().into_owned()]).unwrap();
        let rb = DataRoots::new(&[b.to_string_lossy().into_owned()]).unwrap();
        let ta = format!("scan {}/t.parquet and {}/t.parquet", a.display(), a.display().to_string().trim_start_matches('/'));
        let tb = format!("scan {}/t.parquet and {}/t.parquet", b.display(), b.display().to_string().trim_start_matches('/'));
        assert_eq!(ra.mask(&ta), rb.mask(&tb));
    }
}
