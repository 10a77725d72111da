//! Schema-only tables: a declared schema with no data, optionally with declared statistics the planner sees — so a
//! production plan can be captured without production data (as Spark's plan-stability suites inject sf100 stats).

use super::declared_exec::DeclaredScanExec;
use crate::errors::{user_input, EngineResult};
use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::stats::Precision;
use datafusion::common::{ColumnStatistics, Result, ScalarValue, Statistics};
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
}

#[derive(Debug)]
pub struct DeclaredTable {
    pub spec: DeclaredSpec,
    schema: SchemaRef,
    statistics: Statistics,
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
        let ddl = format!("CREATE TABLE {} ({})", spec.name, columns.join(", "));
        Ok(DeclaredTable { spec, schema, statistics, ddl })
    }
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
