//! A native runtime: a tokio runtime, a RuntimeEnv and the profile they were built from. Sessions are built fresh
//! from it for every capture, so nothing registered in one capture is visible in the next.

use crate::instrument::{self, SessionParts};
use crate::errors::{EngineError, EngineResult};
use crate::profile::Profile;
use crate::roots::DataRoots;
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct EngineRuntime {
    pub tokio: tokio::runtime::Runtime,
    pub env: Arc<RuntimeEnv>,
    pub profile: Profile,
    pub roots: DataRoots,
    /// The UDF catalog (canonical text) and its hash: the same for every session of this runtime (functions come
    /// from the build and the profile), so its ~300 KB are rendered and hashed once rather than on every capture.
    pub udf_catalog: std::sync::OnceLock<(Arc<str>, String)>,
    /// Fixed for a runtime, so rendered once: the rulepack, and the planning env of captures without overrides.
    pub rulepack: std::sync::OnceLock<(Arc<str>, String)>,
    pub default_env: std::sync::OnceLock<(Arc<str>, String, String)>,
    /// Canonical hashes and round-trip outcomes of plan bytes this runtime has verified.
    pub known: crate::known::KnownEncodings,
    /// Parquet tables built by earlier sessions, reused while their files are unchanged.
    pub tables: crate::tables::reuse::KeptTables,
    /// An internal fault armed by a test for the next capture (`faults.rs`).
    pub faults: crate::faults::Faults,
}

impl EngineRuntime {
    pub fn new(profile: Profile, roots: &[String]) -> EngineResult<Self> {
        let roots = DataRoots::new(roots)?;
        // Two workers whatever the machine: planning is driven from the calling thread; workers run file IO.
        let tokio = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            // Helper tasks (renderer, encodings, round trip) walk the same plans the planning thread does.
            .thread_stack_size(crate::ffi::PLANNING_STACK_BYTES)
            .max_blocking_threads(16)
            .thread_name("provenance-engine")
            .enable_all()
            .build()
            .map_err(|e| EngineError::Internal(format!("cannot start tokio runtime: {e}")))?;
        // A runtime outlives its sessions: DataFusion's folder-listing cache (no expiry by default) would hide files
        // added to a folder from every later capture. Footer and statistics caches stay: they are checked against
        // each file's size and modification time.
        let env = RuntimeEnvBuilder::new()
            .with_memory_limit(profile.memory_limit_bytes, 1.0)
            .with_object_list_cache_limit(0)
            .build_arc()?;
        let runtime = EngineRuntime { tokio, env, profile, roots, udf_catalog: Default::default(), rulepack: Default::default(), default_env: Default::default(), known: Default::default(), tables: Default::default(), faults: Default::default() };
        runtime.session(&BTreeMap::new())?; // refuse a broken profile now, not at the first capture
        Ok(runtime)
    }

    /// A fresh session state of this runtime's profile plus `overrides` (see `instrument::session_parts`).
    pub fn session(&self, overrides: &BTreeMap<String, String>) -> EngineResult<SessionParts> {
        instrument::session_parts(&self.profile, &self.env, &self.roots, overrides)
    }
}
