//! The rulepack: analyzer, logical optimizer and physical optimizer rule names in the order they run.

use crate::canonical::hash_value;
use datafusion::execution::session_state::SessionState;
use serde_json::{json, Value};

pub fn rulepack(state: &SessionState, disabled: &[String]) -> (Value, String) {
    let analyzer: Vec<&str> = state.analyzer().rules.iter().map(|r| r.name()).collect();
    let logical: Vec<&str> = state.optimizers().iter().map(|r| r.name()).collect();
    let physical: Vec<&str> = state.physical_optimizers().iter().map(|r| r.name()).collect();
    let max_passes = state.config_options().optimizer.max_passes;
    let lists = json!({
        "analyzer": analyzer,
        "logical_optimizer": logical,
        "physical_optimizer": physical,
        "disabled": disabled,
        "logical_max_passes": max_passes,
    });
    let hash = hash_value(&lists);
    let mut component = lists;
    component["rulepack_hash"] = Value::String(hash.clone());
    (component, hash)
}
