//! What every export stands on: the catch-unwind wrapper (no panic crosses into the JVM), the handle table (a
//! handle is an id, never a pointer the JVM could hand back stale), and the big stack planning runs on.

use crate::errors::{internal, EngineError, EngineResult};
use jni::JNIEnv;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, Once};

const PANIC_CLASS: &str = "dev/planprovenance/engine/NativePanicException";

/// Runs `body`; an error becomes a typed Java exception and a panic a `NativePanicException` (its backtrace goes to
/// the server log through the panic hook, never into the exception). Either way `fallback` is returned to the JVM,
/// which ignores it because an exception is pending.
pub fn guarded<'l, T>(env: &mut JNIEnv<'l>, fallback: T, body: impl FnOnce(&mut JNIEnv<'l>) -> EngineResult<T>) -> T {
    install_panic_hook();
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

/// The default hook prints a backtrace only with RUST_BACKTRACE set; a panic here is always our bug, so its
/// backtrace is always kept (on stderr, the server log).
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let thread = std::thread::current();
            let backtrace = std::backtrace::Backtrace::force_capture();
            eprintln!("provenance-engine: panic on thread {}: {info}\n{backtrace}", thread.name().unwrap_or("?"));
        }));
    });
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

// ---- arguments ----

pub fn string(env: &mut JNIEnv, s: &jni::objects::JString) -> EngineResult<String> {
    if s.is_null() {
        return Err(internal("a required string argument was null"));
    }
    Ok(env.get_string(s)?.into())
}

pub fn bytes(env: &mut JNIEnv, array: &jni::objects::JByteArray) -> EngineResult<Vec<u8>> {
    if array.is_null() {
        return Err(internal("a required byte[] argument was null"));
    }
    Ok(env.convert_byte_array(array)?)
}

// ---- handles ----

/// Live native objects by handle. Handles count up from 1 and are never reused, so a handle the JVM kept after
/// `close()` (or a zero, or a handle of another class) finds nothing here and is an internal error, not a
/// dereference of freed memory.
struct Handles {
    next: AtomicI64,
    live: Mutex<HashMap<i64, (usize, TypeId)>>,
}

static HANDLES: std::sync::LazyLock<Handles> =
    std::sync::LazyLock::new(|| Handles { next: AtomicI64::new(1), live: Mutex::new(HashMap::new()) });

fn live() -> std::sync::MutexGuard<'static, HashMap<i64, (usize, TypeId)>> {
    HANDLES.live.lock().unwrap_or_else(|p| p.into_inner())
}

pub fn into_handle<T: Send + 'static>(value: T) -> i64 {
    let pointer = Box::into_raw(Box::new(value)) as usize;
    let handle = HANDLES.next.fetch_add(1, Ordering::Relaxed);
    live().insert(handle, (pointer, TypeId::of::<T>()));
    handle
}

/// The object behind a live handle. The Java side pins a handle for the length of a call (`NativeHandle`), so the
/// object cannot be freed while the reference is in use.
pub fn borrow<'a, T: 'static>(handle: i64) -> EngineResult<&'a mut T> {
    let pointer = pointer_of::<T>(handle, false)?;
    Ok(unsafe { &mut *(pointer as *mut T) })
}

pub fn free<T: 'static>(handle: i64) -> EngineResult<()> {
    let pointer = pointer_of::<T>(handle, true)?;
    drop(unsafe { Box::from_raw(pointer as *mut T) });
    Ok(())
}

fn pointer_of<T: 'static>(handle: i64, remove: bool) -> EngineResult<usize> {
    let what = std::any::type_name::<T>().rsplit("::").next().unwrap_or("object");
    if handle == 0 {
        return Err(internal(format!("a closed {what} was used (zero handle)")));
    }
    let mut live = live();
    match live.get(&handle) {
        Some(&(pointer, type_id)) if type_id == TypeId::of::<T>() => {
            if remove {
                live.remove(&handle);
            }
            Ok(pointer)
        }
        Some(_) => Err(internal(format!("handle {handle} is not a {what}"))),
        None => Err(internal(format!("stale handle {handle}: no live {what} behind it"))),
    }
}

// ---- the planning stack ----

/// Stack size for everything that plans, walks or drops plans: the stack `on_planning_stack` switches to, and the
/// runtime's tokio threads. The JVM's threads have ~1 MiB and are not ones DataFusion's `recursive_protection` can
/// grow; a plan within the runtime's depth limit (`limits.rs`) fits here with room to spare. Only touched pages are
/// committed.
pub const PLANNING_STACK_BYTES: usize = 256 << 20;

/// Runs `body` on a fresh stack of [`PLANNING_STACK_BYTES`], switched to on the calling thread (stacker, as
/// DataFusion's `recursive_protection` grows its own stacks; inside it, that protection knows the stack's true
/// bounds). No thread hop: handing each call to a thread of its own, or to a kept planning thread, cost a fresh
/// session's capture ~1.2 ms. A panic in `body` is re-raised here, inside the caller's catch-unwind wrapper. Nothing
/// in `body` may call into the JVM, whose stack walks do not know this stack.
pub fn on_planning_stack<R>(body: impl FnOnce() -> EngineResult<R>) -> EngineResult<R> {
    stacker::grow(PLANNING_STACK_BYTES, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_zero_and_foreign_handles_are_internal_errors() {
        let handle = into_handle(String::from("x"));
        assert_eq!(borrow::<String>(handle).unwrap(), "x");
        assert!(matches!(borrow::<u32>(handle), Err(EngineError::Internal(_))));
        free::<String>(handle).unwrap();
        assert!(matches!(borrow::<String>(handle), Err(EngineError::Internal(m)) if m.contains("stale")));
        assert!(matches!(free::<String>(handle), Err(EngineError::Internal(_))));
        assert!(matches!(borrow::<String>(0), Err(EngineError::Internal(_))));
    }

    #[test]
    fn the_planning_stack_holds_a_deep_recursion() {
        fn depth(n: usize) -> usize {
            let pad = std::hint::black_box([0u8; 512]);
            if n == 0 { pad[0] as usize } else { 1 + depth(n - 1) + pad[1] as usize }
        }
        // ~100 MB of frames: far past a JVM thread's stack, within the planning stack.
        assert_eq!(on_planning_stack(|| Ok(depth(150_000))).unwrap(), 150_000);
        let panicked = std::panic::catch_unwind(|| on_planning_stack(|| -> EngineResult<()> { panic!("deep") }));
        assert!(panicked.is_err(), "a panic on the planning stack reaches the caller");
    }
}
