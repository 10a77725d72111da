//! The runtime profile: every plan-shaping knob pinned explicitly, so no plan depends on the machine's core count.

use crate::errors::EngineResult;
use datafusion::execution::context::SessionConfig;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub name: String,
    pub target_partitions: usize,
    pub batch_size: usize,
    pub planning_concurrency: usize,
    pub memory_limit_bytes: usize,
    pub async_udf_batch_size: usize,
    pub async_udf_timeout_ms: u64,
    pub disabled_rules: Vec<String>,
    pub config: BTreeMap<String, String>,
    /// Which plans this runtime refuses as too large. Not plan-shaping (a plan within them plans the same whatever
    /// they are), so not serialised into the planning env.
    #[serde(skip)]
    pub plan_limits: crate::limits::PlanLimits,
}

/// Defaults DataFusion derives from the machine, or that we want fixed whatever a DataFusion upgrade picks:
/// set explicitly before the profile's own `config`, which may override them.
fn pinned(profile: &Profile) -> Vec<(&'static str, String)> {
    vec![
        ("datafusion.execution.target_partitions", profile.target_partitions.to_string()),
        ("datafusion.execution.batch_size", profile.batch_size.to_string()),
        ("datafusion.execution.planning_concurrency", profile.planning_concurrency.to_string()),
        ("datafusion.execution.collect_statistics", "true".into()),
        ("datafusion.execution.time_zone", "+00:00".into()),
        ("datafusion.explain.show_statistics", "false".into()),
        ("datafusion.explain.show_schema", "false".into()),
        ("datafusion.explain.physical_plan_only", "false".into()),
        ("datafusion.explain.logical_plan_only", "false".into()),
        ("datafusion.catalog.information_schema", "false".into()),
    ]
}

impl Profile {
    /// The session config of this profile, with a capture's overrides applied last. An unknown key or a refused
    /// value fails with DataFusion's Configuration error.
    pub fn session_config(&self, overrides: &BTreeMap<String, String>) -> EngineResult<SessionConfig> {
        let mut config = SessionConfig::new();
        let options = config.options_mut();
        for (key, value) in pinned(self) {
            options.set(key, &value)?;
        }
        for (key, value) in self.config.iter().chain(overrides.iter()) {
            options.set(key, value)?;
        }
        Ok(config)
    }
}
