//! DataFusion for the JVM, shaped for plan provenance. Every exported function runs inside `ffi::guarded`, so a
//! panic never crosses into the JVM and errors arrive as typed Java exceptions. One Java class per native object:
//! `EngineRuntime`, `EngineSession`, `NativeCapture`; handles are ids in `ffi`'s table of live objects.
//!
//! Layers, bottom to top; a module uses only the modules listed before it (`layering_test` holds every file to it):
//! - `errors`: the one error type, user input apart from internal faults, mapped once to Java exception classes
//! - `ffi`: the catch-unwind wrapper, argument decoding, the handle table, the planning stack
//! - `canonical`, `roots`, `limits`, `profile`: canonical hashing, data roots, plan limits, runtime profiles
//! - `guard`: only read queries plan, within the limits
//! - `udfs`, `tables`, `codec`: our functions, table providers, and the proto codec that rebuilds them
//! - `contract`: the JNI messages (generated from `engine.proto`) and their conversions to the types above
//! - `faults`: test support, internal faults armed on a runtime and raised where they arise
//! - `instrument`: session building and rule instrumentation (the per-rule plans of one planning pass)
//! - `known`: what a runtime verified about plan bytes
//! - `runtime`, `session`: a native runtime (tokio, RuntimeEnv, what it keeps) and a session built from it
//! - `capture`: one capture, every artifact
//! - `exports`: the JNI surface; decodes requests, calls one function, encodes the result
pub mod errors;
pub mod ffi;
pub mod canonical;
pub mod roots;
pub mod limits;
pub mod profile;
pub mod guard;
pub mod udfs;
pub mod tables;
pub mod codec;
pub mod contract;
pub mod faults;
pub mod instrument;
pub mod known;
pub mod runtime;
pub mod session;
pub mod capture;
mod exports;

/// mimalloc for the engine's own (Rust) allocations, as DataFusion's CLI and Comet use: planning and capture make
/// many small, short-lived allocations, and the system allocator spent about a fifth of a capture's CPU on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(test)]
mod layering_test {
    /// The module order of the list above; a file of module `m` may name `crate::x` only for an `x` before `m`.
    const LAYERS: &[&str] = &[
        "errors", "ffi", "canonical", "roots", "limits", "profile", "guard", "udfs", "tables", "codec", "contract",
        "faults", "instrument", "known", "runtime", "session", "capture", "exports",
    ];

    #[test]
    fn no_module_reaches_up() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut checked = 0;
        for (layer, module) in LAYERS.iter().enumerate() {
            let dir = src.join(module);
            let mut files = vec![src.join(format!("{module}.rs"))];
            if dir.is_dir() {
                files.extend(std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()));
            }
            for file in files.into_iter().filter(|f| f.is_file()) {
                let text = std::fs::read_to_string(&file).unwrap();
                for used in text.split("crate::").skip(1) {
                    let name: String = used.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    let position = LAYERS.iter().position(|l| *l == name);
                    let position = position.unwrap_or_else(|| panic!("{}: crate::{name} is in no layer", file.display()));
                    assert!(position < layer || name == *module, "{} ({module}) reaches up to crate::{name}", file.display());
                }
                checked += 1;
            }
        }
        assert!(checked > 30, "only {checked} files checked");
    }
}
