//! Plan limits: a plan beyond the runtime's node count or depth is refused right after SQL planning, before the
//! optimizer or any walk of ours sees it. The walk that measures is itself iterative, so measuring a plan of any
//! depth cannot exhaust a stack.

use crate::errors::{EngineError, EngineResult};
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::{Expr, LogicalPlan};
use serde::Deserialize;

/// Counted over plan nodes and their expressions, subqueries included; depth is the longest path from the root
/// through plans and expressions alike (a chain of 2000 `OR`s is as deep as a chain of 2000 unions).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq)]
pub struct PlanLimits {
    pub max_nodes: usize,
    pub max_depth: usize,
}

impl Default for PlanLimits {
    /// Far above what real pipelines plan (TPC-H q2 has ~300 nodes, depth ~30), below what the planning stack holds.
    fn default() -> Self {
        PlanLimits { max_nodes: 200_000, max_depth: 5_000 }
    }
}

#[derive(Debug, PartialEq)]
pub struct PlanSize {
    pub nodes: usize,
    pub depth: usize,
}

/// Nodes and depth of `plan`, stopping as soon as either limit is passed (so a huge plan costs no more to refuse).
/// Plans and expressions are walked with explicit stacks; only a subquery recurses, and SQL nests those at most as
/// deep as the parser's own recursion limit.
pub fn measure(plan: &LogicalPlan, limits: &PlanLimits) -> PlanSize {
    let mut size = PlanSize { nodes: 0, depth: 0 };
    measure_plan(plan, 1, limits, &mut size);
    size
}

impl PlanSize {
    fn visit(&mut self, depth: usize, limits: &PlanLimits) -> bool {
        self.nodes += 1;
        self.depth = self.depth.max(depth);
        self.nodes <= limits.max_nodes && self.depth <= limits.max_depth
    }
}

fn measure_plan(root: &LogicalPlan, depth: usize, limits: &PlanLimits, size: &mut PlanSize) -> bool {
    let mut pending = vec![(root, depth)];
    while let Some((plan, depth)) = pending.pop() {
        if !size.visit(depth, limits) {
            return false;
        }
        pending.extend(plan.inputs().into_iter().map(|input| (input, depth + 1)));
        let mut within = true;
        let _ = plan.apply_expressions(|expr| {
            within = measure_expr(expr, depth + 1, limits, size);
            Ok(if within { TreeNodeRecursion::Continue } else { TreeNodeRecursion::Stop })
        });
        if !within {
            return false;
        }
    }
    true
}

fn measure_expr(root: &Expr, depth: usize, limits: &PlanLimits, size: &mut PlanSize) -> bool {
    let mut pending = vec![(root, depth)];
    while let Some((expr, depth)) = pending.pop() {
        if !size.visit(depth, limits) {
            return false;
        }
        let subquery = match expr {
            Expr::ScalarSubquery(q) => Some(&q.subquery),
            Expr::Exists(e) => Some(&e.subquery.subquery),
            Expr::InSubquery(e) => Some(&e.subquery.subquery),
            _ => None,
        };
        if let Some(plan) = subquery {
            if !measure_plan(plan, depth + 1, limits, size) {
                return false;
            }
        }
        let _ = expr.apply_children(|child| {
            pending.push((child, depth + 1));
            Ok(TreeNodeRecursion::Continue)
        });
    }
    true
}

/// Refuses a plan beyond `limits` with `PlanTooLarge` (a 422 of its own type).
pub fn check(plan: &LogicalPlan, limits: &PlanLimits) -> EngineResult<()> {
    let size = measure(plan, limits);
    if size.nodes > limits.max_nodes {
        return Err(EngineError::PlanTooLarge(format!(
            "the plan has more than {} nodes (plan operators and expressions); this runtime plans at most {}",
            limits.max_nodes, limits.max_nodes
        )));
    }
    if size.depth > limits.max_depth {
        return Err(EngineError::PlanTooLarge(format!(
            "the plan nests deeper than {} levels (plan operators and expressions); this runtime plans at most {}",
            limits.max_depth, limits.max_depth
        )));
    }
    Ok(())
}
