//! A Parquet table over exactly a given set of files (a Delta snapshot's active files), each carrying its own
//! partition values as columns — which a listing table cannot express, since it reads partition values from paths.

use super::declared::{to_statistics, DeclaredStats};
use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::stats::Precision;
use datafusion::common::{ColumnStatistics, Result, ScalarValue, Statistics};
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::object_store::ObjectStoreUrl;
use datafusion::datasource::physical_plan::{FileGroup, FileScanConfigBuilder, ParquetSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::table_schema::TableSchema;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::logical_expr::Expr;
use datafusion::common::project_schema;
use datafusion::physical_plan::empty::EmptyExec;
use datafusion::physical_plan::ExecutionPlan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One file: absolute (already root-checked) path, size, and partition values keyed by column (None = NULL).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetFile {
    pub path: String,
    pub size: u64,
    #[serde(default)]
    pub partition_values: BTreeMap<String, Option<String>>,
    /// Statistics the file set's own metadata carries (a Delta log's numRecords / minValues / maxValues /
    /// nullCount), in the declared-statistics shape.
    #[serde(default)]
    pub statistics: Option<DeclaredStats>,
}

/// What is serialized into plans so a decoded plan rebuilds the same table (the schema travels beside it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileSetSpec {
    pub files: Vec<SetFile>,
    pub partition_columns: Vec<String>,
}

#[derive(Debug)]
pub struct FileSetTable {
    pub spec: FileSetSpec,
    file_schema: SchemaRef,
    partition_fields: Vec<FieldRef>,
    schema: SchemaRef,
    /// Per file, its partition values typed as the partition columns.
    values: Vec<Vec<ScalarValue>>,
    /// The files' own statistics merged over the table (None unless every file carries some).
    statistics: Option<Statistics>,
}

impl FileSetTable {
    /// `partition_fields` are the typed partition columns, in `spec.partition_columns` order.
    pub fn new(spec: FileSetSpec, file_schema: SchemaRef, partition_fields: Vec<FieldRef>) -> Result<Self> {
        let mut values = Vec::with_capacity(spec.files.len());
        for file in &spec.files {
            let mut row = Vec::with_capacity(partition_fields.len());
            for field in &partition_fields {
                row.push(typed(file.partition_values.get(field.name()).cloned().flatten(), field.data_type())?);
            }
            values.push(row);
        }
        let mut fields: Vec<FieldRef> = file_schema.fields().iter().cloned().collect();
        fields.extend(partition_fields.iter().cloned());
        let schema = Arc::new(Schema::new(fields));
        let statistics = merged_statistics(&spec.files, &schema)?;
        Ok(FileSetTable { spec, file_schema, partition_fields, schema, values, statistics })
    }

    /// Whether the planner sees statistics from the file set's metadata (otherwise none: no footer is read).
    pub fn has_statistics(&self) -> bool {
        self.statistics.is_some()
    }

    /// Rebuilds from a decoded plan: the table schema is file columns followed by the partition columns.
    pub fn from_table_schema(spec: FileSetSpec, table_schema: SchemaRef) -> Result<Self> {
        let n = table_schema.fields().len() - spec.partition_columns.len();
        let file_schema = Arc::new(Schema::new(table_schema.fields()[..n].to_vec()));
        let partition_fields = table_schema.fields()[n..].to_vec();
        FileSetTable::new(spec, file_schema, partition_fields)
    }
}

/// Sums row and null counts and widens min/max over the files. Everything is Inexact: Delta's bounds may be
/// truncated and deletion vectors may hide rows. No files is the one exact case: zero rows, zero bytes, zero nulls.
fn merged_statistics(files: &[SetFile], schema: &Schema) -> Result<Option<Statistics>> {
    if files.is_empty() {
        return Ok(Some(empty_statistics(schema)));
    }
    let mut merged: Option<Statistics> = None;
    for file in files {
        let Some(declared) = &file.statistics else { return Ok(None) };
        // Metadata statistics are a hint, not the caller's input: one that does not parse as its column's type
        // leaves the table without them (recorded as absent) instead of failing the capture.
        let Ok(stats) = to_statistics(schema, Some(declared)) else { return Ok(None) };
        merged = Some(match merged {
            None => stats,
            Some(acc) => Statistics {
                num_rows: add(acc.num_rows, stats.num_rows),
                total_byte_size: add(acc.total_byte_size, stats.total_byte_size),
                column_statistics: acc
                    .column_statistics
                    .into_iter()
                    .zip(stats.column_statistics)
                    .map(|(a, b)| ColumnStatistics {
                        null_count: add(a.null_count, b.null_count),
                        min_value: bound(a.min_value, b.min_value, std::cmp::Ordering::Less),
                        max_value: bound(a.max_value, b.max_value, std::cmp::Ordering::Greater),
                        ..ColumnStatistics::new_unknown()
                    })
                    .collect(),
            },
        });
    }
    Ok(merged)
}

fn empty_statistics(schema: &Schema) -> Statistics {
    let column = ColumnStatistics { null_count: Precision::Exact(0), ..ColumnStatistics::new_unknown() };
    Statistics {
        num_rows: Precision::Exact(0),
        total_byte_size: Precision::Exact(0),
        column_statistics: vec![column; schema.fields().len()],
    }
}

fn add(a: Precision<usize>, b: Precision<usize>) -> Precision<usize> {
    match (a.get_value(), b.get_value()) {
        (Some(x), Some(y)) => Precision::Inexact(x + y),
        _ => Precision::Absent,
    }
}

fn bound(a: Precision<ScalarValue>, b: Precision<ScalarValue>, keep: std::cmp::Ordering) -> Precision<ScalarValue> {
    match (a.get_value(), b.get_value()) {
        (Some(x), Some(y)) => match x.partial_cmp(y) {
            Some(order) if order == keep || order == std::cmp::Ordering::Equal => Precision::Inexact(x.clone()),
            Some(_) => Precision::Inexact(y.clone()),
            None => Precision::Absent,
        },
        _ => Precision::Absent,
    }
}

fn typed(value: Option<String>, data_type: &DataType) -> Result<ScalarValue> {
    match value {
        None => ScalarValue::try_from(data_type),
        Some(text) => ScalarValue::try_from_string(text, data_type),
    }
}

pub fn partition_field(name: &str, data_type: DataType) -> FieldRef {
    Arc::new(Field::new(name, data_type, true))
}

#[async_trait]
impl TableProvider for FileSetTable {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        // No files to read: what a listing table over an empty folder plans, an empty scan of the projected schema.
        if self.spec.files.is_empty() {
            return Ok(Arc::new(EmptyExec::new(project_schema(&self.schema, projection)?)));
        }
        let table_schema = TableSchema::builder(Arc::clone(&self.file_schema))
            .with_table_partition_cols(self.partition_fields.clone())
            .build();
        let files: Vec<PartitionedFile> = self
            .spec
            .files
            .iter()
            .zip(&self.values)
            .map(|(f, values)| PartitionedFile::new(f.path.trim_start_matches('/'), f.size).with_partition_values(values.clone()))
            .collect();
        let mut builder = FileScanConfigBuilder::new(ObjectStoreUrl::local_filesystem(), Arc::new(ParquetSource::new(table_schema)))
            .with_file_group(FileGroup::new(files));
        if let Some(stats) = &self.statistics {
            builder = builder.with_statistics(stats.clone());
        }
        let config = builder
            .with_projection_indices(projection.cloned())?
            .with_limit(limit)
            .build();
        Ok(DataSourceExec::from_data_source(config))
    }
}
