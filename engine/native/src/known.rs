//! What one runtime already knows about encoded plan bytes: the hash of their canonical form and whether they
//! round-trip (decode, re-encode, compare). Both are a pure function of the bytes on one runtime (one build, one
//! function registry, one set of data roots; a Substrait plan carries its tables' schemas), so they are kept by the
//! SHA-256 of the bytes: a repeat capture of an unchanged plan skips the decode, re-encode and canonicalisation,
//! while its planning, renderings and statistics are made anew. The first capture of any plan on a runtime does the
//! full work, and a round trip that failed is tried again next time. `PROVENANCE_VERIFY_EVERY_CAPTURE=1` turns this
//! off (every capture verifies every plan).

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// Entries kept per runtime before the map starts over: a few hundred bytes each (a few KB for a round trip that
/// differs: its recorded difference is at most 5 leaves of about 300 characters a side).
const CAPACITY: usize = 4096;

pub type Key = [u8; 32];

/// A round trip's result: the same plan, or another one, with where their canonical forms differ (the first few
/// differing leaves, as the plans component records them; kept here so a repeat reports the same document).
#[derive(Clone, Debug, PartialEq)]
pub enum RoundTrip {
    Identical,
    Differs(Vec<serde_json::Value>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    pub canonical_hash: Option<String>,
    pub roundtrip: RoundTrip,
}

#[derive(Default)]
pub struct KnownEncodings {
    entries: Mutex<HashMap<Key, Known>>,
    /// Lookups that found an outcome (work skipped): how a test sees whether a capture trusted this memory.
    hits: AtomicU64,
}

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| !matches!(std::env::var("PROVENANCE_VERIFY_EVERY_CAPTURE").as_deref(), Ok("1" | "true")))
}

impl KnownEncodings {
    /// The key of `bytes` encoded as `kind` (the kind keeps two encodings of equal bytes apart).
    pub fn key(kind: &str, bytes: &[u8]) -> Key {
        let mut hasher = Sha256::new();
        hasher.update(kind.as_bytes());
        hasher.update([0u8]);
        hasher.update(bytes);
        hasher.finalize().into()
    }

    pub fn get(&self, key: &Key) -> Option<Known> {
        if !enabled() {
            return None;
        }
        let found = self.entries.lock().unwrap_or_else(|p| p.into_inner()).get(key).cloned();
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    /// How many lookups found an outcome so far.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Keeps a round trip's outcome; an error (no outcome) is not kept.
    pub fn remember(&self, key: Key, canonical_hash: &Option<String>, roundtrip: &Result<RoundTrip, String>) {
        let Ok(roundtrip) = roundtrip else { return };
        if !enabled() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, Known { canonical_hash: canonical_hash.clone(), roundtrip: roundtrip.clone() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_outcomes_by_kind_and_bytes_but_not_errors() {
        let known = KnownEncodings::default();
        let key = KnownEncodings::key("physical_proto", b"plan");
        assert_ne!(key, KnownEncodings::key("substrait", b"plan"));
        assert_eq!(known.get(&key), None);
        known.remember(key, &Some("abc".into()), &Ok(RoundTrip::Identical));
        assert_eq!(known.get(&key), Some(Known { canonical_hash: Some("abc".into()), roundtrip: RoundTrip::Identical }));
        let differs = KnownEncodings::key("substrait", b"plan");
        let difference = vec![serde_json::json!({"path": "/a", "before": 1, "after": 2})];
        known.remember(differs, &None, &Ok(RoundTrip::Differs(difference.clone())));
        assert_eq!(known.get(&differs).map(|k| k.roundtrip), Some(RoundTrip::Differs(difference)));
        let failed = KnownEncodings::key("physical_proto", b"other");
        known.remember(failed, &None, &Err("decode failed".into()));
        assert_eq!(known.get(&failed), None);
    }
}
