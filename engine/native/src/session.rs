//! A native session: one SessionContext built fresh from a runtime, the tables registered in it and their origins.

use crate::capture::observe::PlanRecorder;
use crate::errors::EngineResult;
use crate::runtime::EngineRuntime;
use crate::tables::TableOrigin;
use datafusion::execution::context::SessionContext;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct EngineSession {
    pub runtime: Arc<EngineRuntime>,
    pub ctx: SessionContext,
    pub recorder: Arc<PlanRecorder>,
    pub plain_state: datafusion::execution::session_state::SessionState,
    pub origins: BTreeMap<String, TableOrigin>,
}

impl EngineSession {
    pub fn new(runtime: Arc<EngineRuntime>) -> EngineResult<Self> {
        let parts = runtime.session(&BTreeMap::new())?;
        Ok(EngineSession {
            runtime,
            ctx: SessionContext::new_with_state(parts.state),
            recorder: parts.recorder,
            plain_state: parts.plain_state,
            origins: BTreeMap::new(),
        })
    }

    /// SQL to physical plan and nothing else: the baseline a capture's cost is measured against.
    pub async fn plan_only(&self, sql: &str) -> EngineResult<()> {
        let logical = crate::guard::plan_read_query(&self.plain_state, sql).await?;
        self.plain_state.create_physical_plan(&logical).await?;
        Ok(())
    }

    /// Runs a future on the runtime's tokio runtime, blocking the calling (JVM) thread.
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.tokio.block_on(future)
    }
}
