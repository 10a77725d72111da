//! Schema-only tables: a declared schema with no data, optionally with declared statistics the planner sees — so a
//! production plan can be captured without production data (as Spark's plan-stability suites inject sf100 stats).

use super::declared_exec::DeclaredScanExec;
use crate::errors::{user_input, EngineResult};
use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::stats::Precision;
use datafusion::common::{ColumnStatistics, Constraint, Constraints, Result, ScalarValue, Statistics};
use datafusion::datasource::{TableProvider, TableType};
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeclaredColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub sql_type: String,
    pub nullable: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeclaredColumnStats {
    pub null_count: Option<u64>,
    pub min: Option<String>,
    pub max: Option<String>,
    pub distinct_count: Option<u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DeclaredStats {
    pub num_rows: Option<u64>,
    pub total_byte_size: Option<u64>,
    #[serde(default)]
    pub columns: BTreeMap<String, DeclaredColumnStats>,
}

/// What is serialized into plans (datafusion-proto) so a decoded plan rebuilds the same table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeclaredSpec {
    pub name: String,
    pub columns: Vec<DeclaredColumn>,
    pub statistics: Option<DeclaredStats>,
    /// Declared keys, as `CREATE EXTERNAL TABLE … PRIMARY KEY (…)` / `UNIQUE (…)` declare them: the planner's
    /// functional-dependency rewrites (GROUP BY keys pruned by a key, …) fire on them. Not enforced: no data.
    // Left out of the encoded spec when empty: the spec is part of the plan's encoding, so a table without keys
    // keeps the plan fingerprint (and identity) it had before keys could be declared.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub primary_key: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unique: Vec<Vec<String>>,
}

#[derive(Debug)]
pub struct DeclaredTable {
    pub spec: DeclaredSpec,
    schema: SchemaRef,
    statistics: Statistics,
    constraints: Constraints,
    ddl: String,
}

/// Resolves declared SQL types with DataFusion's own SQL planner (`CAST(NULL AS <type>)`), so types are spelled
/// exactly as DataFusion's DDL spells them. The type text is checked first: it is pasted into SQL.
pub async fn resolve_schema(state: &SessionState, columns: &[DeclaredColumn]) -> EngineResult<SchemaRef> {
    if columns.is_empty() {
        return Err(user_input("a schema-only table needs at least one column"));
    }
    let mut select = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let ok = !c.sql_type.is_empty()
            && c.sql_type.chars().all(|ch| ch.is_ascii_alphanumeric() || " _,()".contains(ch));
        if !ok {
            return Err(user_input(format!("column {}: '{}' is not a SQL type", c.name, c.sql_type)));
        }
        select.push(format!("CAST(NULL AS {}) AS c{i}", c.sql_type));
    }
    let plan = state
        .create_logical_plan(&format!("SELECT {}", select.join(", ")))
        .await
        .map_err(|e| user_input(format!("declared types do not parse: {}", e.strip_backtrace())))?;
    let fields: Vec<Field> = plan
        .schema()
        .fields()
        .iter()
        .zip(columns)
        .map(|(f, c)| Field::new(&c.name, f.data_type().clone(), c.nullable))
        .collect();
    Ok(Arc::new(Schema::new(fields)))
}

impl DeclaredTable {
    pub fn new(spec: DeclaredSpec, schema: SchemaRef) -> EngineResult<Self> {
        let statistics = to_statistics(&schema, spec.statistics.as_ref())?;
        let columns: Vec<String> = spec
            .columns
            .iter()
            .map(|c| format!("{} {}{}", c.name, c.sql_type, if c.nullable { "" } else { " NOT NULL" }))
            .collect();
        let (constraints, clauses) = to_constraints(&spec, &schema)?;
        let ddl = format!("CREATE TABLE {} ({})", spec.name, columns.into_iter().chain(clauses).collect::<Vec<_>>().join(", "));
        Ok(DeclaredTable { spec, schema, statistics, constraints, ddl })
    }
}

/// The declared keys as DataFusion's `Constraints` (column indices, as its SQL planner builds them) and as the DDL
/// clauses the schema component shows. A key naming a missing column, an empty key or a repeated column is refused.
fn to_constraints(spec: &DeclaredSpec, schema: &Schema) -> EngineResult<(Constraints, Vec<String>)> {
    let mut constraints = Vec::new();
    let mut clauses = Vec::new();
    let keys = (!spec.primary_key.is_empty()).then_some(("PRIMARY KEY", &spec.primary_key));
    for (kind, key) in keys.into_iter().chain(spec.unique.iter().map(|u| ("UNIQUE", u))) {
        if key.is_empty() {
            return Err(user_input(format!("table {}: a {kind} constraint needs at least one column", spec.name)));
        }
        let mut indices = Vec::new();
        for column in key {
            let index = schema.index_of(column).map_err(|_| {
                user_input(format!("table {}: {kind} names column {column}, which the schema does not declare", spec.name))
            })?;
            if indices.contains(&index) {
                return Err(user_input(format!("table {}: {kind} names column {column} twice", spec.name)));
            }
            indices.push(index);
        }
        clauses.push(format!("{kind} ({})", key.join(", ")));
        constraints.push(if kind == "UNIQUE" { Constraint::Unique(indices) } else { Constraint::PrimaryKey(indices) });
    }
    Ok((Constraints::new_unverified(constraints), clauses))
}

