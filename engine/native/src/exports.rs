//! The JNI surface. Thin: decode arguments, call into the crate, encode results; all inside `guarded`.

use crate::capture::{self, to_batch, Capture};
use crate::errors::{invalid, EngineResult};
use crate::ffi::{borrow, free, guarded, into_handle};
use crate::runtime::EngineRuntime;
use crate::session::EngineSession;
use crate::tables::{self, declared::DeclaredColumn, declared::DeclaredStats, FileEntry};
use datafusion::arrow::array::{RecordBatch, RecordBatchIterator};
use datafusion::arrow::ffi_stream::FFI_ArrowArrayStream;
use datafusion::dataframe::DataFrameWriteOptions;
use jni::objects::{JClass, JObject, JString};
use jni::sys::{jbyteArray, jlong, jobjectArray, jstring};
use jni::JNIEnv;
use std::collections::BTreeMap;
use std::sync::Arc;

fn string(env: &mut JNIEnv, s: &JString) -> EngineResult<String> {
    if s.is_null() {
        return Err(invalid("a required string argument was null"));
    }
    Ok(env.get_string(s)?.into())
}

fn optional_string(env: &mut JNIEnv, s: &JString) -> EngineResult<Option<String>> {
    if s.is_null() { Ok(None) } else { Ok(Some(env.get_string(s)?.into())) }
}

fn string_array(env: &mut JNIEnv, items: &[String]) -> EngineResult<jobjectArray> {
    let array = env.new_object_array(items.len() as i32, "java/lang/String", JObject::null())?;
    for (i, item) in items.iter().enumerate() {
        let s = env.new_string(item)?;
        env.set_object_array_element(&array, i as i32, s)?;
    }
    Ok(array.into_raw())
}

/// Hands a stream of batches to Java through the Arrow C stream interface at `address`.
/// Runs the DataFrame `frame` yields on the session's runtime and exports its batches as an Arrow C stream.
fn export_frame(
    s: &EngineSession,
    address: jlong,
    frame: impl std::future::Future<Output = EngineResult<datafusion::dataframe::DataFrame>>,
) -> EngineResult<()> {
    let (batches, schema) = s.block_on(async {
        let frame = frame.await?;
        let schema = Arc::new(frame.schema().as_arrow().clone());
        Ok::<_, crate::errors::EngineError>((frame.collect().await?, schema))
    })?;
    export_batches(batches, schema, address)
}

fn export_batches(batches: Vec<RecordBatch>, schema: datafusion::arrow::datatypes::SchemaRef, address: jlong) -> EngineResult<()> {
    if address == 0 {
        return Err(invalid("null Arrow stream address"));
    }
    let reader = RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(reader));
    unsafe { std::ptr::write_unaligned(address as *mut FFI_ArrowArrayStream, stream) };
    Ok(())
}

