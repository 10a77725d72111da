//! Serialized plans: datafusion-proto logical, optimized logical and physical plans, Substrait of the optimized
//! logical plan, each round-tripped (decode, re-encode, compare canonically), and the plan fingerprints.

use super::difference::first_differences;
use crate::known::{Key, KnownEncodings, RoundTrip};
use crate::canonical::{canonical_json, hash_text, hash_value, normalise_in_place, sha256_hex, Normalisation};
use crate::codec::{ProvenanceLogicalCodec, ProvenancePhysicalCodec, StableExprIds};
use crate::roots::DataRoots;
use datafusion::common::Result;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::{displayable, ExecutionPlan};
use datafusion_proto::bytes::{
    logical_plan_from_bytes_with_extension_codec, logical_plan_to_bytes_with_extension_codec,
    physical_plan_from_bytes_with_extension_codec,
};
use datafusion_proto::physical_plan::PhysicalProtoConverterExtension;
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

fn external<E: std::error::Error + Send + Sync + 'static>(e: E) -> datafusion::error::DataFusionError {
    datafusion::error::DataFusionError::External(Box::new(e))
}

/// Canonical text of a proto message: pbjson JSON re-read into sorted-key form (proto `map` fields iterate in
/// hash order in DataFusion 55), data roots masked, volatile fields dropped.
fn canonical_proto<M: Message + Default + serde::Serialize>(bytes: &[u8], roots: &DataRoots) -> Result<String> {
    let message = M::decode(bytes).map_err(external)?;
    Ok(canonical_value(serde_json::to_value(&message).map_err(external)?, roots))
}

fn canonical_value(value: Value, roots: &DataRoots) -> String {
    canonical_json(&normalised(value, roots))
}

fn normalised(mut value: Value, roots: &DataRoots) -> Value {
    // Dynamic filter ids come from a process-wide counter: keep which nodes share one, not its number.
    let normalisation =
        Normalisation { drop: VOLATILE_FIELDS, renumber: "exprId", map_string: &|s| roots.mask_if_needed(s) };
    normalise_in_place(&mut value, &normalisation, &mut std::collections::HashMap::new());
    value
}

/// The result of comparing two canonical forms (texts of canonical JSON): identical, or where they differ. Parsing
/// them again happens only on a difference, which is rare.
fn compared(first: Option<&str>, again: &str) -> RoundTrip {
    if first == Some(again) {
        return RoundTrip::Identical;
    }
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    RoundTrip::Differs(first_differences(&first.map(parse).unwrap_or(Value::Null), &parse(again)))
}

/// Substrait extension declarations come out of a HashMap: order them (by encoded bytes) before hashing.
fn sorted_substrait(mut plan: Plan) -> Plan {
    plan.extensions.sort_by_key(|e| e.encode_to_vec());
    plan.extension_urns.sort_by_key(|e| e.encode_to_vec());
    plan
}

fn canonical_substrait(plan: Plan) -> Vec<u8> {
    sorted_substrait(plan).encode_to_vec()
}

/// Whether a Substrait plan came back the same: its canonical bytes decide; where they differ is told on the
/// message's JSON form (the same message the bytes encode), normalised as the proto forms are.
fn substrait_compared(first: &Plan, first_bytes: &[u8], again: Plan, roots: &DataRoots) -> Result<RoundTrip> {
    let again = sorted_substrait(again);
    if again.encode_to_vec() == first_bytes {
        return Ok(RoundTrip::Identical);
    }
    let json = |plan: &Plan| serde_json::to_value(plan).map(|v| normalised(v, roots)).map_err(external);
    Ok(RoundTrip::Differs(first_differences(&json(&sorted_substrait(first.clone()))?, &json(&again)?)))
}

/// Whether re-encoded bytes are the same plan: equal bytes are, without canonicalising again; otherwise (proto map
/// entries may come out in another order) the canonical forms decide.
fn same_plan<M: Message + Default + serde::Serialize>(
    first: &[u8],
    again: &[u8],
    first_canonical: &Option<String>,
    roots: &DataRoots,
) -> Result<RoundTrip> {
    if first == again {
        return Ok(RoundTrip::Identical);
    }
    Ok(compared(first_canonical.as_deref(), &canonical_proto::<M>(again, roots)?))
}

fn outcome(result: std::result::Result<RoundTrip, String>) -> Value {
    match result {
        Ok(RoundTrip::Identical) => json!({ "status": "identical" }),
        Ok(RoundTrip::Differs(difference)) => json!({ "status": "differs", "difference": difference }),
        Err(e) => json!({ "status": "failed", "error": e }),
    }
}

