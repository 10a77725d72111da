//! The JNI surface. Thin: decode arguments, call into the crate, encode results; all inside `guarded`.

use crate::capture::{self, to_batch, Capture};
use crate::errors::{internal, user_input, EngineResult};
use crate::ffi::{borrow, bytes, free, guarded, into_handle, string};
use crate::runtime::EngineRuntime;
use crate::session::EngineSession;
use crate::contract;
use crate::faults;
use crate::tables::{self, declared::DeclaredColumn, FileEntry};
use prost::Message;
use datafusion::arrow::array::{RecordBatch, RecordBatchIterator};
use datafusion::arrow::ffi_stream::FFI_ArrowArrayStream;
use datafusion::dataframe::DataFrameWriteOptions;
use jni::objects::{JByteArray, JClass, JString};
use jni::sys::{jbyteArray, jlong, jstring};
use jni::JNIEnv;
use std::sync::Arc;

/// Hands a stream of batches to Java through the Arrow C stream interface at `address`.
/// Runs the DataFrame `frame` yields on the session's runtime and exports its batches as an Arrow C stream.
fn export_frame<F: std::future::Future<Output = EngineResult<datafusion::dataframe::DataFrame>>>(
    s: &EngineSession,
    address: jlong,
    frame: impl FnOnce() -> F + Send,
) -> EngineResult<()> {
    let (batches, schema) = s.block_on(|| async {
        let frame = frame().await?;
        let schema = Arc::new(frame.schema().as_arrow().clone());
        Ok::<_, crate::errors::EngineError>((frame.collect().await?, schema))
    })?;
    export_batches(batches, schema, address)
}

fn export_batches(batches: Vec<RecordBatch>, schema: datafusion::arrow::datatypes::SchemaRef, address: jlong) -> EngineResult<()> {
    if address == 0 {
        return Err(internal("null Arrow stream address"));
    }
    let reader = RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    unsafe { std::ptr::write_unaligned(address as *mut FFI_ArrowArrayStream, stream) };
    Ok(())
}

