//! The planning environment: every config entry, the RuntimeEnv, the profile and the engine build, and which of
//! them shape plans.
//!
//! Classification (documented in the README): a key shapes plans unless it only affects display (`explain.*`,
//! `format.*`), runtime resources (`runtime.*`, spilling, planning concurrency) or writing files (Parquet writer
//! options). Unknown keys count as plan-shaping: a drift report that says too much beats one that misses a cause.

use crate::canonical::{hash_value, NORMALIZER_VERSION};
use crate::runtime::EngineRuntime;
use datafusion::execution::session_state::SessionState;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const NOT_SHAPING_PREFIXES: &[&str] = &["datafusion.explain.", "datafusion.format.", "datafusion.runtime."];

const NOT_SHAPING_KEYS: &[&str] = &[
    "datafusion.execution.planning_concurrency",
    "datafusion.execution.spill_compression",
    "datafusion.execution.sort_spill_reservation_bytes",
    "datafusion.execution.sort_in_place_threshold_bytes",
    "datafusion.execution.max_spill_file_size_bytes",
    "datafusion.execution.meta_fetch_concurrency",
    "datafusion.execution.max_buffered_batches_per_output_file",
    "datafusion.execution.soft_max_rows_per_output_file",
    "datafusion.execution.minimum_parallel_output_files",
    "datafusion.execution.keep_partition_by_columns",
    "datafusion.execution.skip_physical_aggregate_schema_check",
];

const PARQUET_WRITER_KEYS: &[&str] = &[
    "data_pagesize_limit", "write_batch_size", "writer_version", "skip_arrow_metadata", "compression",
    "dictionary_enabled", "dictionary_page_size_limit", "statistics_enabled", "max_row_group_size", "created_by",
    "column_index_truncate_length", "statistics_truncate_length", "data_page_row_count_limit", "encoding",
    "bloom_filter_on_write", "bloom_filter_fpp", "bloom_filter_ndv", "allow_single_file_parallelism",
    "maximum_parallel_row_group_writers", "maximum_buffered_record_batches_per_stream", "use_content_defined_chunking",
];

pub fn shapes_plans(key: &str) -> bool {
    if NOT_SHAPING_PREFIXES.iter().any(|p| key.starts_with(p)) || NOT_SHAPING_KEYS.contains(&key) {
        return false;
    }
    match key.strip_prefix("datafusion.execution.parquet.") {
        Some(option) => !PARQUET_WRITER_KEYS.iter().any(|w| option == *w || option.starts_with(&format!("{w}."))),
        None => true,
    }
}

pub fn engine_build() -> Value {
    json!({
        "datafusion_version": datafusion::DATAFUSION_VERSION,
        "datafusion_features": env!("PROVENANCE_DF_FEATURES").split(',').collect::<Vec<_>>(),
        "crate": env!("CARGO_PKG_NAME"),
        "crate_version": env!("CARGO_PKG_VERSION"),
        "rustc": env!("PROVENANCE_RUSTC"),
        "target": env!("PROVENANCE_TARGET"),
        "build_profile": env!("PROVENANCE_PROFILE"),
        "normalizer_version": NORMALIZER_VERSION,
    })
}

/// Returns the component and its two hashes (planning_env_hash, full_env_hash).
pub fn planning_env(state: &SessionState, runtime: &EngineRuntime, overrides: &BTreeMap<String, String>) -> (Value, String, String) {
    let mut config = Map::new();
    let mut shaping = Map::new();
    let mut explain = Map::new();
    for entry in state.config_options().entries() {
        let value = entry.value.clone().map(Value::String).unwrap_or(Value::Null);
        if entry.key.starts_with("datafusion.explain.") {
            explain.insert(entry.key.clone(), value.clone());
        }
        if shapes_plans(&entry.key) {
            shaping.insert(entry.key.clone(), value.clone());
        }
        config.insert(entry.key, value);
    }
    let runtime_env: Map<String, Value> = state
        .runtime_env()
        .config_entries()
        .into_iter()
        .map(|e| (e.key, e.value.map(Value::String).unwrap_or(Value::Null)))
        .collect();
    let profile = serde_json::to_value(&runtime.profile).expect("profile serialises");
    let shaping_view = json!({
        "config": shaping,
        "disabled_rules": runtime.profile.disabled_rules,
        "datafusion_version": datafusion::DATAFUSION_VERSION,
    });
    let planning_env_hash = hash_value(&shaping_view);
    let component = json!({
        "config": config,
        "runtime_env": runtime_env,
        "explain": explain,
        "profile": profile,
        "overrides": overrides,
        "engine": engine_build(),
        "plan_shaping_keys": shaping.keys().collect::<Vec<_>>(),
        "planning_env_hash": planning_env_hash,
    });
    let full_env_hash = hash_value(&component);
    let mut component = component;
    component["full_env_hash"] = Value::String(full_env_hash.clone());
    (component, planning_env_hash, full_env_hash)
}

#[cfg(test)]
mod tests {
    use super::shapes_plans;

    #[test]
    fn classification_separates_display_and_resources_from_planning() {
        assert!(shapes_plans("datafusion.execution.target_partitions"));
        assert!(shapes_plans("datafusion.optimizer.prefer_hash_join"));
        assert!(shapes_plans("datafusion.execution.parquet.pushdown_filters"));
        assert!(!shapes_plans("datafusion.execution.parquet.compression"));
        assert!(!shapes_plans("datafusion.explain.format"));
        assert!(!shapes_plans("datafusion.execution.planning_concurrency"));
        assert!(shapes_plans("some.extension.key"));
    }
}
