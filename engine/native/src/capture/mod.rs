//! One capture = every artifact, from one planning pass: SQL → logical plan → analyzed and optimized logical plan
//! (each rule observed) → physical plan (each physical rule observed), then everything derived from those objects.

mod env;
mod explain;
pub mod known;
pub mod observe;
mod plans;
mod render;
mod verbose;
mod rules;
mod schema;
mod stats;
mod udf_catalog;

pub use explain::{to_batch, Rows};

use crate::canonical::{canonical_json, hash_value, NORMALIZER_VERSION};
use crate::errors::{invalid, EngineResult};
use crate::guard;
use crate::session::EngineSession;
use datafusion::common::display::PlanType;
use datafusion::logical_expr::LogicalPlan;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

pub const ARTIFACT_SCHEMA_VERSION: u32 = 6;

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Counts a capture in flight for as long as it lives.
struct InFlight;

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A helper task's result; a panic in it is re-raised here, inside the JNI catch-unwind wrapper.
pub(crate) fn joined<T>(result: Result<T, tokio::task::JoinError>) -> T {
    result.unwrap_or_else(|e| match e.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(e) => panic!("a capture's helper task ended early: {e}"),
    })
}

/// Whether a starting capture gets helper tasks (renderer, logical encodings, round trip) on its runtime's threads
/// (kept from capture to capture, not started for each): yes while captures in flight leave cores idle (on two
/// cores: when it runs alone). Under load every core is busy already, and helpers would add only their own cost; the
/// same work then runs on the capturing thread, with the same results.
fn helpers() -> (bool, InFlight) {
    static CORES: OnceLock<usize> = OnceLock::new();
    let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    let before = IN_FLIGHT.fetch_add(1, Ordering::AcqRel);
    (before < (cores / 2).max(1), InFlight)
}

pub struct Capture {
    /// Canonical JSON text of each component.
    pub components: BTreeMap<String, Arc<str>>,
    pub hashes: BTreeMap<String, String>,
    pub plan_bytes: BTreeMap<&'static str, Vec<u8>>,
    pub explain: BTreeMap<&'static str, Rows>,
}

