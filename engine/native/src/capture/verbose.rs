//! Physical plans as `EXPLAIN VERBOSE` renders them (`displayable(plan).set_show_statistics(..).set_show_schema(..)
//! .indent(true)`), line for line (`ExplainFidelityTest` holds the two equal), at a fraction of the cost when one
//! capture renders many plans that share nodes:
//! - DataFusion's display computes each node's statistics with a fresh `StatisticsContext`, so every node recomputes
//!   its whole subtree (quadratic in depth). Here one context serves a whole rendering.
//! - A node's own text (`fmt_as`) is made once per capture: rule outputs share every subtree a rule left alone, and
//!   the final plan is rendered plain, with statistics and with schema. A Parquet scan builds its pruning predicates
//!   each time it is displayed, which made scans the dearest lines.
//!
//! Both memos hold a function of an immutable node (and its subtree): the values are the ones DataFusion computes.

use datafusion::logical_expr::display_schema;
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
use datafusion::physical_plan::{DisplayFormatType, ExecutionPlan};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

#[derive(Default)]
pub struct VerboseRenderer {
    /// Each node's own text by node address; the node is held, so no address is reused while the memo lives.
    lines: HashMap<usize, (Arc<dyn ExecutionPlan>, String)>,
}

struct Node<'a>(&'a dyn ExecutionPlan);

impl std::fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt_as(DisplayFormatType::Verbose, f)
    }
}

impl VerboseRenderer {
    pub fn render(&mut self, plan: &Arc<dyn ExecutionPlan>, statistics: bool, schema: bool) -> Arc<String> {
        let mut out = String::new();
        let context = statistics.then(StatisticsContext::new);
        self.node(plan, 0, context.as_ref(), schema, &mut out);
        Arc::new(out)
    }

    fn node(
        &mut self,
        plan: &Arc<dyn ExecutionPlan>,
        depth: usize,
        statistics: Option<&StatisticsContext>,
        schema: bool,
        out: &mut String,
    ) {
        let (_, line) = self
            .lines
            .entry(Arc::as_ptr(plan) as *const () as usize)
            .or_insert_with(|| (Arc::clone(plan), Node(plan.as_ref()).to_string()));
        // Writing into a String cannot fail.
        let _ = write!(out, "{:indent$}{line}", "", indent = depth * 2);
        if let Some(context) = statistics {
            let _ = match context.compute(plan.as_ref(), &StatisticsArgs::new()) {
                Ok(stats) => write!(out, ", statistics=[{stats}]"),
                // DataFusion's display fails the whole rendering here; a capture records the error instead.
                Err(e) => write!(out, ", statistics=[error: {}]", e.strip_backtrace()),
            };
        }
        if schema {
            let _ = write!(out, ", schema={}", display_schema(plan.schema().as_ref()));
        }
        out.push('\n');
        for child in plan.children() {
            self.node(child, depth + 1, statistics, schema, out);
        }
    }
}
