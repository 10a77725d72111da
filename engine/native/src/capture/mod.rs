//! One capture = every artifact, from one planning pass: SQL → logical plan → analyzed and optimized logical plan
//! (each rule observed) → physical plan (each physical rule observed), then everything derived from those objects.

mod env;
mod explain;
mod difference;
mod plans;
mod render;
mod verbose;
mod rules;
mod schema;
mod stats;
mod tree;
mod udf_catalog;

pub use explain::{to_batch, Rows};

use crate::canonical::{canonical_json, hash_value, NORMALIZER_VERSION};
use crate::contract::{self, ComponentName};
use crate::errors::{internal, EngineResult};
use crate::guard;
use crate::known::KnownEncodings;
use crate::session::EngineSession;
use datafusion::common::display::PlanType;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::ExecutionPlan;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Counts a capture in flight for as long as it lives.
struct InFlight;

impl Drop for InFlight {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::AcqRel);
    }
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
    /// Components, hashes and plan bytes, as they cross to Java.
    pub result: contract::CaptureResult,
    pub explain: BTreeMap<&'static str, Rows>,
}

/// What every stage of one capture reads: the session, the request, the session state with the request's config
/// overrides, and whether helper tasks run beside the capturing thread (see [`helpers`]).
struct Context<'a> {
    session: &'a EngineSession,
    runtime: &'a Arc<crate::runtime::EngineRuntime>,
    request: &'a contract::CaptureRequest,
    overrides: BTreeMap<String, String>,
    state: Arc<SessionState>,
    tokio: tokio::runtime::Handle,
    threads: bool,
}

type Tables = BTreeMap<String, (crate::tables::TableOrigin, Arc<dyn datafusion::datasource::TableProvider>)>;
type Document = (Value, String);

/// After stage 1: the plans of the one planning pass, the renderer still at work on the per-rule plans, and the
/// logical encodings and schema under way on a helper (or left for stage 2 without one).
struct Planned {
    logical: LogicalPlan,
    optimized: LogicalPlan,
    physical: Arc<dyn ExecutionPlan>,
    renderer: render::Renderer,
    early: Option<tokio::task::JoinHandle<(plans::LogicalEncodings, Document)>>,
    tables: Option<Tables>,
}

/// After stage 2: every component's document but those a runtime renders once.
struct Encoded {
    renderings: BTreeMap<&'static str, Rows>,
    explain: Document,
    statistics: Document,
    schema: Document,
    plans: plans::PlanArtifacts,
    tree: Document,
}

/// One capture: plan → render and encode → assemble.
pub async fn capture(session: &EngineSession, request: &contract::CaptureRequest) -> EngineResult<Capture> {
    let (threads, _in_flight) = helpers();
    let cx = Context::new(session, request, threads)?;
    let planned = plan(&cx).await?;
    let encoded = render_and_encode(&cx, planned).await?;
    assemble(&cx, encoded)
}

impl<'a> Context<'a> {
    fn new(session: &'a EngineSession, request: &'a contract::CaptureRequest, threads: bool) -> EngineResult<Self> {
        let overrides: BTreeMap<String, String> = request.config_overrides.clone();
        let mut state = session.ctx.state();
        for (key, value) in &overrides {
            // A value that does not parse (batch_size=abc) fails as Context(External(ParseIntError)) in DataFusion;
            // either way it is the caller's config that is wrong, and it says so once, as a config error.
            state.config_mut().options_mut().set(key, value).map_err(|e| {
                datafusion::error::DataFusionError::Configuration(format!("{key}={value}: {}", e.strip_backtrace()))
            })?;
        }
        let (runtime, tokio) = (&session.runtime, tokio::runtime::Handle::current());
        Ok(Context { session, runtime, request, overrides, state: Arc::new(state), tokio, threads })
    }

    fn roots(&self) -> &crate::roots::DataRoots {
        &self.runtime.roots
    }

    async fn tables(&self) -> Tables {
        let mut tables = BTreeMap::new();
        for (name, origin) in &self.session.origins {
            if let Ok(provider) = self.session.ctx.table_provider(name.as_str()).await {
                tables.insert(name.clone(), (origin.clone(), provider));
            }
        }
        tables
    }

