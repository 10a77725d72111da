//! Per-rule plans from the one planning pass, without planning the query a second time.
//! - Every physical optimizer rule of a session is wrapped so that its output is kept (plans are immutable `Arc`s,
//!   so keeping one is a pointer copy); they are rendered as `EXPLAIN VERBOSE` renders them after planning.
//! - Every logical optimizer rule is wrapped so that whether it changed the plan is known: the optimizer's observer
//!   then renders only the plans that changed (most rules change nothing; rendering, or even hashing, a plan after
//!   each of them would cost more than the optimizer itself).

use datafusion::common::config::ConfigOptions;
use datafusion::common::Result;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::{displayable, ExecutionPlan};
use datafusion_session::PhysicalOptimizerContext;
use datafusion::common::tree_node::Transformed;
use datafusion::logical_expr::LogicalPlan;
use datafusion::optimizer::{ApplyOrder, OptimizerConfig, OptimizerRule};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// One run of the physical optimizer over a plan. Subqueries planned first get runs of their own; the query's
/// own run is the last one.
#[derive(Default)]
pub struct Pass {
    pub initial: Option<Arc<dyn ExecutionPlan>>,
    /// Each rule's output, in order.
    pub steps: Vec<(String, Arc<dyn ExecutionPlan>)>,
    /// The explain controls the rules ran under (`show_statistics`, `show_schema`).
    pub show_statistics: bool,
    pub show_schema: bool,
}

#[derive(Default)]
pub struct PlanRecorder {
    passes: Mutex<Vec<Pass>>,
    /// Set by a logical rule that reported a change since the last [`Self::logical_changed`].
    logical_changed: AtomicBool,
}

impl PlanRecorder {
    /// Whether a logical rule changed the plan since the last call (and resets it).
    pub fn logical_changed(&self) -> bool {
        self.logical_changed.swap(false, Ordering::AcqRel)
    }

    pub fn take_last_pass(&self) -> Option<Pass> {
        let mut passes = self.passes.lock().unwrap_or_else(|p| p.into_inner());
        let last = passes.pop();
        passes.clear();
        last
    }

    fn start(&self, initial: Arc<dyn ExecutionPlan>, config: &ConfigOptions) {
        let mut passes = self.passes.lock().unwrap_or_else(|p| p.into_inner());
        passes.push(Pass {
            initial: Some(initial),
            steps: Vec::new(),
            show_statistics: config.explain.show_statistics,
            show_schema: config.explain.show_schema,
        });
    }

    fn record(&self, rule: &str, plan: Arc<dyn ExecutionPlan>) {
        let mut passes = self.passes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(pass) = passes.last_mut() {
            pass.steps.push((rule.to_string(), plan));
        }
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

/// The rendering `EXPLAIN VERBOSE` uses for physical plans.
pub fn render_verbose(plan: &dyn ExecutionPlan, statistics: bool, schema: bool) -> String {
    displayable(plan).set_show_statistics(statistics).set_show_schema(schema).indent(true).to_string()
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
