//! A native runtime: a tokio runtime, a RuntimeEnv and the profile they were built from. Sessions are built fresh
//! from it for every capture, so nothing registered in one capture is visible in the next.

use crate::capture::observe::{ObservedLogicalRule, ObservedRule, PlanRecorder};
use crate::errors::{EngineError, EngineResult};
use crate::profile::Profile;
use crate::roots::DataRoots;
use crate::udfs;
use datafusion::execution::registry::FunctionRegistry;
use datafusion::execution::runtime_env::{RuntimeEnv, RuntimeEnvBuilder};
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use datafusion::optimizer::OptimizerRule;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

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
    pub known: crate::capture::known::KnownEncodings,
    /// Parquet tables built by earlier sessions, reused while their files are unchanged.
    pub tables: crate::tables::reuse::KeptTables,
}

/// What a session needs beyond its SessionState: the recorder its observed rules report to.
pub struct SessionParts {
    pub state: SessionState,
    /// The same session without observed rules (sharing its catalog): bare planning, for the benchmark.
    pub plain_state: SessionState,
    pub recorder: Arc<PlanRecorder>,
}

impl EngineRuntime {
    pub fn new(profile_json: &str, roots_json: &str) -> EngineResult<Self> {
        let profile = Profile::parse(profile_json)?;
        let roots: Vec<String> = serde_json::from_str(roots_json)?;
        let roots = DataRoots::new(&roots)?;
        // Two workers whatever the machine: planning is driven from the calling thread; workers run file IO.
        let tokio = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("provenance-engine")
            .enable_all()
            .build()
            .map_err(|e| EngineError::Invalid(format!("cannot start tokio runtime: {e}")))?;
        // A runtime outlives its sessions: DataFusion's folder-listing cache (no expiry by default) would hide files
        // added to a folder from every later capture. Footer and statistics caches stay: they are checked against
        // each file's size and modification time.
        let env = RuntimeEnvBuilder::new()
            .with_memory_limit(profile.memory_limit_bytes, 1.0)
            .with_object_list_cache_limit(0)
            .build_arc()?;
        let runtime = EngineRuntime { tokio, env, profile, roots, udf_catalog: Default::default(), rulepack: Default::default(), default_env: Default::default(), known: Default::default(), tables: Default::default() };
        runtime.session(&BTreeMap::new())?; // refuse a broken profile now, not at the first capture
        Ok(runtime)
    }

    /// A fresh session state: the profile's config plus `overrides`, our UDFs, the profile's disabled rules removed,
    /// and every optimizer rule (logical and physical) wrapped so one planning pass yields the per-rule plans.
    pub fn session(&self, overrides: &BTreeMap<String, String>) -> EngineResult<SessionParts> {
        let config = self.profile.session_config(overrides)?;
        let mut state = SessionStateBuilder::new()
            .with_config(config)
            .with_runtime_env(Arc::clone(&self.env))
            .with_default_features()
            .build();
        let timeout = Duration::from_millis(self.profile.async_udf_timeout_ms);
        for udf in udfs::all(self.roots.clone(), self.profile.async_udf_batch_size, timeout) {
            state.register_udf(Arc::new(udf))?;
        }
        let state = self.without_disabled_rules(state)?;
        let plain_state = state.clone();
        let recorder = Arc::new(PlanRecorder::default());
        let observed: Vec<Arc<dyn PhysicalOptimizerRule + Send + Sync>> = state
            .physical_optimizers()
            .iter()
            .enumerate()
            .map(|(i, rule)| {
                Arc::new(ObservedRule::new(Arc::clone(rule), i == 0, Arc::clone(&recorder)))
                    as Arc<dyn PhysicalOptimizerRule + Send + Sync>
            })
            .collect();
        let observed_logical: Vec<Arc<dyn OptimizerRule + Send + Sync>> = state
            .optimizers()
            .iter()
            .map(|rule| {
                Arc::new(ObservedLogicalRule::new(Arc::clone(rule), Arc::clone(&recorder)))
                    as Arc<dyn OptimizerRule + Send + Sync>
            })
            .collect();
        let state = SessionStateBuilder::new_from_existing(state)
            .with_physical_optimizer_rules(observed)
            .with_optimizer_rules(observed_logical)
            .build();
        Ok(SessionParts { state, plain_state, recorder })
    }

    fn without_disabled_rules(&self, state: SessionState) -> EngineResult<SessionState> {
        let disabled: BTreeSet<&str> = self.profile.disabled_rules.iter().map(String::as_str).collect();
        if disabled.is_empty() {
            return Ok(state);
        }
        let analyzer: Vec<_> = state.analyzer().rules.clone();
        let optimizer: Vec<_> = state.optimizers().to_vec();
        let physical: Vec<_> = state.physical_optimizers().to_vec();
        let known: BTreeSet<String> = analyzer
            .iter()
            .map(|r| r.name().to_string())
            .chain(optimizer.iter().map(|r| r.name().to_string()))
            .chain(physical.iter().map(|r| r.name().to_string()))
            .collect();
        if let Some(unknown) = disabled.iter().find(|d| !known.contains(**d)) {
            return Err(EngineError::DataFusion(datafusion::error::DataFusionError::Configuration(format!(
                "profile {} disables unknown rule {unknown}; known rules: {}",
                self.profile.name,
                known.iter().cloned().collect::<Vec<_>>().join(", ")
            ))));
        }
        Ok(SessionStateBuilder::new_from_existing(state)
            .with_analyzer_rules(analyzer.into_iter().filter(|r| !disabled.contains(r.name())).collect())
            .with_optimizer_rules(optimizer.into_iter().filter(|r| !disabled.contains(r.name())).collect())
            .with_physical_optimizer_rules(physical.into_iter().filter(|r| !disabled.contains(r.name())).collect())
            .build())
    }
}
