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
use datafusion::physical_expr::PhysicalExpr;
use datafusion_proto::physical_plan::from_proto::parse_physical_expr_with_converter;
use datafusion_proto::physical_plan::to_proto::serialize_physical_expr_with_converter;
use datafusion_proto::physical_plan::{
    PhysicalExtensionCodec, PhysicalPlanDecodeContext, PhysicalPlanNodeExt, PhysicalProtoConverterExtension,
};
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

/// Encodes physical plans with dynamic-filter ids renumbered 1, 2, … in encoding order. DataFusion draws those ids
/// from a process-wide counter, so without this every planning of one query would encode different bytes; an id only
/// links the expressions that share one filter, which renumbering keeps. Decoding is DataFusion's own.
#[derive(Default)]
pub struct StableExprIds {
    ids: std::cell::RefCell<std::collections::HashMap<u64, u64>>,
}

impl PhysicalProtoConverterExtension for StableExprIds {
    fn proto_to_execution_plan(
        &self,
        proto: &datafusion_proto::protobuf::PhysicalPlanNode,
        ctx: &PhysicalPlanDecodeContext<'_>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        proto.try_into_physical_plan_with_context(ctx, self)
    }

    fn execution_plan_to_proto(
        &self,
        plan: &Arc<dyn ExecutionPlan>,
        codec: &dyn PhysicalExtensionCodec,
    ) -> Result<datafusion_proto::protobuf::PhysicalPlanNode> {
        datafusion_proto::protobuf::PhysicalPlanNode::try_from_physical_plan_with_converter(Arc::clone(plan), codec, self)
    }

    fn proto_to_physical_expr(
        &self,
        proto: &datafusion_proto::protobuf::PhysicalExprNode,
        input_schema: &Schema,
        ctx: &PhysicalPlanDecodeContext<'_>,
    ) -> Result<Arc<dyn PhysicalExpr>> {
        parse_physical_expr_with_converter(proto, input_schema, ctx, self)
    }

    fn physical_expr_to_proto(
        &self,
        expr: &Arc<dyn PhysicalExpr>,
        codec: &dyn PhysicalExtensionCodec,
    ) -> Result<datafusion_proto::protobuf::PhysicalExprNode> {
        let mut node = serialize_physical_expr_with_converter(expr, codec, self)?;
        if let Some(id) = node.expr_id {
            let mut ids = self.ids.borrow_mut();
            let next = ids.len() as u64 + 1;
            node.expr_id = Some(*ids.entry(id).or_insert(next));
        }
        Ok(node)
    }
}