    /// Parquet tables whose statistics came from somewhere we can name (a Delta log): first file and source.
    fn statistics_sources(&self) -> Vec<(String, String)> {
        self.session
            .origins
            .values()
            .filter_map(|o| {
                let file = o.detail.get("first_file")?.as_str()?.to_string();
                Some((file, o.detail.get("statistics_source")?.as_str()?.to_string()))
            })
            .filter(|(_, source)| source != "absent")
            .collect()
    }
}

/// Stage 1, one planning pass. With helpers, the per-rule plans render beside the planner as the rules produce them,
/// and the work that needs no physical plan (the logical encodings, the schema) starts as soon as the optimized
/// logical plan exists; without, the same work runs in stage 2.
async fn plan(cx: &Context<'_>) -> EngineResult<Planned> {
    let (state, runtime) = (&cx.state, cx.runtime);
    let tables = cx.tables().await;
    let renderer = render::Renderer::spawn(cx.roots().clone(), cx.threads.then_some(&cx.tokio));
    let logical = guard::plan_read_query(state, &cx.request.sql, &runtime.profile.plan_limits).await?;
    let optimized = optimize_observed(state, &cx.session.recorder, &renderer, &logical)?;
    let mut sink = renderer.physical_sink();
    let listening = cx.session.recorder.listen(move |event| sink.push(render::Job::Physical(event)));
    let mut tables = Some(tables);
    let early = cx.threads.then(|| {
        let (state, runtime, optimized) = (Arc::clone(state), Arc::clone(runtime), optimized.clone());
        let (logical, tables) = (logical.clone(), tables.take().unwrap_or_default());
        let afresh = cx.request.verify_afresh;
        cx.tokio.spawn(async move {
            let (roots, scratch) = (&runtime.roots, KnownEncodings::default());
            let known = if afresh { &scratch } else { &runtime.known };
            let encodings = plans::logical_encodings(&state, &logical, &optimized, roots, known).await;
            (encodings, schema::component(&tables, roots))
        })
    });
    let physical = state.query_planner().create_physical_plan(&optimized, state.as_ref()).await?;
    drop(listening);
    renderer.final_plan(&physical);
    Ok(Planned { logical, optimized, physical, renderer, early, tables })
}

/// Stage 2: the physical plan's round trip (decode, re-encode) on a helper; its canonical form, the indent and tree
/// renderings and the statistics on this thread, while the renderer finishes the verbose renderings.
async fn render_and_encode(cx: &Context<'_>, planned: Planned) -> EngineResult<Encoded> {
    let Planned { logical, optimized, physical, renderer, early, tables } = planned;
    let (state, runtime, roots) = (&cx.state, cx.runtime, cx.roots());
    let scratch = KnownEncodings::default();
    let known = if cx.request.verify_afresh { &scratch } else { &runtime.known };
    let tree_width = state.config_options().explain.tree_maximum_render_width;
    let physical_encoding = Arc::new(plans::PhysicalEncoding::new(&physical, known));
    let roundtrip = (cx.threads && !physical_encoding.is_known()).then(|| {
        let (encoding, state) = (Arc::clone(&physical_encoding), Arc::clone(state));
        cx.tokio.spawn_blocking(move || encoding.roundtrip(&state))
    });
    let finals = explain::final_texts(&physical, tree_width, roots);
    let statistics = stats::component(&physical, roots, &cx.statistics_sources());
    // On this thread, not a helper: the walk recurses as deep as the plan, which the planning stack holds.
    let tree = tree::component(&optimized, &physical, state.config_options().explain.show_statistics, roots);
    let physical_canonical = physical_encoding.canonical(roots);
    let rendered = renderer.finish().await?;
    let renderings = explain::renderings(&rendered, &optimized, &finals);
    let explain = explain::component(&renderings, finals.hashes(&rendered), roots);
    let logical_text = rendered.logical.first().map(|step| Arc::clone(&step.plan));
    let roundtrip = match roundtrip {
        Some(task) => crate::errors::joined(task.await)?,
        None => physical_encoding.roundtrip(state),
    };
    // The round trip's task has ended, and with it its reference.
    let physical_encoding = Arc::try_unwrap(physical_encoding).unwrap_or_else(|shared| (*shared).clone());
    let physical_enc = physical_encoding.finish(physical_canonical, roundtrip, roots, known);
    let (encodings, schema) = match early {
        Some(task) => crate::errors::joined(task.await)?,
        None => (
            plans::logical_encodings(state, &logical, &optimized, roots, known).await,
            schema::component(&tables.unwrap_or_default(), roots),
        ),
    };
    let logical_text = logical_text.unwrap_or_else(|| Arc::new(logical.display_indent().to_string()));
    let plans = plans::artifacts(encodings, physical_enc, &logical_text, &physical, roots);
    Ok(Encoded { renderings, explain, statistics, schema, plans, tree })
}

