//! EXPLAIN as data: the tree, indent and verbose renderings as (plan_type, plan) rows, built from the one planning
//! pass exactly as DataFusion's own EXPLAIN builds them, each verbose row hashed.

use super::observe::{render_verbose, Pass};
use crate::canonical::{hash_text, hash_value};
use crate::roots::DataRoots;
use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::display::{PlanType, StringifiedPlan};
use datafusion::common::Result;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::{displayable, ExecutionPlan};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// (plan_type, plan) rows; consecutive rows showing the same plan share one text.
pub type Rows = Vec<(String, Arc<String>)>;

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

fn row(p: &StringifiedPlan) -> (String, Arc<String>) {
    (p.plan_type.to_string(), Arc::clone(&p.plan))
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
    // The optimizer returns the plan its last rule produced: the last step's text is the final plan's.
    let final_logical = match logical.steps.last() {
        Some(last) => Arc::clone(&last.plan),
        None => Arc::new(optimized.display_indent().to_string()),
    };
    verbose.push((PlanType::FinalLogicalPlan.to_string(), Arc::clone(&final_logical)));
    let (stats, schema) = (pass.show_statistics, pass.show_schema);
    let render = |plan: &Arc<dyn ExecutionPlan>, stats: bool, schema: bool| Arc::new(render_verbose(plan.as_ref(), stats, schema));
    let mut previous: Option<(Arc<dyn ExecutionPlan>, Arc<String>)> = None;
    if let Some(initial) = &pass.initial {
        let plain = render(initial, false, false);
        verbose.push((PlanType::InitialPhysicalPlan.to_string(), Arc::clone(&plain)));
        verbose.push((PlanType::InitialPhysicalPlanWithStats.to_string(), render(initial, true, false)));
        verbose.push((PlanType::InitialPhysicalPlanWithSchema.to_string(), render(initial, false, true)));
        let as_rules_render = if stats || schema { render(initial, stats, schema) } else { plain };
        previous = Some((Arc::clone(initial), as_rules_render));
    }
    // A rule that returns its input plan (the same `Arc`) shows the text rendered for that plan.
    for (rule, plan) in &pass.steps {
        let text = match &previous {
            Some((before, text)) if Arc::ptr_eq(before, plan) => Arc::clone(text),
            _ => render(plan, stats, schema),
        };
        verbose.push((PlanType::OptimizedPhysicalPlan { optimizer_name: rule.clone() }.to_string(), Arc::clone(&text)));
        previous = Some((Arc::clone(plan), text));
    }
    let final_plain = match &previous {
        Some((last, text)) if !stats && !schema && Arc::ptr_eq(last, physical) => Arc::clone(text),
        _ => render(physical, false, false),
    };
    verbose.push((PlanType::FinalPhysicalPlan.to_string(), final_plain));
    verbose.push((PlanType::FinalPhysicalPlanWithStats.to_string(), render(physical, true, false)));
    verbose.push((PlanType::FinalPhysicalPlanWithSchema.to_string(), render(physical, false, true)));

    let indent = vec![
        (PlanType::FinalLogicalPlan.to_string(), final_logical),
        (PlanType::FinalPhysicalPlan.to_string(), Arc::new(displayable(physical.as_ref()).indent(false).to_string())),
    ];
    let tree = vec![(
        PlanType::FinalPhysicalPlan.to_string(),
        Arc::new(displayable(physical.as_ref()).set_tree_maximum_render_width(tree_width).tree_render().to_string()),
    )];
    BTreeMap::from([("tree", tree), ("indent", indent), ("verbose", verbose)])
}

/// The component: per-row hashes of the verbose output (rule by rule) and one hash per rendering, all over
/// root-masked text.
pub fn component(renderings: &BTreeMap<&'static str, Rows>, roots: &DataRoots) -> (Value, String) {
    // Rows share texts (a rule that changed nothing shows the text above it): hash each text once.
    let mut text_hashes: std::collections::HashMap<*const String, String> = std::collections::HashMap::new();
    let mut hash_rows = |rows: &Rows| -> Vec<Value> {
        rows.iter()
            .map(|(t, p)| {
                let hash = text_hashes
                    .entry(Arc::as_ptr(p))
                    .or_insert_with(|| hash_text(roots.mask_if_needed(p).as_deref().unwrap_or(p.as_str())));
                json!({ "plan_type": t, "hash": hash })
            })
            .collect()
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
