//! Test support for the internal-fault paths: a runtime can be armed so that its next capture fails with one named
//! internal fault, raised by the same code that raises it for real (the handle table, the argument decoders, the
//! contract decoder, the helper-task join). Tests use it to prove each fault answers as an internal error and the
//! runtime is replaced; nothing arms it otherwise.

use crate::errors::{internal, joined, EngineResult};
use crate::ffi;
use jni::objects::{JObject, JString};
use jni::JNIEnv;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// A handle whose object was freed.
    StaleHandle,
    /// A null argument from the Java side.
    NullArgument,
    /// Request bytes that do not decode as the contract's message.
    MalformedRequest,
    /// A helper task that ended without a result.
    HelperDied,
    /// A panic in a helper task.
    Panic,
}

#[derive(Default)]
pub struct Faults {
    armed: Mutex<Option<Fault>>,
    /// `vary-component:<name>`: every later capture on this runtime puts a fresh counter into that component's
    /// document (and so its hash), as a component that is not deterministic would differ from capture to capture.
    varying: Mutex<Option<String>>,
}

/// One counter for the process: captures on different runtimes get different values too.
static VARIATION: AtomicU64 = AtomicU64::new(1);

impl Faults {
    pub fn arm(&self, kind: &str) -> EngineResult<()> {
        if let Some(component) = kind.strip_prefix("vary-component:") {
            // `vary-component:` (no name) disarms it again.
            let component = (!component.is_empty()).then(|| component.to_string());
            *self.varying.lock().unwrap_or_else(|p| p.into_inner()) = component;
            return Ok(());
        }
        let fault = match kind {
            "stale-handle" => Fault::StaleHandle,
            "null-argument" => Fault::NullArgument,
            "malformed-request" => Fault::MalformedRequest,
            "helper-died" => Fault::HelperDied,
            "panic" => Fault::Panic,
            other => return Err(internal(format!("no fault named {other}"))),
        };
        *self.armed.lock().unwrap_or_else(|p| p.into_inner()) = Some(fault);
        Ok(())
    }

    pub fn take(&self) -> Option<Fault> {
        self.armed.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// The component armed to vary, with this capture's value of the counter (None: nothing armed, the usual case).
    pub fn variation(&self) -> Option<(String, u64)> {
        let component = self.varying.lock().unwrap_or_else(|p| p.into_inner()).clone()?;
        Some((component, VARIATION.fetch_add(1, Ordering::Relaxed)))
    }
}

/// Raises `fault` through the code path that raises it for real. `MalformedRequest` corrupts the request, which the
/// capture's own decoder then refuses.
pub fn raise(
    fault: Fault,
    env: &mut JNIEnv,
    tokio: &tokio::runtime::Runtime,
    request: &mut Vec<u8>,
) -> EngineResult<()> {
    match fault {
        Fault::StaleHandle => {
            let handle = ffi::into_handle(());
            ffi::free::<()>(handle)?;
            ffi::borrow::<()>(handle).map(|_| ())
        }
        Fault::NullArgument => ffi::string(env, &JString::from(JObject::null())).map(|_| ()),
        Fault::MalformedRequest => {
            *request = vec![0xff, 0xff, 0xff];
            Ok(())
        }
        Fault::HelperDied => ffi::on_planning_stack(|| {
            tokio.block_on(async {
                let task = tokio::spawn(std::future::pending::<()>());
                task.abort();
                joined(task.await)
            })
        }),
        Fault::Panic => ffi::on_planning_stack(|| {
            tokio.block_on(async { joined(tokio::spawn(async { panic!("injected panic in a capture's helper task") }).await) })
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_varied_component_gets_a_new_counter_every_capture_until_disarmed() {
        let faults = Faults::default();
        assert_eq!(faults.variation(), None);
        faults.arm("vary-component:statistics").unwrap();
        let (name, first) = faults.variation().unwrap();
        let (_, second) = faults.variation().unwrap();
        assert_eq!(name, "statistics");
        assert_ne!(first, second);
        // Arming a vary switch is not a one-shot internal fault.
        assert_eq!(faults.take(), None);
        faults.arm("vary-component:").unwrap();
        assert_eq!(faults.variation(), None);
    }
}