// ---- EngineRuntime ----

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_create<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, profile: JString<'l>, roots: JString<'l>,
) -> jlong {
    guarded(&mut env, 0, |env| {
        let profile = string(env, &profile)?;
        let roots = string(env, &roots)?;
        Ok(into_handle(Arc::new(EngineRuntime::new(&profile, &roots)?)))
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
    guarded(&mut env, (), |_| {
        free::<Arc<EngineRuntime>>(runtime);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineRuntime_panicForTest<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, runtime: jlong) {
    guarded(&mut env, (), |_| {
        let runtime = borrow::<Arc<EngineRuntime>>(runtime)?;
        panic!("injected test panic on profile {}", runtime.profile.name);
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
        let origin = s.block_on(tables::register_parquet(&s.ctx, &s.runtime.roots, &s.runtime.tables, &name, &location))?;
        s.origins.insert(name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerFiles<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, name: JString<'l>, files: JString<'l>, partitions: JString<'l>,
    statistics_source: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let name = string(env, &name)?;
        let files: Vec<FileEntry> = serde_json::from_str(&string(env, &files)?)?;
        let partitions: Vec<DeclaredColumn> = serde_json::from_str(&string(env, &partitions)?)?;
        let statistics_source = optional_string(env, &statistics_source)?;
        let s = borrow::<EngineSession>(session)?;
        let origin = s.block_on(tables::register_files(&s.ctx, &s.runtime.roots, &name, files, partitions, statistics_source))?;
        s.origins.insert(name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerSchemaOnly<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, name: JString<'l>, schema: JString<'l>, stats: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let name = string(env, &name)?;
        let columns: Vec<DeclaredColumn> = serde_json::from_str(&string(env, &schema)?)?;
        let stats: Option<DeclaredStats> = match optional_string(env, &stats)? {
            Some(text) => Some(serde_json::from_str(&text)?),
            None => None,
        };
        let s = borrow::<EngineSession>(session)?;
        let origin = s.block_on(tables::register_declared(&s.ctx, &name, columns, stats))?;
        s.origins.insert(name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_registerView<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, name: JString<'l>, select: JString<'l>,
) {
    guarded(&mut env, (), |env| {
        let (name, select) = (string(env, &name)?, string(env, &select)?);
        let s = borrow::<EngineSession>(session)?;
        let origin = s.block_on(tables::register_view(&s.ctx, &name, &select))?;
        s.origins.insert(name, origin);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_capture<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong, sql: JString<'l>, overrides: JString<'l>, external: JString<'l>,
) -> jlong {
    guarded(&mut env, 0, |env| {
        let sql = string(env, &sql)?;
        let overrides: BTreeMap<String, String> = serde_json::from_str(&string(env, &overrides)?)?;
        let external: BTreeMap<String, String> = serde_json::from_str(&string(env, &external)?)?;
        let s = borrow::<EngineSession>(session)?;
        let result = s.block_on(capture::capture(s, &sql, &overrides, &external))?;
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
        export_frame(s, address, async {
            let plan = crate::guard::plan_read_query(&s.ctx.state(), &sql).await?;
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
        export_frame(s, address, async {
            let state = s.ctx.state();
            let plan = crate::guard::plan_read_query(&state, &sql).await?;
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
        let parent = target.parent().ok_or_else(|| invalid(format!("{path} has no parent folder")))?;
        s.runtime.roots.check(&parent.to_string_lossy())?;
        s.block_on(async {
            let plan = crate::guard::plan_read_query(&s.ctx.state(), &sql).await?;
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
        s.block_on(s.plan_only(&sql))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_EngineSession_closeSession<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, session: jlong) {
    guarded(&mut env, (), |_| {
        free::<EngineSession>(session);
        Ok(())
    })
}

// ---- NativeCapture ----

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_hashes<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong) -> jobjectArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let c = borrow::<Capture>(capture)?;
        let flat: Vec<String> = c.hashes.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect();
        string_array(env, &flat)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_componentNames<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong,
) -> jobjectArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let c = borrow::<Capture>(capture)?;
        let names: Vec<String> = c.components.keys().cloned().collect();
        string_array(env, &names)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_component<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong, name: JString<'l>,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let name = string(env, &name)?;
        let c = borrow::<Capture>(capture)?;
        let value = c.components.get(&name).ok_or_else(|| invalid(format!("no component {name}")))?;
        // UTF-8 bytes, one copy: a JNI string would be re-encoded to modified UTF-8 and then to UTF-16.
        Ok(env.byte_array_from_slice(value.as_bytes())?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_planBytes<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong, name: JString<'l>,
) -> jbyteArray {
    guarded(&mut env, std::ptr::null_mut(), |env| {
        let name = string(env, &name)?;
        let c = borrow::<Capture>(capture)?;
        let bytes = c.plan_bytes.get(name.as_str()).ok_or_else(|| invalid(format!("no plan bytes {name}")))?;
        Ok(env.byte_array_from_slice(bytes)?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_explainStream<'l>(
    mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong, format: JString<'l>, address: jlong,
) {
    guarded(&mut env, (), |env| {
        let format = string(env, &format)?;
        let c = borrow::<Capture>(capture)?;
        let rows = c.explain.get(format.as_str()).ok_or_else(|| invalid(format!("no EXPLAIN format {format}")))?;
        let batch = to_batch(rows)?;
        export_batches(vec![batch.clone()], batch.schema(), address)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_planprovenance_engine_NativeCapture_free<'l>(mut env: JNIEnv<'l>, _c: JClass<'l>, capture: jlong) {
    guarded(&mut env, (), |_| {
        free::<Capture>(capture);
        Ok(())
    })
}
