//! Session building and rule instrumentation: a session state from a profile (pinned config, our UDFs, disabled rules
//! removed), with every optimizer rule wrapped so that one planning pass yields the per-rule plans, without planning
//! the query a second time.
//! - Every physical optimizer rule of a session is wrapped so that its output is handed to the capture's renderer
//!   (plans are immutable `Arc`s, so handing one over is a pointer copy).
//! - Every logical optimizer rule is wrapped so that whether it changed the plan is known: the optimizer's observer
//!   then renders only the plans that changed (most rules change nothing; rendering, or even hashing, a plan after
//!   each of them would cost more than the optimizer itself).

use datafusion::common::config::ConfigOptions;
use datafusion::common::Result;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion_session::PhysicalOptimizerContext;
use datafusion::common::tree_node::Transformed;
use datafusion::logical_expr::LogicalPlan;
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};
use std::sync::atomic::{AtomicBool, Ordering};
use crate::errors::{EngineError, EngineResult};
use crate::profile::Profile;
use crate::roots::DataRoots;
use crate::udfs;
use datafusion::execution::registry::FunctionRegistry;
use datafusion::execution::runtime_env::RuntimeEnv;
use datafusion::execution::session_state::{SessionState, SessionStateBuilder};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a session needs beyond its SessionState: the recorder its observed rules report to.
pub struct SessionParts {
    pub state: SessionState,
    /// The same session without observed rules (sharing its catalog): bare planning, for the benchmark.
    pub plain_state: SessionState,
    pub recorder: Arc<PlanRecorder>,
}


    /// A fresh session state: the profile's config plus `overrides`, our UDFs, the profile's disabled rules removed,
/// and every optimizer rule (logical and physical) wrapped so one planning pass yields the per-rule plans.
pub fn session_parts(
profile: &Profile,
env: &Arc<RuntimeEnv>,
roots: &DataRoots,
overrides: &BTreeMap<String, String>,
) -> EngineResult<SessionParts> {
    let config = profile.session_config(overrides)?;
    let mut state = SessionStateBuilder::new()
        .with_config(config)
        .with_runtime_env(Arc::clone(env))
        .with_default_features()
        .build();
    let timeout = Duration::from_millis(profile.async_udf_timeout_ms);
    for udf in udfs::all(roots.clone(), profile.async_udf_batch_size, timeout) {
        state.register_udf(Arc::new(udf))?;
    }
    let state = without_disabled_rules(profile, state)?;
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

fn without_disabled_rules(profile: &Profile, state: SessionState) -> EngineResult<SessionState> {
    let disabled: BTreeSet<&str> = profile.disabled_rules.iter().map(String::as_str).collect();
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
            profile.name,
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        ))));
    }
    Ok(SessionStateBuilder::new_from_existing(state)
        .with_analyzer_rules(analyzer.into_iter().filter(|r| !disabled.contains(r.name())).collect())
        .with_optimizer_rules(optimizer.into_iter().filter(|r| !disabled.contains(r.name())).collect())
        .with_physical_optimizer_rules(physical.into_iter().filter(|r| !disabled.contains(r.name())).collect())
        .build())
}

/// What the wrapped physical rules report while a capture listens.
pub enum PhysicalEvent {
    /// The first rule of an optimizer run is about to see this plan.
    Start { initial: Arc<dyn ExecutionPlan>, show_statistics: bool, show_schema: bool },
    /// A rule's output.
    Step { rule: String, plan: Arc<dyn ExecutionPlan> },
}

#[derive(Default)]
pub struct PlanRecorder {
    /// Where rule outputs go while a capture listens (nowhere otherwise: bare planning keeps nothing).
    sink: Mutex<Option<Box<dyn FnMut(PhysicalEvent) + Send>>>,
    /// Set by a logical rule that reported a change since the last [`Self::logical_changed`].
    logical_changed: AtomicBool,
}

/// Listening ends when this is dropped, on every path out of a capture.
pub struct Listening<'a>(&'a PlanRecorder);