// ---- EngineRuntime ----

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_create<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, request: JByteArray<'l>,
) -> jlong {
    guarded(&mut env, 0, |env| {
        let request: contract::RuntimeRequest = contract::decode(&bytes(env, &request)?)?;
        let (profile, roots) = request.into_parts()?;
        Ok(into_handle(Arc::new(EngineRuntime::new(profile, &roots)?)))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_newSession<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, runtime: jlong,
) -> jlong {
    guarded(&mut env, 0, |_| {
        let runtime = borrow::<Arc<EngineRuntime>>(runtime)?;
        Ok(into_handle(EngineSession::new(Arc::clone(runtime))?))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_destroy<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, runtime: jlong) {
    guarded(&mut env, (), |_| free::<Arc<EngineRuntime>>(runtime))
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_panicForTest<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, runtime: jlong) {
    guarded(&mut env, (), |_| {
        let runtime = borrow::<Arc<EngineRuntime>>(runtime)?;
        panic!("injected test panic on profile {}", runtime.profile.name);
    })
}

/// Test support: the next capture on this runtime fails with the named internal fault, raised where it would really
/// arise (see `faults.rs`).
#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_armFaultForTest<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, runtime: jlong, kind: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let kind = string(env, &kind)?;
        borrow::<Arc<EngineRuntime>>(runtime)?.faults.arm(&kind)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_nativeDatafusionVersion<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>,
) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| Ok(env.new_string(datafusion::DATAFUSION_VERSION)?.into_raw()))
}

// ---- EngineSession ----

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerParquet<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, name: JString<'l>, location: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let (name, location) = (string(env, &name)?, string(env, &location)?);
        let s = borrow::<EngineSession>(session)?;
        let origin = s.block_on_here(tables::register_parquet(&s.ctx, &s.runtime.roots, &s.runtime.tables, &name, &location))?;
        s.origins.insert(name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerFiles<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, table: JByteArray<'l>,
) {
    guarded(&mut env, (), |env| {
        let table: contract::FileSetTable = contract::decode(&bytes(env, &table)?)?;
        let files: Vec<FileEntry> = table.files.into_iter().map(Into::into).collect();
        let partitions: Vec<DeclaredColumn> = table.partition_columns.into_iter().map(Into::into).collect();
        let file_columns: Vec<DeclaredColumn> = table.file_columns.into_iter().map(Into::into).collect();
        let s = borrow::<EngineSession>(session)?;
        let registering =
            tables::register_files(&s.ctx, &s.runtime.roots, &table.name, files, partitions, file_columns, table.statistics_source);
        let origin = s.block_on_here(registering)?;
        s.origins.insert(table.name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerSchemaOnly<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, table: JByteArray<'l>,
) {
    guarded(&mut env, (), |env| {
        let table: contract::DeclaredTable = contract::decode(&bytes(env, &table)?)?;
        let columns: Vec<DeclaredColumn> = table.columns.into_iter().map(Into::into).collect();
        let s = borrow::<EngineSession>(session)?;
        let unique = table.unique.into_iter().map(|u| u.columns).collect();
        let declared = tables::register_declared(&s.ctx, &table.name, columns, table.statistics.map(Into::into), table.primary_key, unique);
        let origin = s.block_on_here(declared)?;
        s.origins.insert(table.name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_resolveLocation<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, location: JString<'l>,
) -> jstring {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let location = string(env, &location)?;
        let resolved = borrow::<EngineSession>(session)?.runtime.roots.check(&location)?;
        Ok(env.new_string(resolved.to_string_lossy())?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerView<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, name: JString<'l>, select: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let (name, select) = (string(env, &name)?, string(env, &select)?);
        let s = borrow::<EngineSession>(session)?;
        let origin = s.block_on(|| tables::register_view(&s.ctx, s.limits(), &name, &select))?;
        s.origins.insert(name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_capture<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, request: JByteArray<'l>,
) -> jlong {
    guarded(&mut env, 0, |env| {
        let s = borrow::<EngineSession>(session)?;
        let mut request = bytes(env, &request)?;
        if let Some(fault) = s.runtime.faults.take() {
            faults::raise(fault, env, &s.runtime.tokio, &mut request)?;
        }
        let request: contract::CaptureRequest = contract::decode(&request)?;
        let result = s.block_on(|| capture::capture(s, &request))?;
        Ok(into_handle(result))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_executeQuery<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, sql: JString<'l>, address: jlong,
) {
    guarded(&mut env, (), |env| {
        let sql = string(env, &sql)?;
        let s = borrow::<EngineSession>(session)?;
        export_frame(s, address, || async {
            let plan = crate::guard::plan_read_query(&s.ctx.state(), &sql, s.limits()).await?;
            Ok(s.ctx.execute_logical_plan(plan).await?)
        })
    })
}

/// DataFusion's own `EXPLAIN [VERBOSE]` of a read query (never `ANALYZE`: nothing runs), to set beside a capture.
#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_explain<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, sql: JString<'l>, verbose: jni::sys::jboolean, address: jlong,
) {
    guarded(&mut env, (), |env| {
        let sql = string(env, &sql)?;
        let s = borrow::<EngineSession>(session)?;
        export_frame(s, address, || async {
            let state = s.ctx.state();
            let plan = crate::guard::plan_read_query(&state, &sql, s.limits()).await?;
            Ok(datafusion::dataframe::DataFrame::new(state, plan).explain(verbose != 0, false)?)
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_writeParquet<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, sql: JString<'l>, path: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let (sql, path) = (string(env, &sql)?, string(env, &path)?);
        let s = borrow::<EngineSession>(session)?;
        let target = std::path::Path::new(&path);
        let parent = target.parent().ok_or_else(|| user_input(format!("{path} has no parent folder")))?;
        s.runtime.roots.check(&parent.to_string_lossy())?;
        s.block_on(|| async {
            let plan = crate::guard::plan_read_query(&s.ctx.state(), &sql, s.limits()).await?;
            let frame = s.ctx.execute_logical_plan(plan).await?;
            frame.write_parquet(&path, DataFrameWriteOptions::new().with_single_file_output(true), None).await?;
            Ok::<_, crate::errors::EngineError>(())
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_planOnly<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, sql: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let sql = string(env, &sql)?;
        let s = borrow::<EngineSession>(session)?;
        s.block_on(|| s.plan_only(&sql))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_closeSession<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong) {
    // A session holds its views' plans as SQL planned them (as deep as the query nests); dropping a plan recurses.
    guarded(&mut env, (), |_| crate::ffi::on_planning_stack(|| free::<EngineSession>(session)))
}

// ---- NativeCapture ----

/// Everything but the EXPLAIN rows, as one `CaptureResult` message.
#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_result<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let encoded = borrow::<Capture>(capture)?.result.encode_to_vec();
        Ok(env.byte_array_from_slice(&encoded)?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_explainStream<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong, format: JString<'l>, address: jlong,
) {
    guarded(&mut env, (), |env| {
        let format = string(env, &format)?;
        let c = borrow::<Capture>(capture)?;
        let rows = c.explain.get(format.as_str()).ok_or_else(|| internal(format!("no EXPLAIN format {format}")))?;
        let batch = to_batch(rows)?;
        export_batches(vec![batch.clone()], batch.schema(), address)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_free<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong) {
    guarded(&mut env, (), |_| free::<Capture>(capture))
}
