//! Per-rule plans from the one planning pass, without planning the query a second time.
//! - Every physical optimizer rule of a session is wrapped so that its output is handed to the capture's renderer
//!   (plans are immutable `Arc`s, so handing one over is a pointer copy).
//! - Every logical optimizer rule is wrapped so that whether it changed the plan is known: the optimizer's observer
//!   then renders only the plans that changed (most rules change nothing; rendering, or even hashing, a plan after
//!   each of them would cost more than the optimizer itself).

use datafusion::common::config::ConfigOptions;
use datafusion::common::Result;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use super::render::{Job, JobSink};
use datafusion::physical_plan::ExecutionPlan;
use datafusion_session::PhysicalOptimizerContext;
use datafusion::common::tree_node::Transformed;
use datafusion::logical_expr::LogicalPlan;
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

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
    sink: Mutex<Option<JobSink>>,
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

    /// Sends physical rule outputs to `sink` until the returned guard is dropped.
    pub fn listen(&self, sink: JobSink) -> Listening<'_> {
        *self.sink.lock().unwrap_or_else(|p| p.into_inner()) = Some(sink);
        Listening(self)
    }

    fn send(&self, event: PhysicalEvent) {
        if let Some(sink) = self.sink.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            sink.push(Job::Physical(event));
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
