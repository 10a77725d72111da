//! Statistics of the physical plan: the root's and each scan's, with their precision and where they came from, and
//! a cost summary for pipeline schedulers weighted by how far the numbers can be trusted.

use crate::canonical::hash_value;
use crate::roots::DataRoots;
use crate::tables::declared_exec::DeclaredScanExec;
use datafusion::common::stats::Precision;
use datafusion::common::{ScalarValue, Statistics};
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
use datafusion::physical_plan::{displayable, ExecutionPlan};
use serde_json::{json, Value};
use std::sync::Arc;

fn count(p: &Precision<usize>) -> Value {
    match p {
        Precision::Exact(v) => json!({ "value": v, "precision": "exact" }),
        Precision::Inexact(v) => json!({ "value": v, "precision": "inexact" }),
        Precision::Absent => json!({ "value": null, "precision": "absent" }),
    }
}

fn scalar(p: &Precision<ScalarValue>) -> Value {
    match p {
        Precision::Exact(v) => json!({ "value": v.to_string(), "precision": "exact" }),
        Precision::Inexact(v) => json!({ "value": v.to_string(), "precision": "inexact" }),
        Precision::Absent => json!({ "value": null, "precision": "absent" }),
    }
}

fn render(stats: &Statistics, plan: &dyn ExecutionPlan) -> Value {
    let schema = plan.schema();
    let columns: Vec<Value> = schema
        .fields()
        .iter()
        .zip(stats.column_statistics.iter())
        .map(|(f, c)| {
            json!({
                "column": f.name(),
                "null_count": count(&c.null_count),
                "distinct_count": count(&c.distinct_count),
                "min": scalar(&c.min_value),
                "max": scalar(&c.max_value),
            })
        })
        .collect();
    json!({ "num_rows": count(&stats.num_rows), "total_byte_size": count(&stats.total_byte_size), "columns": columns })
}

fn weight(p: &Precision<usize>) -> f64 {
    match p {
        Precision::Exact(_) => 1.0,
        Precision::Inexact(_) => 0.5,
        Precision::Absent => 0.0,
    }
}

fn leaves(plan: &Arc<dyn ExecutionPlan>, out: &mut Vec<Arc<dyn ExecutionPlan>>) {
    let children = plan.children();
    if children.is_empty() {
        out.push(Arc::clone(plan));
    }
    for child in children {
        leaves(child, out);
    }
}

/// Where a scan's statistics came from: declared by the caller, read from Parquet footers, or not known.
fn provenance(leaf: &dyn ExecutionPlan, stats: &Statistics, scan_text: &str, sources: &[(String, String)]) -> String {
    if (leaf as &dyn std::any::Any).is::<DeclaredScanExec>() {
        return "declared".into();
    }
    if let Some((_, source)) = sources.iter().find(|(file, _)| scan_text.contains(file.as_str())) {
        return source.clone();
    }
    match (leaf.name(), &stats.num_rows) {
        (_, Precision::Absent) => "absent",
        ("DataSourceExec", _) => "parquet_footer",
        _ => "derived",
    }
    .into()
}

/// `sources`: for exact file sets, a (masked) file path of the table and where its statistics came from.
pub fn component(physical: &Arc<dyn ExecutionPlan>, roots: &DataRoots, sources: &[(String, String)]) -> (Value, String) {
    let context = StatisticsContext::new();
    let args = StatisticsArgs::new();
    let root = match context.compute(physical.as_ref(), &args) {
        Ok(stats) => render(&stats, physical.as_ref()),
        Err(e) => json!({ "error": e.strip_backtrace() }),
    };
    let mut scan_leaves = Vec::new();
    leaves(physical, &mut scan_leaves);
    let (mut rows, mut bytes, mut weighted_rows, mut weights) = (0usize, 0usize, 0.0f64, 0.0f64);
    let mut by_precision = [0usize; 3];
    let mut scans = Vec::new();
    for leaf in &scan_leaves {
        let Ok(stats) = context.compute(leaf.as_ref(), &args) else { continue };
        let w = weight(&stats.num_rows);
        let n = stats.num_rows.get_value().copied().unwrap_or(0);
        rows += n;
        bytes += stats.total_byte_size.get_value().copied().unwrap_or(0);
        weighted_rows += n as f64 * w;
        weights += w;
        by_precision[match stats.num_rows {
            Precision::Exact(_) => 0,
            Precision::Inexact(_) => 1,
            Precision::Absent => 2,
        }] += 1;
        let scan_text = roots.mask(&displayable(leaf.as_ref()).one_line().to_string());
        scans.push(json!({
            "operator": leaf.name(),
            "provenance": provenance(leaf.as_ref(), &stats, &scan_text, sources),
            "scan": scan_text,
            "statistics": render(&stats, leaf.as_ref()),
        }));
    }
    let confidence = if scan_leaves.is_empty() { 0.0 } else { weights / scan_leaves.len() as f64 };
    let body = json!({
        "root": root,
        "scans": scans,
        "cost": {
            "estimated_rows_scanned": rows,
            "estimated_bytes_scanned": bytes,
            "trust_weighted_rows_scanned": weighted_rows.round() as u64,
            // 1.0 when every scan has exact counts, 0.5 all inexact, 0 none known.
            "confidence": (confidence * 1000.0).round() / 1000.0,
            "scans_exact": by_precision[0],
            "scans_inexact": by_precision[1],
            "scans_absent": by_precision[2],
        },
    });
    let hash = hash_value(&body);
    let mut component = body;
    component["statistics_hash"] = Value::String(hash.clone());
    (component, hash)
}
