//! EXPLAIN as data: the tree, indent and verbose renderings as (plan_type, plan) rows, built from the one planning
//! pass exactly as DataFusion's own EXPLAIN builds them, each verbose row hashed.

use super::observe::{render_verbose, Pass};
use crate::canonical::{hash_text, hash_value};
use crate::roots::DataRoots;
use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::display::{PlanType, StringifiedPlan, ToStringifiedPlan};
use datafusion::common::Result;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::{displayable, ExecutionPlan};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

pub type Rows = Vec<(String, String)>;

pub struct LogicalSteps {
    pub steps: Vec<StringifiedPlan>,
}

pub fn explain_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("plan_type", DataType::Utf8, false),
        Field::new("plan", DataType::Utf8, false),
    ]))
}

pub fn to_batch(rows: &Rows) -> Result<RecordBatch> {
    let types = StringArray::from_iter_values(rows.iter().map(|r| r.0.as_str()));
    let plans = StringArray::from_iter_values(rows.iter().map(|r| r.1.as_str()));
    Ok(RecordBatch::try_new(explain_schema(), vec![Arc::new(types), Arc::new(plans)])?)
}

fn row(p: &StringifiedPlan) -> (String, String) {
    (p.plan_type.to_string(), p.plan.to_string())
}

/// The three renderings of one capture.
pub fn renderings(
    logical: &LogicalSteps,
    optimized: &LogicalPlan,
    pass: &Pass,
    physical: &Arc<dyn ExecutionPlan>,
    tree_width: usize,
) -> BTreeMap<&'static str, Rows> {
    let mut verbose: Rows = logical.steps.iter().map(row).collect();
    verbose.push(row(&optimized.to_stringified(PlanType::FinalLogicalPlan)));
    if let Some(initial) = &pass.initial {
        verbose.push((PlanType::InitialPhysicalPlan.to_string(), render_verbose(initial.as_ref(), false, false)));
        verbose.push((PlanType::InitialPhysicalPlanWithStats.to_string(), render_verbose(initial.as_ref(), true, false)));
        verbose.push((PlanType::InitialPhysicalPlanWithSchema.to_string(), render_verbose(initial.as_ref(), false, true)));
    }
    for (rule, text) in &pass.steps {
        verbose.push((PlanType::OptimizedPhysicalPlan { optimizer_name: rule.clone() }.to_string(), text.clone()));
    }
    verbose.push((PlanType::FinalPhysicalPlan.to_string(), render_verbose(physical.as_ref(), false, false)));
    verbose.push((PlanType::FinalPhysicalPlanWithStats.to_string(), render_verbose(physical.as_ref(), true, false)));
    verbose.push((PlanType::FinalPhysicalPlanWithSchema.to_string(), render_verbose(physical.as_ref(), false, true)));

    let indent = vec![
        row(&optimized.to_stringified(PlanType::FinalLogicalPlan)),
        (PlanType::FinalPhysicalPlan.to_string(), displayable(physical.as_ref()).indent(false).to_string()),
    ];
    let tree = vec![(
        PlanType::FinalPhysicalPlan.to_string(),
        displayable(physical.as_ref()).set_tree_maximum_render_width(tree_width).tree_render().to_string(),
    )];
    BTreeMap::from([("tree", tree), ("indent", indent), ("verbose", verbose)])
}

/// The component: per-row hashes of the verbose output (rule by rule) and one hash per rendering, all over
/// root-masked text.
pub fn component(renderings: &BTreeMap<&'static str, Rows>, roots: &DataRoots) -> (Value, String) {
    let hash_rows = |rows: &Rows| -> Vec<Value> {
        rows.iter().map(|(t, p)| json!({ "plan_type": t, "hash": hash_text(&roots.mask(p)) })).collect()
    };
    let verbose = hash_rows(&renderings["verbose"]);
    let per_format: BTreeMap<&str, String> =
        renderings.iter().map(|(k, rows)| (*k, hash_value(&Value::Array(hash_rows(rows))))).collect();
    let body = json!({
        "formats": per_format,
        "verbose_rows": verbose,
        "row_counts": renderings.iter().map(|(k, v)| (k.to_string(), v.len())).collect::<BTreeMap<_, _>>(),
    });
    let hash = hash_value(&body);
    let mut component = body;
    component["explain_hash"] = Value::String(hash.clone());
    (component, hash)
}