pub async fn capture(
    session: &EngineSession,
    sql: &str,
    overrides: &BTreeMap<String, String>,
    external: &BTreeMap<String, String>,
) -> EngineResult<Capture> {
    let runtime = &session.runtime;
    let roots = &runtime.roots;
    let mut state = session.ctx.state();
    for (key, value) in overrides {
        state.config_mut().options_mut().set(key, value)?;
    }
    let state = Arc::new(state);
    let tokio = tokio::runtime::Handle::current();

    let mut tables = BTreeMap::new();
    for (name, origin) in &session.origins {
        if let Some(provider) = session.ctx.table_provider(name.as_str()).await.ok() {
            tables.insert(name.clone(), (origin.clone(), provider));
        }
    }
    let sources: Vec<(String, String)> = session
        .origins
        .values()
        .filter_map(|o| Some((o.detail.get("first_file")?.as_str()?.to_string(), o.detail.get("statistics_source")?.as_str()?.to_string())))
        .filter(|(_, source)| source != "absent")
        .collect();

    // One planning pass. With helpers, the per-rule plans render beside the planner as the rules produce them, and
    // the work that needs no physical plan (the logical encodings, the schema) starts as soon as the optimized
    // logical plan exists; without, the same work runs here after planning.
    let (threads, _in_flight) = helpers();
    let renderer = render::Renderer::spawn(roots.clone(), threads.then_some(&tokio));
    let logical = guard::plan_read_query(&state, sql).await?;
    let optimized = optimize_observed(&state, &session.recorder, &renderer, &logical)?;
    let listening = session.recorder.listen(renderer.physical_sink());
    let mut tables = Some(tables);
    let early = threads.then(|| {
        let (state, runtime, optimized) = (Arc::clone(&state), Arc::clone(runtime), optimized.clone());
        let (logical, tables) = (logical.clone(), tables.take().unwrap_or_default());
        tokio.spawn(async move {
            let roots = &runtime.roots;
            let encodings = plans::logical_encodings(&state, &logical, &optimized, roots, &runtime.known).await;
            (encodings, schema::component(&tables, roots))
        })
    });
    let physical = state.query_planner().create_physical_plan(&optimized, state.as_ref()).await?;
    drop(listening);
    renderer.final_plan(&physical);

    // After planning: the physical plan's round trip (decode, re-encode) on a helper; its canonical form, the indent
    // and tree renderings and the statistics here, while the renderer finishes the verbose renderings.
    let tree_width = state.config_options().explain.tree_maximum_render_width;
    let physical_encoding = Arc::new(plans::PhysicalEncoding::new(&physical, &runtime.known));
    let roundtrip = (threads && !physical_encoding.is_known()).then(|| {
        let (encoding, state) = (Arc::clone(&physical_encoding), Arc::clone(&state));
        tokio.spawn_blocking(move || encoding.roundtrip(&state))
    });
    let finals = explain::final_texts(&physical, tree_width, roots);
    let (stats_component, statistics_hash) = stats::component(&physical, roots, &sources);
    let physical_canonical = physical_encoding.canonical(roots);
    let rendered = renderer.finish().await;
    let renderings = explain::renderings(&rendered, &optimized, &finals);
    let (explain_component, explain_hash) = explain::component(&renderings, finals.hashes(&rendered), roots);
    let logical_text = rendered.logical.first().map(|step| Arc::clone(&step.plan));
    let roundtrip = match roundtrip {
        Some(task) => joined(task.await),
        None => physical_encoding.roundtrip(&state),
    };
    // The round trip's task has ended, and with it its reference.
    let physical_encoding = Arc::try_unwrap(physical_encoding).unwrap_or_else(|shared| (*shared).clone());
    let physical_enc = physical_encoding.finish(physical_canonical, roundtrip, roots, &runtime.known);
    let (encodings, (schema_component, information_schema_hash)) = match early {
        Some(task) => joined(task.await),
        None => (
            plans::logical_encodings(&state, &logical, &optimized, roots, &runtime.known).await,
            schema::component(&tables.unwrap_or_default(), roots),
        ),
    };
    let logical_text = logical_text.unwrap_or_else(|| Arc::new(logical.display_indent().to_string()));
    let plans = plans::artifacts(encodings, physical_enc, &logical_text, &physical, roots);
    let (udf_component, udf_catalog_hash) = runtime
        .udf_catalog
        .get_or_init(|| {
            let (value, hash) = udf_catalog::component(&state, &runtime.profile);
            (canonical_json(&value).into(), hash)
        })
        .clone();
    let env_text = || {
        let (value, planning, full) = env::planning_env(&state, runtime, overrides);
        (canonical_json(&value).into(), planning, full)
    };
    // Without overrides a session's config is the runtime's own: its env is the same on every capture.
    let (env_component, planning_env_hash, full_env_hash): (Arc<str>, _, _) =
        if overrides.is_empty() { runtime.default_env.get_or_init(env_text).clone() } else { env_text() };
    let (rule_component, rulepack_hash) = runtime
        .rulepack
        .get_or_init(|| {
            let (value, hash) = rules::rulepack(&state, &runtime.profile.disabled_rules);
            (canonical_json(&value).into(), hash)
        })
        .clone();

    let mut hashes = BTreeMap::from([
        ("plan_fingerprint".to_string(), plans.plan_fingerprint.clone()),
        ("planning_env_hash".to_string(), planning_env_hash),
        ("full_env_hash".to_string(), full_env_hash),
        ("rulepack_hash".to_string(), rulepack_hash),
        ("explain_hash".to_string(), explain_hash),
        ("statistics_hash".to_string(), statistics_hash),
        ("information_schema_hash".to_string(), information_schema_hash),
        ("udf_catalog_hash".to_string(), udf_catalog_hash),
    ]);
    let mut components = BTreeMap::from([
        ("explain".to_string(), explain_component),
        ("plans".to_string(), plans.component),
        ("statistics".to_string(), stats_component),
        ("schema".to_string(), schema_component),
    ]);
    // Components captured outside the engine (a Delta snapshot's identity) hash through the same encoding.
    for (name, text) in external {
        let value: Value = serde_json::from_str(text).map_err(|e| invalid(format!("external component {name}: {e}")))?;
        hashes.insert(format!("{}_snapshot_hash", name.replace('-', "_")), hash_value(&value));
        components.insert(name.clone(), value);
    }

    // Plan identity: what the plan is and everything that shaped it (not display-only settings nor statistics,
    // which drift reports show separately).
    let identity_parts: BTreeMap<&String, &String> = hashes
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "full_env_hash" | "explain_hash" | "statistics_hash"))
        .collect();
    let plan_identity_hash = hash_value(&json!(identity_parts));
    hashes.insert("plan_identity_hash".into(), plan_identity_hash);
    let audit = json!({
        "artifact_schema_version": ARTIFACT_SCHEMA_VERSION,
        "normalizer_version": NORMALIZER_VERSION,
        "datafusion_version": datafusion::DATAFUSION_VERSION,
        "profile": runtime.profile.name,
        "hashes": hashes,
    });
    let audit_hash = hash_value(&audit);
    let mut audit = audit;
    audit["audit_hash"] = Value::String(audit_hash.clone());
    hashes.insert("audit_hash".into(), audit_hash);
    components.insert("audit".into(), audit);

    let mut components: BTreeMap<String, Arc<str>> =
        components.into_iter().map(|(name, value)| (name, canonical_json(&value).into())).collect();
    components.insert("udfs".into(), udf_component);
    components.insert("planning-env".into(), env_component);
    components.insert("rulepack".into(), rule_component);
    Ok(Capture { components, hashes, plan_bytes: plans.bytes, explain: renderings })
}

/// Analyzer then optimizer; each rule's output goes to the renderer (as `EXPLAIN VERBOSE` renders it). An optimizer
/// rule that changed nothing shows the text rendered before (see `observe::ObservedLogicalRule`), so only changed
/// plans are handed over; each analyzer rule's output is (there are few, and they report no change flag).
fn optimize_observed(
    state: &datafusion::execution::session_state::SessionState,
    recorder: &observe::PlanRecorder,
    renderer: &render::Renderer,
    logical: &LogicalPlan,
) -> EngineResult<LogicalPlan> {
    renderer.logical(PlanType::InitialLogicalPlan, Some(logical.clone()));
    let analyzed = state.analyzer().execute_and_check(logical.clone(), state.config_options(), |plan, rule| {
        renderer.logical(PlanType::AnalyzedLogicalPlan { analyzer_name: rule.name().to_string() }, Some(plan.clone()));
    })?;
    // The analyzer returns the plan its last rule produced (or its input, when it has no rules).
    renderer.logical(PlanType::FinalAnalyzedLogicalPlan, None);
    recorder.logical_changed();
    let optimized = state.optimizer().optimize(analyzed, state, |plan, rule| {
        let changed = recorder.logical_changed().then(|| plan.clone());
        renderer.logical(PlanType::OptimizedLogicalPlan { optimizer_name: rule.name().to_string() }, changed);
    })?;
    Ok(optimized)
}
