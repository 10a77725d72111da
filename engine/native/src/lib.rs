//! DataFusion for the JVM, shaped for plan provenance. Every exported function runs inside `ffi::guarded`, so a
//! panic never crosses into the JVM and errors arrive as typed Java exceptions. One Java class per native object:
//! `EngineRuntime`, `EngineSession`, `NativeCapture`; handles are boxed Rust values, freed by the owning class.

pub mod canonical;
pub mod capture;
pub mod codec;
pub mod errors;
pub mod ffi;
pub mod guard;
pub mod profile;
pub mod roots;
pub mod runtime;
pub mod session;
pub mod tables;
pub mod udfs;
mod exports;

/// mimalloc for the engine's own (Rust) allocations, as DataFusion's CLI and Comet use: planning and capture make
/// many small, short-lived allocations, and the system allocator spent about a fifth of a capture's CPU on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
