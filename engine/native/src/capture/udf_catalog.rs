//! The function catalog a session plans with: every scalar, aggregate and window function (async ones included),
//! with signature, volatility, parameter names, hooks and documentation, and `udf_catalog_hash` over it.

use crate::canonical::hash_value;
use crate::profile::Profile;
use datafusion::arrow::datatypes::DataType;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::async_udf::AsyncScalarUDF;
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{col, Documentation, ScalarUDF, Signature, TypeSignature};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

fn documentation(doc: Option<&Documentation>) -> Value {
    match doc {
        None => Value::Null,
        Some(d) => json!({
            "description": d.description,
            "syntax": d.syntax_example,
            "sql_example": d.sql_example,
            "arguments": d.arguments.as_ref().map(|a| a.iter().map(|(n, t)| json!({"name": n, "description": t})).collect::<Vec<_>>()),
        }),
    }
}

fn signature(s: &Signature) -> Value {
    json!({
        "type_signature": format!("{:?}", s.type_signature),
        "volatility": format!("{:?}", s.volatility),
        "parameter_names": s.parameter_names,
    })
}

/// Return type where the signature fixes the argument types; otherwise it depends on the call.
fn return_type(udf: &ScalarUDF) -> Value {
    let fixed: Option<Vec<DataType>> = match &udf.signature().type_signature {
        TypeSignature::Exact(types) => Some(types.clone()),
        TypeSignature::Nullary => Some(vec![]),
        _ => None,
    };
    match fixed.map(|types| udf.return_type(&types)) {
        Some(Ok(t)) => Value::String(t.to_string()),
        _ => Value::String("depends_on_arguments".into()),
    }
}

/// Whether `simplify` rewrites a call over plain columns: observed, since the trait gives no other way to know.
/// Probed only where the signature fixes the arity (a builtin may index its arguments), and inside catch_unwind.
fn simplifies(udf: &ScalarUDF) -> Option<bool> {
    let arity = match &udf.signature().type_signature {
        TypeSignature::Exact(t) => t.len(),
        TypeSignature::Uniform(n, _) | TypeSignature::Any(n) | TypeSignature::String(n) | TypeSignature::Numeric(n) => *n,
        TypeSignature::Nullary => 0,
        _ => return None,
    };
    let args: Vec<_> = (0..arity).map(|i| col(format!("__probe_{i}"))).collect();
    let probe = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| udf.simplify(args, &SimplifyContext::default())));
    match probe {
        Ok(Ok(ExprSimplifyResult::Simplified(_))) => Some(true),
        Ok(_) => Some(false),
        Err(_) => None,
    }
}

pub fn component(state: &SessionState, profile: &Profile) -> (Value, String) {
    let mut functions = BTreeMap::new();
    let own: BTreeSet<&str> = ["safe_divide", "clamp", "data_file_bytes"].into();
    for udf in state.scalar_functions().values() {
        let is_async = (udf.inner().as_ref() as &dyn std::any::Any).is::<AsyncScalarUDF>();
        let user_defined = matches!(udf.signature().type_signature, TypeSignature::UserDefined);
        let mut aliases: Vec<&String> = udf.aliases().iter().collect();
        aliases.sort();
        aliases.dedup();
        functions.insert(udf.name().to_string(), json!({
            "kind": if is_async { "async_scalar" } else { "scalar" },
            "aliases": aliases,
            "signature": signature(udf.signature()),
            "return_type": return_type(udf),
            "hooks": {
                // Our own functions are known; for others, what a probe observed (null: could not be probed).
                "simplify": match udf.name() {
                    "safe_divide" | "clamp" => Some(true),
                    "data_file_bytes" => Some(false),
                    _ => simplifies(udf),
                },
                "coerce_types": user_defined,
                "short_circuits": udf.short_circuits(),
            },
            "documentation": documentation(udf.documentation()),
            "provided_by": if own.contains(udf.name()) { "provenance-engine" } else { "datafusion" },
        }));
    }
    for udaf in state.aggregate_functions().values() {
        let mut aliases: Vec<&String> = udaf.aliases().iter().collect();
        aliases.sort();
        aliases.dedup();
        functions.insert(udaf.name().to_string(), json!({
            "kind": "aggregate",
            "aliases": aliases,
            "signature": signature(udaf.signature()),
            "documentation": documentation(udaf.documentation()),
            "provided_by": "datafusion",
        }));
    }
    for udwf in state.window_functions().values() {
        let mut aliases: Vec<&String> = udwf.aliases().iter().collect();
        aliases.sort();
        aliases.dedup();
        functions.insert(udwf.name().to_string(), json!({
            "kind": "window",
            "aliases": aliases,
            "signature": signature(udwf.signature()),
            "documentation": documentation(udwf.documentation()),
            "provided_by": "datafusion",
        }));
    }
    // Async UDF settings come from the profile and change how such calls are batched: part of the catalog.
    if let Some(entry) = functions.get_mut("data_file_bytes") {
        entry["async_settings"] = json!({
            "ideal_batch_size": profile.async_udf_batch_size,
            "timeout_ms": profile.async_udf_timeout_ms,
        });
    }
    let catalog = Value::Object(functions.into_iter().collect());
    let hash = hash_value(&catalog);
    (json!({ "functions": catalog, "udf_catalog_hash": hash, "count": catalog.as_object().map(|o| o.len()) }), hash)
}
