//! The catch-unwind wrapper every exported function runs inside: no panic may cross into the JVM.

use crate::errors::{EngineError, EngineResult};
use jni::JNIEnv;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

const PANIC_CLASS: &str = "dev/planprovenance/engine/NativePanicException";

/// Runs `body`; an error becomes a typed Java exception and a panic a `NativePanicException`. Either way `fallback`
/// is returned to the JVM, which ignores it because an exception is pending.
pub fn guarded<'l, T>(env: &mut JNIEnv<'l>, fallback: T, body: impl FnOnce(&mut JNIEnv<'l>) -> EngineResult<T>) -> T {
    let outcome = catch_unwind(AssertUnwindSafe(|| body(&mut *env)));
    match outcome {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            throw(env, &error);
            fallback
        }
        Err(payload) => {
            let message = format!("native panic: {}", panic_message(payload.as_ref()));
            let _ = env.exception_clear();
            let _ = env.throw_new(PANIC_CLASS, message);
            fallback
        }
    }
}

fn throw(env: &mut JNIEnv, error: &EngineError) {
    if let EngineError::Jni(jni::errors::Error::JavaException) = error {
        return; // the Java exception already pending says it best
    }
    let (class, message) = error.java_exception();
    let _ = env.exception_clear();
    if env.throw_new(class.as_str(), message.as_str()).is_err() {
        let _ = env.throw_new("java/lang/RuntimeException", message);
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// Borrows the native object behind a handle. Handles are created by `into_handle` and zeroed on the Java side once
/// freed, so a zero handle is a closed object.
pub fn borrow<'a, T>(handle: i64) -> EngineResult<&'a mut T> {
    if handle == 0 {
        return Err(EngineError::Invalid("native object already closed".into()));
    }
    Ok(unsafe { &mut *(handle as *mut T) })
}

pub fn into_handle<T>(value: T) -> i64 {
    Box::into_raw(Box::new(value)) as i64
}

pub fn free<T>(handle: i64) {
    if handle != 0 {
        drop(unsafe { Box::from_raw(handle as *mut T) });
    }
}
