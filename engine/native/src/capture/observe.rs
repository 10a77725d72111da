//! Per-rule physical plans from the one planning pass: every physical optimizer rule of a session is wrapped so that
//! its output is kept (plans are immutable `Arc`s, so keeping one is a pointer copy), without planning the query a
//! second time. They are rendered as DataFusion's `EXPLAIN VERBOSE` renders them after planning, off its path.

use datafusion::common::config::ConfigOptions;
use datafusion::common::Result;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::{displayable, ExecutionPlan};
use datafusion_session::PhysicalOptimizerContext;
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
pub struct PhysicalRecorder {
    passes: Mutex<Vec<Pass>>,
}

impl PhysicalRecorder {
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
    recorder: Arc<PhysicalRecorder>,
}

impl std::fmt::Debug for PhysicalRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PhysicalRecorder")
    }
}

impl ObservedRule {
    pub fn new(inner: Arc<dyn PhysicalOptimizerRule + Send + Sync>, first: bool, recorder: Arc<PhysicalRecorder>) -> Self {
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
