//! Serialized plans: datafusion-proto logical, optimized logical and physical plans, Substrait of the optimized
//! logical plan, each round-tripped (decode, re-encode, compare canonically), and the plan fingerprints.

use crate::canonical::{canonical_json, drop_keys, hash_text, hash_value, map_strings, renumber, sha256_hex};
use crate::codec::{ProvenanceLogicalCodec, ProvenancePhysicalCodec};
use crate::roots::DataRoots;
use datafusion::common::Result;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::bytes::{
    logical_plan_from_bytes_with_extension_codec, logical_plan_to_bytes_with_extension_codec,
    physical_plan_from_bytes_with_extension_codec, physical_plan_to_bytes_with_extension_codec,
};
use datafusion_proto::protobuf::{LogicalPlanNode, PhysicalPlanNode};
use datafusion_substrait::logical_plan::consumer::from_substrait_plan;
use datafusion_substrait::logical_plan::producer::to_substrait_plan;
use datafusion_substrait::substrait::proto::Plan;
use prost::Message;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Fields that differ between two copies of the same data without changing the plan.
const VOLATILE_FIELDS: &[&str] = &["lastModified", "lastModifiedNs", "last_modified"];

pub struct PlanArtifacts {
    pub component: Value,
    pub bytes: BTreeMap<&'static str, Vec<u8>>,
    pub plan_fingerprint: String,
}

/// Canonical text of a proto message: pbjson JSON re-read into sorted-key form (proto `map` fields iterate in
/// hash order in DataFusion 55), data roots masked, volatile fields dropped.
fn canonical_proto<M: Message + Default + serde::Serialize>(bytes: &[u8], roots: &DataRoots) -> Result<String> {
    let message = M::decode(bytes).map_err(|e| datafusion::error::DataFusionError::External(Box::new(e)))?;
    let mut value = serde_json::to_value(&message).map_err(|e| datafusion::error::DataFusionError::External(Box::new(e)))?;
    drop_keys(&mut value, VOLATILE_FIELDS);
    // Dynamic filter ids come from a process-wide counter: keep which nodes share one, not its number.
    renumber(&mut value, "exprId", &mut std::collections::HashMap::new());
    map_strings(&mut value, &|s| roots.mask(s));
    Ok(canonical_json(&value))
}

/// Substrait extension declarations come out of a HashMap: order them (by encoded bytes) before hashing.
fn canonical_substrait(mut plan: Plan) -> Vec<u8> {
    plan.extensions.sort_by_key(|e| e.encode_to_vec());
    plan.extension_urns.sort_by_key(|e| e.encode_to_vec());
    plan.encode_to_vec()
}

fn outcome(result: std::result::Result<bool, String>) -> Value {
    match result {
        Ok(true) => json!({ "status": "identical" }),
        Ok(false) => json!({ "status": "differs" }),
        Err(e) => json!({ "status": "failed", "error": e }),
    }
}

