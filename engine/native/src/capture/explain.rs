//! EXPLAIN as data: the tree, indent and verbose renderings as (plan_type, plan) rows, built from the one planning
//! pass exactly as DataFusion's own EXPLAIN builds them, each verbose row hashed.

use super::render::{remember_hash, Rendered, TextHashes};
use crate::canonical::hash_value;
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

/// The final physical plan's indent and tree renderings, with their hashes: made while the renderer finishes the
/// verbose ones.
pub struct FinalTexts {
    indent: Arc<String>,
    tree: Arc<String>,
    hashes: TextHashes,
}

pub fn final_texts(physical: &Arc<dyn ExecutionPlan>, tree_width: usize, roots: &DataRoots) -> FinalTexts {
    let mut finals = FinalTexts {
        indent: Arc::new(displayable(physical.as_ref()).indent(false).to_string()),
        tree: Arc::new(displayable(physical.as_ref()).set_tree_maximum_render_width(tree_width).tree_render().to_string()),
        hashes: TextHashes::new(),
    };
    for text in [&finals.indent, &finals.tree] {
        remember_hash(&mut finals.hashes, text, roots);
    }
    finals
}

impl FinalTexts {
    /// Every text hash known so far: the renderer's and these.
    pub fn hashes(&self, rendered: &Rendered) -> TextHashes {
        let mut all = rendered.hashes.clone();
        all.extend(self.hashes.iter().map(|(k, v)| (*k, v.clone())));
        all
    }
}

/// The three renderings of one capture, row for row as DataFusion's own EXPLAIN prints them.
pub fn renderings(
    rendered: &Rendered,
    optimized: &LogicalPlan,
    finals: &FinalTexts,
) -> BTreeMap<&'static str, Rows> {
    let mut verbose: Rows = rendered.logical.iter().map(row).collect();
    // The optimizer returns the plan its last rule produced: the last step's text is the final plan's.
    let final_logical = match rendered.logical.last() {
        Some(last) => Arc::clone(&last.plan),
        None => Arc::new(optimized.display_indent().to_string()),
    };
    verbose.push((PlanType::FinalLogicalPlan.to_string(), Arc::clone(&final_logical)));
    let pass = rendered.passes.last();
    if let Some(pass) = pass {
        verbose.extend(pass.initial.iter().cloned());
        verbose.extend(pass.steps.iter().cloned());
    }
    verbose.extend(rendered.finals.iter().cloned());

    let indent = vec![
        (PlanType::FinalLogicalPlan.to_string(), final_logical),
        (PlanType::FinalPhysicalPlan.to_string(), Arc::clone(&finals.indent)),
    ];
    let tree = vec![(PlanType::FinalPhysicalPlan.to_string(), Arc::clone(&finals.tree))];
    BTreeMap::from([("tree", tree), ("indent", indent), ("verbose", verbose)])
}

/// The component: per-row hashes of the verbose output (rule by rule) and one hash per rendering, all over
/// root-masked text.
pub fn component(renderings: &BTreeMap<&'static str, Rows>, known: TextHashes, roots: &DataRoots) -> (Value, String) {
    // Rows share texts (a rule that changed nothing shows the text above it): hash each text once.
    let mut text_hashes = known;
    let mut hash_rows = |rows: &Rows| -> Vec<Value> {
        rows.iter()
            .map(|(t, p)| {
                remember_hash(&mut text_hashes, p, roots);
                let hash = &text_hashes[&(Arc::as_ptr(p) as usize)].1;
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
