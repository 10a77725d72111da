//! The runtime profile: every plan-shaping knob pinned explicitly, so no plan depends on the machine's core count.

use crate::errors::EngineResult;
use datafusion::execution::context::SessionConfig;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub target_partitions: usize,
    pub batch_size: usize,
    pub planning_concurrency: usize,
    pub memory_limit_bytes: usize,
    pub async_udf_batch_size: usize,
    pub async_udf_timeout_ms: u64,
    #[serde(default)]
    pub disabled_rules: Vec<String>,
    #[serde(default)]
    pub config: BTreeMap<String, String>,
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
    pub fn parse(json: &str) -> EngineResult<Profile> {
        Ok(serde_json::from_str(json)?)
    }

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
