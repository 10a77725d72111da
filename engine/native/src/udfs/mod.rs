//! The crate's own functions. They are registered in every session, so they appear in the UDF catalog and take part
//! in planning: `safe_divide` and `clamp` rewrite themselves during simplification, `data_file_bytes` is async.

mod clamp;
mod data_file_bytes;
mod safe_divide;

use crate::roots::DataRoots;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{plan_err, Result};
use datafusion::logical_expr::async_udf::AsyncScalarUDF;
use datafusion::logical_expr::ScalarUDF;
use datafusion::logical_expr::DocSection;
use std::time::Duration;

pub use data_file_bytes::DataFileBytes;

pub(crate) const DOC_SECTION: DocSection = DocSection {
    include: true,
    label: "Plan provenance functions",
    description: Some("Functions shipped by the plan provenance engine."),
};

/// Every function of this crate, with the async one configured from the runtime profile.
pub fn all(roots: DataRoots, async_batch_size: usize, async_timeout: Duration) -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::from(safe_divide::SafeDivide::new()),
        ScalarUDF::from(clamp::Clamp::new()),
        AsyncScalarUDF::new(std::sync::Arc::new(DataFileBytes::new(roots, async_batch_size, async_timeout)))
            .into_scalar_udf(),
    ]
}

/// Shared coercion: every argument to one numeric type — Int64 when all are integers, else Float64.
pub(crate) fn coerce_numeric(name: &str, arg_types: &[DataType], arity: usize) -> Result<Vec<DataType>> {
    if arg_types.len() != arity {
        return plan_err!("{name} takes {arity} arguments, got {}", arg_types.len());
    }
    let mut all_integers = true;
    for t in arg_types {
        if t.is_integer() || t.is_null() {
            continue;
        }
        if t.is_numeric() {
            all_integers = false;
        } else {
            return plan_err!("{name} takes numeric arguments, got {t}");
        }
    }
    let target = if all_integers { DataType::Int64 } else { DataType::Float64 };
    Ok(vec![target; arity])
}