/// Stage 3: the components a runtime renders once (UDF catalog, rulepack, planning env without overrides), external
/// components, the hashes, plan identity and the audit, as the result that crosses to Java.
fn assemble(cx: &Context<'_>, encoded: Encoded) -> EngineResult<Capture> {
    let Encoded { renderings, explain: (explain_component, explain_hash), statistics, schema, plans, tree } = encoded;
    let (state, runtime, request) = (&cx.state, cx.runtime, cx.request);
    let (udf_component, udf_catalog_hash) = runtime
        .udf_catalog
        .get_or_init(|| {
            let (value, hash) = udf_catalog::component(state, &runtime.profile);
            (canonical_json(&value).into(), hash)
        })
        .clone();
    let env_text = || {
        let (value, planning, full) = env::planning_env(state, runtime, &cx.overrides);
        (canonical_json(&value).into(), planning, full)
    };
    // Without overrides a session's config is the runtime's own: its env is the same on every capture.
    let (env_component, planning_env_hash, full_env_hash): (Arc<str>, _, _) =
        if cx.overrides.is_empty() { runtime.default_env.get_or_init(env_text).clone() } else { env_text() };
    let (rule_component, rulepack_hash) = runtime
        .rulepack
        .get_or_init(|| {
            let (value, hash) = rules::rulepack(state, &runtime.profile.disabled_rules);
            (canonical_json(&value).into(), hash)
        })
        .clone();

    let mut hashes = BTreeMap::from([
        ("plan_fingerprint".to_string(), plans.plan_fingerprint.clone()),
        ("planning_env_hash".to_string(), planning_env_hash),
        ("full_env_hash".to_string(), full_env_hash),
        ("rulepack_hash".to_string(), rulepack_hash),
        ("explain_hash".to_string(), explain_hash),
        ("statistics_hash".to_string(), statistics.1),
        ("information_schema_hash".to_string(), schema.1),
        ("udf_catalog_hash".to_string(), udf_catalog_hash.clone()),
        ("plan_tree_hash".to_string(), tree.1),
    ]);
    let mut components = BTreeMap::from([
        (contract::component_name(ComponentName::Explain), explain_component),
        (contract::component_name(ComponentName::Plans), plans.component),
        (contract::component_name(ComponentName::Statistics), statistics.0),
        (contract::component_name(ComponentName::Schema), schema.0),
        (contract::component_name(ComponentName::PlanTree), tree.0),
    ]);
    if let Some((name, counter)) = runtime.faults.variation() {
        vary(&mut components, &mut hashes, &name, counter);
    }
    // Components captured outside the engine (a Delta snapshot's identity) hash through the same encoding, under
    // the hash name their source gives.
    for external in &request.external_components {
        let value: Value = serde_json::from_str(&external.json)
            .map_err(|e| internal(format!("external component {}: {e}", external.name)))?;
        hashes.insert(external.hash_name.clone(), hash_value(&value));
        components.insert(external.name.clone(), value);
    }

    // Plan identity: what the plan is and everything that shaped it (not display-only settings nor statistics,
    // which drift reports show separately; nor the EXPLAIN texts and the plan tree, which are derived from the plans
    // the fingerprint already covers).
    let identity_parts: BTreeMap<&String, &String> = hashes
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "full_env_hash" | "explain_hash" | "statistics_hash" | "plan_tree_hash"))
        .collect();
    let plan_identity_hash = hash_value(&json!(identity_parts));
    hashes.insert("plan_identity_hash".into(), plan_identity_hash);
    let audit = json!({
        "artifact_schema_version": contract::ARTIFACT_SCHEMA_VERSION,
        "normalizer_version": NORMALIZER_VERSION,
        "datafusion_version": datafusion::DATAFUSION_VERSION,
        "profile": runtime.profile.name,
        "hashes": hashes,
    });
    let audit_hash = hash_value(&audit);
    let mut audit = audit;
    audit["audit_hash"] = Value::String(audit_hash.clone());
    hashes.insert("audit_hash".into(), audit_hash);
    components.insert(contract::component_name(ComponentName::Audit), audit);

    let mut texts: Vec<contract::ComponentText> =
        components.into_iter().map(|(name, value)| contract::ComponentText { name, json: canonical_json(&value) }).collect();
    // The caller keeps the catalog by its hash: it crosses JNI once per runtime, not once per capture.
    let udfs = if request.known_udf_catalog_hash == udf_catalog_hash { String::new() } else { udf_component.to_string() };
    let once_per_runtime =
        [(ComponentName::Udfs, udfs), (ComponentName::PlanningEnv, env_component.to_string()), (ComponentName::Rulepack, rule_component.to_string())];
    for (name, json) in once_per_runtime {
        texts.push(contract::ComponentText { name: contract::component_name(name), json });
    }
    let plan_bytes = plans
        .bytes
        .into_iter()
        .map(|(name, bytes)| Ok(contract::PlanBytes { encoding: contract::plan_encoding(name)? as i32, bytes }))
        .collect::<EngineResult<Vec<_>>>()?;
    let result = contract::CaptureResult {
        artifact_schema: contract::ARTIFACT_SCHEMA_VERSION,
        hashes,
        components: texts,
        plans: plan_bytes,
    };
    Ok(Capture { result, explain: renderings })
}

