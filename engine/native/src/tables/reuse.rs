//! Parquet tables a runtime has built, kept for the next session that registers the same location while its files
//! are unchanged. Registering a table infers its schema: a listing through the object store and every file's footer
//! (from the runtime's footer cache once warm), about 0.1 ms a table on every capture. A kept table is reused only
//! while a listing of its location (each file's path, size and modification time) is what it was when the table was
//! built, the same check DataFusion's footer and statistics caches make; any change builds it anew. The table lists
//! its files again when planned (the runtime keeps no listing cache), so a plan always sees the folder as it is.

use datafusion::datasource::TableProvider;
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Tables kept per runtime before the map starts over.
const CAPACITY: usize = 1024;

/// Every file under a location (the location itself when it is a file), sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing(Vec<(PathBuf, u64, Option<SystemTime>)>);

impl Listing {
    pub fn of(location: &Path) -> io::Result<Listing> {
        let mut files = Vec::new();
        collect(location, &mut files, &mut HashSet::new())?;
        files.sort();
        Ok(Listing(files))
    }
}

/// Symbolic links are followed, each folder (by its canonical path) once: a link back up the tree ends the walk
/// there instead of recursing until the stack overflows.
fn collect(
    path: &Path,
    files: &mut Vec<(PathBuf, u64, Option<SystemTime>)>,
    folders: &mut HashSet<PathBuf>,
) -> io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        if !folders.insert(std::fs::canonicalize(path)?) {
            return Ok(());
        }
        for entry in std::fs::read_dir(path)? {
            collect(&entry?.path(), files, folders)?;
        }
    } else {
        files.push((path.to_path_buf(), meta.len(), meta.modified().ok()));
    }
    Ok(())
}

#[derive(Default)]
pub struct KeptTables {
    entries: Mutex<HashMap<String, (Listing, Arc<dyn TableProvider>)>>,
}

impl KeptTables {
    /// The table kept for `url` if it was built from exactly `listing`.
    pub fn get(&self, url: &str, listing: &Listing) -> Option<Arc<dyn TableProvider>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.get(url).filter(|(kept, _)| kept == listing).map(|(_, table)| Arc::clone(table))
    }

    pub fn keep(&self, url: String, listing: Listing, table: Arc<dyn TableProvider>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(url, (listing, table));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_changes_with_a_file_added_resized_or_touched() {
        let dir = std::env::temp_dir().join(format!("kept-tables-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("nested")).unwrap();
        std::fs::write(dir.join("a.parquet"), b"abc").unwrap();
        let first = Listing::of(&dir).unwrap();
        assert_eq!(first, Listing::of(&dir).unwrap());
        std::fs::write(dir.join("nested/b.parquet"), b"b").unwrap();
        let added = Listing::of(&dir).unwrap();
        assert_ne!(first, added);
        std::fs::write(dir.join("a.parquet"), b"abcd").unwrap();
        assert_ne!(added, Listing::of(&dir).unwrap());
        // A link back to the folder itself is walked once, not forever.
        std::os::unix::fs::symlink(&dir, dir.join("nested/loop")).unwrap();
        assert_eq!(Listing::of(&dir).unwrap().0.len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