pub async fn artifacts(
    state: &SessionState,
    logical: &LogicalPlan,
    optimized: &LogicalPlan,
    physical: &Arc<dyn ExecutionPlan>,
    verbose_physical_text: &str,
    roots: &DataRoots,
) -> PlanArtifacts {
    let task = state.task_ctx();
    let lcodec = ProvenanceLogicalCodec;
    let pcodec = ProvenancePhysicalCodec;
    let mut bytes = BTreeMap::new();
    let mut errors = BTreeMap::new();

    let mut encode_logical = |name: &'static str, plan: &LogicalPlan| match logical_plan_to_bytes_with_extension_codec(plan, &lcodec) {
        Ok(b) => {
            bytes.insert(name, b.to_vec());
        }
        Err(e) => {
            errors.insert(name, e.strip_backtrace());
            bytes.insert(name, Vec::new());
        }
    };
    encode_logical("logical_proto", logical);
    encode_logical("optimized_logical_proto", optimized);
    match physical_plan_to_bytes_with_extension_codec(Arc::clone(physical), &pcodec) {
        Ok(b) => {
            bytes.insert("physical_proto", b.to_vec());
        }
        Err(e) => {
            errors.insert("physical_proto", e.strip_backtrace());
            bytes.insert("physical_proto", Vec::new());
        }
    }

    let opt_bytes = bytes["optimized_logical_proto"].clone();
    let logical_canonical = canonical_proto::<LogicalPlanNode>(&opt_bytes, roots).ok().filter(|_| !opt_bytes.is_empty());
    let logical_roundtrip = if opt_bytes.is_empty() {
        Err(errors.get("optimized_logical_proto").cloned().unwrap_or_default())
    } else {
        logical_plan_from_bytes_with_extension_codec(&opt_bytes, &task, &lcodec)
            .and_then(|decoded| logical_plan_to_bytes_with_extension_codec(&decoded, &lcodec))
            .and_then(|again| canonical_proto::<LogicalPlanNode>(&again, roots))
            .map(|again| Some(again) == logical_canonical)
            .map_err(|e| e.strip_backtrace())
    };

    let phys_bytes = bytes["physical_proto"].clone();
    let physical_canonical = canonical_proto::<PhysicalPlanNode>(&phys_bytes, roots).ok().filter(|_| !phys_bytes.is_empty());
    let physical_roundtrip = if phys_bytes.is_empty() {
        Err(errors.get("physical_proto").cloned().unwrap_or_default())
    } else {
        physical_plan_from_bytes_with_extension_codec(&phys_bytes, &task, &pcodec)
            .and_then(|decoded| physical_plan_to_bytes_with_extension_codec(decoded, &pcodec))
            .and_then(|again| canonical_proto::<PhysicalPlanNode>(&again, roots))
            .map(|again| Some(again) == physical_canonical)
            .map_err(|e| e.strip_backtrace())
    };

    let (substrait_bytes, substrait_roundtrip) = match to_substrait_plan(optimized, state) {
        Ok(plan) => {
            let canonical = canonical_substrait(*plan.clone());
            let roundtrip = match from_substrait_plan(state, &plan).await {
                Ok(decoded) => to_substrait_plan(&decoded, state)
                    .map(|again| canonical_substrait(*again) == canonical)
                    .map_err(|e| e.strip_backtrace()),
                Err(e) => Err(e.strip_backtrace()),
            };
            (canonical, roundtrip)
        }
        Err(e) => {
            errors.insert("substrait", e.strip_backtrace());
            (Vec::new(), Err(e.strip_backtrace()))
        }
    };
    bytes.insert("substrait", substrait_bytes.clone());

    // The fingerprint stands on the canonical proto forms; a plan datafusion-proto cannot encode falls back to its
    // root-masked rendering, and the component says which source was used.
    let (logical_fp, logical_source) = match &logical_canonical {
        Some(text) => (hash_text(text), "datafusion_proto"),
        None => (hash_text(&roots.mask(&optimized.display_indent_schema().to_string())), "display"),
    };
    let (physical_fp, physical_source) = match &physical_canonical {
        Some(text) => (hash_text(text), "datafusion_proto"),
        None => (hash_text(&roots.mask(verbose_physical_text)), "display"),
    };
    let plan_fingerprint = hash_value(&json!({ "logical": logical_fp, "physical": physical_fp }));
    let sizes: BTreeMap<&str, usize> = bytes.iter().map(|(k, v)| (*k, v.len())).collect();
    let component = json!({
        "logical_fingerprint": logical_fp,
        "logical_fingerprint_source": logical_source,
        "physical_fingerprint": physical_fp,
        "physical_fingerprint_source": physical_source,
        "plan_fingerprint": plan_fingerprint,
        "roundtrip": {
            "optimized_logical_proto": outcome(logical_roundtrip),
            "physical_proto": outcome(physical_roundtrip),
            "substrait": outcome(substrait_roundtrip),
        },
        "encode_errors": errors,
        // Sizes only: raw proto bytes may order map entries differently run to run; the fingerprints above are
        // over the canonical forms.
        "byte_sizes": sizes,
        "substrait_sha256_canonical": sha256_hex(&substrait_bytes),
        "logical_plan": roots.mask(&logical.display_indent().to_string()),
        "optimized_logical_plan": roots.mask(&optimized.display_indent_schema().to_string()),
    });
    PlanArtifacts { component, bytes, plan_fingerprint }
}