impl Drop for Listening<'_> {
    fn drop(&mut self) {
        *self.0.sink.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

impl PlanRecorder {
    /// Whether a logical rule changed the plan since the last call (and resets it).
    pub fn logical_changed(&self) -> bool {
        self.logical_changed.swap(false, Ordering::AcqRel)
    }

    /// Sends physical rule outputs to `sink` until the returned guard is dropped (which drops the sink).
    pub fn listen(&self, sink: impl FnMut(PhysicalEvent) + Send + 'static) -> Listening<'_> {
        *self.sink.lock().unwrap_or_else(|p| p.into_inner()) = Some(Box::new(sink));
        Listening(self)
    }

    fn send(&self, event: PhysicalEvent) {
        if let Some(sink) = self.sink.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            sink(event);
        }
    }

    fn start(&self, initial: Arc<dyn ExecutionPlan>, config: &ConfigOptions) {
        self.send(PhysicalEvent::Start {
            initial,
            show_statistics: config.explain.show_statistics,
            show_schema: config.explain.show_schema,
        });
    }

    fn record(&self, rule: &str, plan: Arc<dyn ExecutionPlan>) {
        self.send(PhysicalEvent::Step { rule: rule.to_string(), plan });
    }
}

#[derive(Debug)]
pub struct ObservedRule {
    inner: Arc<dyn PhysicalOptimizerRule + Send + Sync>,
    first: bool,
    recorder: Arc<PlanRecorder>,
}

impl std::fmt::Debug for PlanRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlanRecorder")
    }
}

impl ObservedRule {
    pub fn new(inner: Arc<dyn PhysicalOptimizerRule + Send + Sync>, first: bool, recorder: Arc<PlanRecorder>) -> Self {
        ObservedRule { inner, first, recorder }
    }

    fn observe(&self, plan: &Arc<dyn ExecutionPlan>) {
        self.recorder.record(self.inner.name(), Arc::clone(plan));
    }
}

impl PhysicalOptimizerRule for ObservedRule {
    fn optimize(&self, plan: Arc<dyn ExecutionPlan>, config: &ConfigOptions) -> Result<Arc<dyn ExecutionPlan>> {
        if self.first {
            self.recorder.start(Arc::clone(&plan), config);
        }
        let out = self.inner.optimize(plan, config)?;
        self.observe(&out);
        Ok(out)
    }

    fn optimize_with_context(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        context: &dyn PhysicalOptimizerContext,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if self.first {
            self.recorder.start(Arc::clone(&plan), context.config_options());
        }
        let out = self.inner.optimize_with_context(plan, context)?;
        self.observe(&out);
        Ok(out)
    }

    fn name(&self) -> &str {
        self.inner.name()
    }

    fn schema_check(&self) -> bool {
        self.inner.schema_check()
    }
}

/// A logical optimizer rule that tells the recorder when it changed the plan (by DataFusion's contract a rule returns
/// `Transformed::no` for an unchanged plan; the optimizer applies it per node or whole, as the rule asks).
#[derive(Debug)]
pub struct ObservedLogicalRule {
    inner: Arc<dyn OptimizerRule + Send + Sync>,
    recorder: Arc<PlanRecorder>,
}

impl ObservedLogicalRule {
    pub fn new(inner: Arc<dyn OptimizerRule + Send + Sync>, recorder: Arc<PlanRecorder>) -> Self {
        ObservedLogicalRule { inner, recorder }
    }
}

impl OptimizerRule for ObservedLogicalRule {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn apply_order(&self) -> Option<ApplyOrder> {
        self.inner.apply_order()
    }

    fn rewrite(&self, plan: LogicalPlan, config: &dyn OptimizerConfig) -> Result<Transformed<LogicalPlan>> {
        let out = self.inner.rewrite(plan, config)?;
        if out.transformed {
            self.recorder.logical_changed.store(true, Ordering::Release);
        }
        Ok(out)
    }
}
