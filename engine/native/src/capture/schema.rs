//! Schema diagnostics: DESCRIBE rows per registered table, where each schema came from, provider DDL, and the
//! information-schema hash over every table and column (sorted).

use crate::canonical::hash_value;
use crate::roots::DataRoots;
use crate::tables::TableOrigin;
use datafusion::catalog::TableProvider;
use datafusion::common::Constraint;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The provider's constraints by column name, in declaration order: `{"kind": "primary_key"|"unique", "columns"}`.
fn constraints(provider: &dyn TableProvider) -> Vec<Value> {
    let schema = provider.schema();
    let names = |indices: &[usize]| indices.iter().map(|i| schema.field(*i).name().clone()).collect::<Vec<_>>();
    provider
        .constraints()
        .map(|c| {
            c.iter()
                .map(|c| match c {
                    Constraint::PrimaryKey(i) => json!({ "kind": "primary_key", "columns": names(i) }),
                    Constraint::Unique(i) => json!({ "kind": "unique", "columns": names(i) }),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn component(tables: &BTreeMap<String, (TableOrigin, Arc<dyn TableProvider>)>, roots: &DataRoots) -> (Value, String) {
    let mut described = Vec::new();
    let mut info_schema = Vec::new();
    for (name, (origin, provider)) in tables {
        let schema = provider.schema();
        let rows: Vec<Value> = schema
            .fields()
            .iter()
            .map(|f| {
                json!({
                    "column_name": f.name(),
                    "data_type": f.data_type().to_string(),
                    "is_nullable": if f.is_nullable() { "YES" } else { "NO" },
                })
            })
            .collect();
        let mut info = json!({ "table_name": name, "table_type": format!("{:?}", provider.table_type()), "columns": rows });
        // Declared keys shape plans (functional dependencies), so they are part of the hash; a table without any
        // hashes exactly as before keys existed.
        let keys = constraints(provider.as_ref());
        if !keys.is_empty() {
            info["constraints"] = Value::Array(keys);
        }
        info_schema.push(info);
        described.push(json!({
            "table": name,
            "describe": rows,
            "provider": origin.provider,
            "schema_source": origin.schema_source,
            "detail": origin.detail,
            "ddl": provider.get_table_definition().map(|d| roots.mask(d)),
        }));
    }
    let information_schema_hash = hash_value(&Value::Array(info_schema));
    let body = json!({ "tables": described, "information_schema_hash": information_schema_hash });
    (body, information_schema_hash)
}
