//! A native session: one SessionContext built fresh from a runtime, the tables registered in it and their origins.

use crate::capture::observe::PhysicalRecorder;
use crate::errors::EngineResult;
use crate::runtime::EngineRuntime;
use crate::tables::TableOrigin;
use datafusion::execution::context::SessionContext;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct EngineSession {
    pub runtime: Arc<EngineRuntime>,
    pub ctx: SessionContext,
    pub recorder: Arc<PhysicalRecorder>,
    pub origins: BTreeMap<String, TableOrigin>,
}

impl EngineSession {
    pub fn new(runtime: Arc<EngineRuntime>) -> EngineResult<Self> {
        let parts = runtime.session(&BTreeMap::new())?;
        Ok(EngineSession {
            runtime,
            ctx: SessionContext::new_with_state(parts.state),
            recorder: parts.recorder,
            origins: BTreeMap::new(),
        })
    }

    /// Runs a future on the runtime's tokio runtime, blocking the calling (JVM) thread.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.tokio.block_on(future)
    }
}
