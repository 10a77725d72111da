//! Table registration: Parquet (file, folder, exact file list), schema-only tables with declared statistics, and
//! views. Every location is checked against the data roots first; each table's origin is remembered for the
//! schema diagnostics of the capture.

pub mod declared;
pub mod declared_exec;
pub mod file_set;
pub mod reuse;

use crate::errors::{user_input, EngineResult};
use crate::guard;
use crate::roots::DataRoots;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::datasource::{TableProvider, ViewTable};
use datafusion::execution::context::SessionContext;
use datafusion::prelude::ParquetReadOptions;
use reuse::{KeptTables, Listing};
use declared::{DeclaredColumn, DeclaredSpec, DeclaredStats, DeclaredTable};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::Arc;

/// Where a table's schema came from, for the capture's schema provenance.
#[derive(Debug, Clone, Serialize)]
pub struct TableOrigin {
    pub provider: &'static str,
    pub schema_source: &'static str,
    pub detail: Value,
}

#[derive(Debug, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    #[serde(default)]
    pub partition_values: std::collections::BTreeMap<String, Option<String>>,
    #[serde(default)]
    pub statistics: Option<DeclaredStats>,
}

pub async fn register_parquet(
    ctx: &SessionContext,
    roots: &DataRoots,
    kept: &KeptTables,
    name: &str,
    location: &str,
) -> EngineResult<TableOrigin> {
    let resolved = roots.check(location)?;
    let mut url = resolved.to_string_lossy().into_owned();
    if resolved.is_dir() {
        url.push('/');
    }
    // A location that cannot be listed here is left to DataFusion, whose error the caller then gets.
    let listing = Listing::of(&resolved).ok();
    match listing.as_ref().and_then(|listing| kept.get(&url, listing)) {
        Some(table) => {
            ctx.register_table(name, table)?;
        }
        None => {
            ctx.register_parquet(name, &url, ParquetReadOptions::default()).await?;
            if let (Some(listing), Ok(table)) = (listing, ctx.table_provider(name).await) {
                kept.keep(url.clone(), listing, table);
            }
        }
    }
    Ok(TableOrigin {
        provider: "listing_parquet",
        schema_source: "inferred_from_parquet",
        detail: json!({ "location": roots.mask(&url), "kind": if resolved.is_dir() { "folder" } else { "file" } }),
    })
}

/// A Parquet table over exactly these files (e.g. a Delta snapshot's active files); each file's partition values
/// become columns of the declared partition column types (NULL allowed). With no files (an empty snapshot) the file
/// columns are `file_columns` and the table is empty: zero rows, exactly.
pub async fn register_files(
    ctx: &SessionContext,
    roots: &DataRoots,
    name: &str,
    files: Vec<FileEntry>,
    partition_columns: Vec<DeclaredColumn>,
    file_columns: Vec<DeclaredColumn>,
    statistics_source: Option<String>,
) -> EngineResult<TableOrigin> {
    if files.is_empty() && file_columns.is_empty() {
        return Err(user_input(format!("table {name}: an exact file set with no files needs its file columns declared")));
    }
    let partition_names: Vec<String> = partition_columns.iter().map(|c| c.name.clone()).collect();
    let mut urls = Vec::new();
    let mut set = Vec::new();
    let mut bytes = 0u64;
    for f in files {
        if let Some(unknown) = f.partition_values.keys().find(|k| !partition_names.contains(k)) {
            return Err(user_input(format!("table {name}: file {} has a value for {unknown}, not a declared partition column", f.path)));
        }
        let resolved = roots.check(&f.path)?;
        urls.push(ListingTableUrl::parse(resolved.to_string_lossy())?);
        bytes += f.size;
        set.push(file_set::SetFile { path: resolved.to_string_lossy().into_owned(), size: f.size, partition_values: f.partition_values, statistics: f.statistics });
    }
    // The file columns come from the files' own footers, as a listing table infers them; with no files, as declared.
    let state = ctx.state();
    let file_schema = if urls.is_empty() {
        declared::resolve_schema(&state, &file_columns).await?
    } else {
        let options = ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension("");
        let config = ListingTableConfig::new_with_multi_paths(urls).with_listing_options(options).infer_schema(&state).await?;
        TableProvider::schema(&ListingTable::try_new(config)?)
    };
    let partition_fields = if partition_columns.is_empty() {
        vec![]
    } else {
        declared::resolve_schema(&state, &partition_columns)
            .await?
            .fields()
            .iter()
            .map(|f| file_set::partition_field(f.name(), f.data_type().clone()))
            .collect()
    };
    let count = set.len();
    let first_file = set.first().map(|f| roots.mask(&f.path));
    let spec = file_set::FileSetSpec { files: set, partition_columns: partition_names.clone() };
    let table = file_set::FileSetTable::new(spec, file_schema, partition_fields)?;
    let with_statistics = table.has_statistics();
    ctx.register_table(name, Arc::new(table))?;
    Ok(TableOrigin {
        provider: "parquet_file_set",
        schema_source: "inferred_from_parquet",
        detail: json!({
            "files": count,
            "bytes": bytes,
            "partition_columns": partition_names,
            // Statistics come from the file set's own metadata (a Delta log), or there are none: no footer is read.
            "statistics_source": if count == 0 { "empty_file_set".into() } else if with_statistics { statistics_source.unwrap_or_else(|| "file_set_metadata".into()) } else { "absent".into() },
            "first_file": first_file,
        }),
    })
}

pub async fn register_declared(
    ctx: &SessionContext,
    name: &str,
    columns: Vec<DeclaredColumn>,
    statistics: Option<DeclaredStats>,
    primary_key: Vec<String>,
    unique: Vec<Vec<String>>,
) -> EngineResult<TableOrigin> {
    let schema = declared::resolve_schema(&ctx.state(), &columns).await?;
    let has_stats = statistics.is_some();
    let spec = DeclaredSpec { name: name.to_string(), columns, statistics, primary_key, unique };
    ctx.register_table(name, Arc::new(DeclaredTable::new(spec, schema)?))?;
    Ok(TableOrigin {
        provider: "declared",
        schema_source: "declared",
        detail: json!({ "declared_statistics": has_stats }),
    })
}

/// A DataFusion view whose definition (the provider DDL) is the SELECT itself; only read queries are accepted.
pub async fn register_view(ctx: &SessionContext, limits: &crate::limits::PlanLimits, name: &str, select: &str) -> EngineResult<TableOrigin> {
    let state = ctx.state();
    let plan = guard::plan_read_query(&state, select, limits).await?;
    let view = ViewTable::new(plan, Some(select.to_string()));
    ctx.register_table(name, Arc::new(view))?;
    Ok(TableOrigin { provider: "view", schema_source: "view_definition", detail: json!({}) })
}