/// Declared numbers are estimates of production data: Inexact, so no rule answers a query from them (an Exact
/// row count would let AggregateStatistics replace COUNT(*) with a literal).
pub(crate) fn to_statistics(schema: &Schema, declared: Option<&DeclaredStats>) -> EngineResult<Statistics> {
    let mut stats = Statistics::new_unknown(schema);
    let Some(declared) = declared else { return Ok(stats) };
    for name in declared.columns.keys() {
        if schema.field_with_name(name).is_err() {
            return Err(user_input(format!("statistics name column {name}, which the schema does not declare")));
        }
    }
    stats.num_rows = inexact(declared.num_rows);
    stats.total_byte_size = inexact(declared.total_byte_size);
    for (field, column) in schema.fields().iter().zip(stats.column_statistics.iter_mut()) {
        let Some(d) = declared.columns.get(field.name()) else { continue };
        *column = ColumnStatistics {
            null_count: inexact(d.null_count),
            distinct_count: inexact(d.distinct_count),
            min_value: literal(field.name(), field.data_type(), d.min.as_ref())?,
            max_value: literal(field.name(), field.data_type(), d.max.as_ref())?,
            ..ColumnStatistics::new_unknown()
        };
    }
    Ok(stats)
}

fn inexact(v: Option<u64>) -> Precision<usize> {
    v.map(|n| Precision::Inexact(n as usize)).unwrap_or(Precision::Absent)
}

fn literal(column: &str, data_type: &DataType, text: Option<&String>) -> EngineResult<Precision<ScalarValue>> {
    let Some(text) = text else { return Ok(Precision::Absent) };
    let value = ScalarValue::try_from_string(text.clone(), data_type)
        .map_err(|e| user_input(format!("statistic '{text}' of column {column} is not a {data_type}: {}", e.strip_backtrace())))?;
    Ok(Precision::Inexact(value))
}

#[async_trait]
impl TableProvider for DeclaredTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn constraints(&self) -> Option<&Constraints> {
        Some(&self.constraints)
    }

    fn get_table_definition(&self) -> Option<&str> {
        Some(&self.ddl)
    }

    fn statistics(&self) -> Option<Statistics> {
        Some(self.statistics.clone())
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let schema = match projection {
            Some(p) => Arc::new(self.schema.project(p)?),
            None => Arc::clone(&self.schema),
        };
        let stats = self.statistics.clone().project(projection);
        Ok(Arc::new(DeclaredScanExec::new(self.spec.name.clone(), schema, stats)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::prelude::SessionContext;

    fn spec(primary_key: &[&str], unique: &[&[&str]]) -> DeclaredSpec {
        let column = |n: &str| DeclaredColumn { name: n.into(), sql_type: "BIGINT".into(), nullable: false };
        DeclaredSpec {
            name: "customer".into(),
            columns: vec![column("c_custkey"), column("c_name")],
            statistics: None,
            primary_key: primary_key.iter().map(|s| s.to_string()).collect(),
            unique: unique.iter().map(|u| u.iter().map(|s| s.to_string()).collect()).collect(),
        }
    }

    async fn group_by_plan(spec: DeclaredSpec) -> String {
        let ctx = SessionContext::new();
        let schema = resolve_schema(&ctx.state(), &spec.columns).await.unwrap();
        ctx.register_table("customer", Arc::new(DeclaredTable::new(spec, schema).unwrap())).unwrap();
        let df = ctx.sql("SELECT c_custkey, count(*) FROM customer GROUP BY c_custkey, c_name").await.unwrap();
        df.into_optimized_plan().unwrap().display_indent().to_string()
    }

    /// As with CREATE EXTERNAL TABLE … PRIMARY KEY: the key makes c_name dependent on it, so OptimizeProjections
    /// groups by the key alone (c_name is not selected, so nothing above needs it); without the key it stays.
    #[test]
    fn a_primary_key_prunes_dependent_group_by_columns() {
        let rt = tokio::runtime::Builder::new_multi_thread().build().unwrap();
        let keyed = rt.block_on(group_by_plan(spec(&["c_custkey"], &[])));
        let plain = rt.block_on(group_by_plan(spec(&[], &[])));
        assert!(keyed.contains("groupBy=[[customer.c_custkey]]"), "{keyed}");
        assert!(plain.contains("groupBy=[[customer.c_custkey, customer.c_name]]"), "{plain}");
        // The same plan, text for text, as DataFusion's own DDL with PRIMARY KEY gives.
        let ctx = SessionContext::new();
        let own = rt.block_on(async {
            let ddl = "CREATE TABLE customer (c_custkey BIGINT NOT NULL, c_name BIGINT NOT NULL, PRIMARY KEY (c_custkey))";
            ctx.sql(ddl).await.unwrap().collect().await.unwrap();
            let df = ctx.sql("SELECT c_custkey, count(*) FROM customer GROUP BY c_custkey, c_name").await.unwrap();
            df.into_optimized_plan().unwrap().display_indent().to_string()
        });
        assert_eq!(keyed, own);
    }

    #[test]
    fn keys_show_in_the_ddl_and_bad_keys_are_refused() {
        let schema = |s: &DeclaredSpec| {
            Arc::new(Schema::new(s.columns.iter().map(|c| Field::new(&c.name, DataType::Int64, false)).collect::<Vec<_>>()))
        };
        let ok = spec(&["c_custkey"], &[&["c_name"]]);
        let table = DeclaredTable::new(ok.clone(), schema(&ok)).unwrap();
        assert!(table.ddl.ends_with(", PRIMARY KEY (c_custkey), UNIQUE (c_name))"), "{}", table.ddl);
        assert_eq!(table.constraints().unwrap().len(), 2);
        for (bad, says) in [
            (spec(&["nope"], &[]), "names column nope"),
            (spec(&["c_custkey", "c_custkey"], &[]), "twice"),
            (spec(&[], &[&[]]), "at least one column"),
        ] {
            let err = DeclaredTable::new(bad.clone(), schema(&bad)).unwrap_err();
            assert!(err.java_exception().1.contains(says), "{}", err.java_exception().1);
        }
    }
}
