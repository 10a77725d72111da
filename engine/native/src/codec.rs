//! datafusion-proto codecs for the crate's own plan nodes (schema-only tables and their scans). Built-in providers
//! (listing tables, views) and operators are serialized by datafusion-proto itself.

use crate::tables::declared::{DeclaredSpec, DeclaredTable};
use crate::tables::declared_exec::DeclaredScanExec;
use crate::tables::file_set::{FileSetSpec, FileSetTable};
use serde::{Deserialize, Serialize};
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::catalog::TableProvider;
use datafusion::common::{internal_err, not_impl_err, DataFusionError, Result, TableReference};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Extension, LogicalPlan};
use datafusion::physical_plan::ExecutionPlan;
use datafusion_proto::logical_plan::LogicalExtensionCodec;
use datafusion_proto::physical_plan::{PhysicalExtensionCodec, PhysicalProtoConverterExtension};
use datafusion_proto_common as protobuf;
use prost::Message;
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct ProvenanceLogicalCodec;

/// The engine's own table providers, as they travel inside datafusion-proto plans.
#[derive(Serialize, Deserialize)]
enum OwnTable {
    Declared(DeclaredSpec),
    FileSet(FileSetSpec),
}

impl LogicalExtensionCodec for ProvenanceLogicalCodec {
    fn try_decode(&self, _buf: &[u8], _inputs: &[LogicalPlan], _ctx: &TaskContext) -> Result<Extension> {
        not_impl_err!("no extension nodes are produced by this engine")
    }

    fn try_encode(&self, _node: &Extension, _buf: &mut Vec<u8>) -> Result<()> {
        not_impl_err!("no extension nodes are produced by this engine")
    }

    fn try_decode_table_provider(
        &self,
        buf: &[u8],
        _table_ref: &TableReference,
        schema: SchemaRef,
        _ctx: &TaskContext,
    ) -> Result<Arc<dyn TableProvider>> {
        match serde_json::from_slice(buf).map_err(|e| DataFusionError::External(Box::new(e)))? {
            OwnTable::Declared(spec) => {
                let table = DeclaredTable::new(spec, schema).map_err(|e| DataFusionError::Plan(e.java_exception().1))?;
                Ok(Arc::new(table))
            }
            OwnTable::FileSet(spec) => Ok(Arc::new(FileSetTable::from_table_schema(spec, schema)?)),
        }
    }

    fn try_encode_table_provider(
        &self,
        table_ref: &TableReference,
        node: Arc<dyn TableProvider>,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        let own = if let Some(declared) = node.downcast_ref::<DeclaredTable>() {
            OwnTable::Declared(declared.spec.clone())
        } else if let Some(set) = node.downcast_ref::<FileSetTable>() {
            OwnTable::FileSet(set.spec.clone())
        } else {
            return not_impl_err!("table {table_ref} has a provider this engine cannot serialize");
        };
        serde_json::to_writer(buf, &own).map_err(|e| DataFusionError::External(Box::new(e)))
    }
}

#[derive(Debug, Default)]
pub struct ProvenancePhysicalCodec;

/// Wire form of a DeclaredScanExec: table name, schema and statistics as datafusion-proto messages.
#[derive(Clone, PartialEq, Message)]
struct DeclaredScanProto {
    #[prost(string, tag = "1")]
    table: String,
    #[prost(message, optional, tag = "2")]
    schema: Option<protobuf::Schema>,
    #[prost(message, optional, tag = "3")]
    statistics: Option<protobuf::Statistics>,
}

impl PhysicalExtensionCodec for ProvenancePhysicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        _ctx: &TaskContext,
        _converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if !inputs.is_empty() {
            return internal_err!("DeclaredScanExec has no inputs");
        }
        let node = DeclaredScanProto::decode(buf).map_err(|e| DataFusionError::External(Box::new(e)))?;
        let schema: Schema = node.schema.as_ref().ok_or_else(|| DataFusionError::Internal("no schema".into()))?.try_into()?;
        let stats = node.statistics.as_ref().ok_or_else(|| DataFusionError::Internal("no statistics".into()))?.try_into()?;
        Ok(Arc::new(DeclaredScanExec::new(node.table, Arc::new(schema), stats)))
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        _converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<()> {
        let Some(scan) = (node.as_ref() as &dyn std::any::Any).downcast_ref::<DeclaredScanExec>() else {
            return not_impl_err!("operator {} cannot be serialized by this engine", node.name());
        };
        let proto = DeclaredScanProto {
            table: scan.table.clone(),
            schema: Some(scan.schema().as_ref().try_into()?),
            statistics: Some(scan.statistics().into()),
        };
        proto.encode(buf).map_err(|e| DataFusionError::External(Box::new(e)))
    }
}