/// Test support (`vary-component:<name>`, see `faults.rs`): puts `counter` into the named component's document and
/// into the hash that covers it, before plan identity and the audit are derived, as a component that differs from
/// capture to capture would.
fn vary(components: &mut BTreeMap<String, Value>, hashes: &mut BTreeMap<String, String>, name: &str, counter: u64) {
    let hash_name = match name {
        "explain" => "explain_hash",
        "statistics" => "statistics_hash",
        "schema" => "information_schema_hash",
        "plan-tree" => "plan_tree_hash",
        _ => return,
    };
    let (Some(document), Some(hash)) = (components.get_mut(name), hashes.get_mut(hash_name)) else { return };
    *hash = hash_value(&json!([hash.as_str(), counter]));
    document["test_variation"] = json!(counter);
    if document.get(hash_name).is_some() {
        document[hash_name] = Value::String(hash.clone());
    }
}

/// Analyzer then optimizer; each rule's output goes to the renderer (as `EXPLAIN VERBOSE` renders it). An optimizer
/// rule that changed nothing shows the text rendered before (see `instrument::ObservedLogicalRule`), so only changed
/// plans are handed over; each analyzer rule's output is (there are few, and they report no change flag).
fn optimize_observed(
    state: &datafusion::execution::session_state::SessionState,
    recorder: &crate::instrument::PlanRecorder,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::EngineRuntime;

    fn runtime() -> Arc<EngineRuntime> {
        let profile = crate::profile::Profile {
            name: "test".into(),
            target_partitions: 2,
            batch_size: 8192,
            planning_concurrency: 2,
            memory_limit_bytes: 1 << 30,
            async_udf_batch_size: 1024,
            async_udf_timeout_ms: 1000,
            disabled_rules: vec![],
            config: Default::default(),
            plan_limits: Default::default(),
        };
        Arc::new(EngineRuntime::new(profile, &[]).unwrap())
    }

    #[test]
    fn a_capture_that_verifies_afresh_trusts_nothing_the_runtime_verified_before() {
        let runtime = runtime();
        let session = EngineSession::new(Arc::clone(&runtime)).unwrap();
        let request = |afresh| contract::CaptureRequest {
            sql: "SELECT 1 AS one, 'a' AS two".into(),
            verify_afresh: afresh,
            ..Default::default()
        };
        let run = |afresh| {
            let request = request(afresh);
            session.block_on(|| capture(&session, &request)).unwrap().result
        };
        let first = run(false);
        let before = runtime.known.hits();
        let afresh = run(true);
        assert_eq!(runtime.known.hits(), before, "a capture that verifies afresh looked up earlier outcomes");
        assert_eq!(afresh.hashes, first.hashes);
        run(false);
        assert!(runtime.known.hits() > before, "an ordinary repeat capture skips what the runtime verified");
    }
}
