//! Schema diagnostics: DESCRIBE rows per registered table, where each schema came from, provider DDL, and the
//! information-schema hash over every table and column (sorted).

use crate::canonical::hash_value;
use crate::roots::DataRoots;
use crate::tables::TableOrigin;
use datafusion::catalog::TableProvider;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

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
        info_schema.push(json!({ "table_name": name, "table_type": format!("{:?}", provider.table_type()), "columns": rows }));
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