/// Proto bytes, canonical form and round-trip outcome of one plan kind.
pub struct Encoded {
    bytes: Vec<(&'static str, Vec<u8>)>,
    errors: Vec<(&'static str, String)>,
    /// SHA-256 of the canonical form, taken on the thread that made it.
    canonical_hash: Option<String>,
    roundtrip: std::result::Result<RoundTrip, String>,
}

fn logical_part(
    state: &SessionState,
    logical: &LogicalPlan,
    optimized: &LogicalPlan,
    roots: &DataRoots,
    known: &KnownEncodings,
) -> Encoded {
    let codec = ProvenanceLogicalCodec;
    let task = state.task_ctx();
    let mut out = Encoded { bytes: vec![], errors: vec![], canonical_hash: None, roundtrip: Err(String::new()) };
    for (name, plan) in [("logical_proto", logical), ("optimized_logical_proto", optimized)] {
        match logical_plan_to_bytes_with_extension_codec(plan, &codec) {
            Ok(b) => out.bytes.push((name, b.to_vec())),
            Err(e) => {
                out.errors.push((name, e.strip_backtrace()));
                out.bytes.push((name, Vec::new()));
            }
        }
    }
    let opt = &out.bytes[1].1;
    if opt.is_empty() {
        out.roundtrip = Err(out.errors.iter().find(|e| e.0 == "optimized_logical_proto").map(|e| e.1.clone()).unwrap_or_default());
        return out;
    }
    let key = KnownEncodings::key("optimized_logical_proto", opt);
    if let Some(seen) = known.get(&key) {
        (out.canonical_hash, out.roundtrip) = (seen.canonical_hash, Ok(seen.roundtrip));
        return out;
    }
    let canonical = canonical_proto::<LogicalPlanNode>(opt, roots).ok();
    out.roundtrip = logical_plan_from_bytes_with_extension_codec(opt, &task, &codec)
        .and_then(|decoded| logical_plan_to_bytes_with_extension_codec(&decoded, &codec))
        .and_then(|again| same_plan::<LogicalPlanNode>(opt, &again, &canonical, roots))
        .map_err(|e| e.strip_backtrace());
    out.canonical_hash = canonical.as_deref().map(hash_text);
    known.remember(key, &out.canonical_hash, &out.roundtrip);
    out
}

/// Physical proto bytes as stored (dynamic-filter ids renumbered as they are encoded, so a repeat capture of an
/// unchanged plan stores the same bytes, not a new copy) and the message they encode.
fn encode_physical(plan: &Arc<dyn ExecutionPlan>) -> Result<(PhysicalPlanNode, Vec<u8>)> {
    let node = StableExprIds::default().execution_plan_to_proto(plan, &ProvenancePhysicalCodec)?;
    let bytes = node.encode_to_vec();
    Ok((node, bytes))
}

/// The physical plan's encoding, in halves that run at once on two threads: the round trip (decode, re-encode) and
/// the canonical form; neither runs when the runtime already knows these bytes.
#[derive(Clone)]
pub struct PhysicalEncoding {
    encoded: std::result::Result<(PhysicalPlanNode, Vec<u8>), String>,
    key: Option<Key>,
    known: Option<crate::known::Known>,
}

/// The round trip's result: `None` when the re-encoded bytes are the stored ones, else the re-encoded message.
pub type Roundtrip = std::result::Result<Option<PhysicalPlanNode>, String>;

impl PhysicalEncoding {
    pub fn new(physical: &Arc<dyn ExecutionPlan>, known: &KnownEncodings) -> Self {
        let encoded = encode_physical(physical).map_err(|e| e.strip_backtrace());
        let key = encoded.as_ref().ok().map(|(_, bytes)| KnownEncodings::key("physical_proto", bytes));
        let known = key.as_ref().and_then(|key| known.get(key));
        PhysicalEncoding { encoded, key, known }
    }

    /// Whether the round trip and canonical form are known already (nothing to do for them).
    pub fn is_known(&self) -> bool {
        self.known.is_some()
    }

    pub fn roundtrip(&self, state: &SessionState) -> Roundtrip {
        let (_, bytes) = self.encoded.as_ref().map_err(Clone::clone)?;
        if self.is_known() {
            return Ok(None);
        }
        let decoded = physical_plan_from_bytes_with_extension_codec(bytes, &state.task_ctx(), &ProvenancePhysicalCodec)
            .map_err(|e| e.strip_backtrace())?;
        let (again, again_bytes) = encode_physical(&decoded).map_err(|e| e.strip_backtrace())?;
        Ok((again_bytes != *bytes).then_some(again))
    }

    pub fn canonical(&self, roots: &DataRoots) -> Option<String> {
        if self.is_known() {
            return None;
        }
        let (node, _) = self.encoded.as_ref().ok()?;
        canonical_physical(node, roots).ok()
    }

    pub fn finish(self, canonical: Option<String>, roundtrip: Roundtrip, roots: &DataRoots, known: &KnownEncodings) -> Encoded {
        let (bytes, errors) = match self.encoded {
            Ok((_, bytes)) => (bytes, vec![]),
            Err(e) => (Vec::new(), vec![("physical_proto", e)]),
        };
        if let Some(seen) = self.known {
            let (canonical_hash, roundtrip) = (seen.canonical_hash, Ok(seen.roundtrip));
            return Encoded { bytes: vec![("physical_proto", bytes)], errors, canonical_hash, roundtrip };
        }
        // Equal bytes are the same plan; otherwise (proto map entries may come out in another order) the canonical
        // forms decide.
        let roundtrip = roundtrip.and_then(|again| match again {
            None => Ok(RoundTrip::Identical),
            Some(again) => Ok(compared(canonical.as_deref(), &canonical_physical(&again, roots).map_err(|e| e.strip_backtrace())?)),
        });
        let canonical_hash = canonical.as_deref().map(hash_text);
        if let Some(key) = self.key {
            known.remember(key, &canonical_hash, &roundtrip);
        }
        Encoded { bytes: vec![("physical_proto", bytes)], errors, canonical_hash, roundtrip }
    }
}

fn canonical_physical(node: &PhysicalPlanNode, roots: &DataRoots) -> Result<String> {
    Ok(canonical_value(serde_json::to_value(node).map_err(external)?, roots))
}

async fn substrait_part(state: &SessionState, optimized: &LogicalPlan, roots: &DataRoots, known: &KnownEncodings) -> Encoded {
    let mut out = Encoded { bytes: vec![], errors: vec![], canonical_hash: None, roundtrip: Err(String::new()) };
    match to_substrait_plan(optimized, state) {
        Ok(plan) => {
            let canonical = canonical_substrait(*plan.clone());
            let key = KnownEncodings::key("substrait", &canonical);
            out.roundtrip = match known.get(&key) {
                Some(seen) => Ok(seen.roundtrip),
                None => {
                    let roundtrip = match from_substrait_plan(state, &plan).await {
                        Ok(decoded) => to_substrait_plan(&decoded, state)
                            .and_then(|again| substrait_compared(&plan, &canonical, *again, roots))
                            .map_err(|e| e.strip_backtrace()),
                        Err(e) => Err(e.strip_backtrace()),
                    };
                    known.remember(key, &None, &roundtrip);
                    roundtrip
                }
            };
            out.bytes.push(("substrait", canonical));
        }
        Err(e) => {
            out.errors.push(("substrait", e.strip_backtrace()));
            out.roundtrip = Err(e.strip_backtrace());
            out.bytes.push(("substrait", Vec::new()));
        }
    }
    out
}

/// The optimized logical plan's encodings (datafusion-proto and Substrait) and its rendering with schema, made on a
/// thread of their own from the moment the logical optimizer is done, while the physical planner works.
pub struct LogicalEncodings {
    proto: Encoded,
    substrait: Encoded,
    optimized_text: String,
}

pub async fn logical_encodings(
    state: &SessionState,
    logical: &LogicalPlan,
    optimized: &LogicalPlan,
    roots: &DataRoots,
    known: &KnownEncodings,
) -> LogicalEncodings {
    LogicalEncodings {
        proto: logical_part(state, logical, optimized, roots, known),
        substrait: substrait_part(state, optimized, roots, known).await,
        optimized_text: roots.mask(&optimized.display_indent_schema().to_string()),
    }
}

/// The plans component and fingerprints, from the encodings of one capture.
/// `logical_text` is the initial logical plan as rendered for EXPLAIN.
pub fn artifacts(
    encodings: LogicalEncodings,
    physical_enc: Encoded,
    logical_text: &str,
    physical: &Arc<dyn ExecutionPlan>,
    roots: &DataRoots,
) -> PlanArtifacts {
    let LogicalEncodings { proto: logical_enc, substrait: substrait_enc, optimized_text } = encodings;
    let mut bytes = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for enc in [&logical_enc, &physical_enc, &substrait_enc] {
        bytes.extend(enc.bytes.iter().cloned());
        errors.extend(enc.errors.iter().cloned());
    }

    // The fingerprint stands on the canonical proto forms; a plan datafusion-proto cannot encode falls back to its
    // root-masked rendering, and the component says which source was used.
    let (logical_fp, logical_source) = match &logical_enc.canonical_hash {
        Some(hash) => (hash.clone(), "datafusion_proto"),
        None => (hash_text(&optimized_text), "display"),
    };
    let (physical_fp, physical_source) = match &physical_enc.canonical_hash {
        Some(hash) => (hash.clone(), "datafusion_proto"),
        None => (hash_text(&roots.mask(&displayable(physical.as_ref()).indent(false).to_string())), "display"),
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
            "optimized_logical_proto": outcome(logical_enc.roundtrip),
            "physical_proto": outcome(physical_enc.roundtrip),
            "substrait": outcome(substrait_enc.roundtrip),
        },
        "encode_errors": errors,
        // Sizes only: raw proto bytes may order map entries differently run to run; the fingerprints above are
        // over the canonical forms.
        "byte_sizes": sizes,
        "substrait_sha256_canonical": sha256_hex(&bytes["substrait"]),
        "logical_plan": roots.mask(logical_text),
        "optimized_logical_plan": optimized_text,
    });
    PlanArtifacts { component, bytes, plan_fingerprint }
}
