//! A native session: one SessionContext built fresh from a runtime, the tables registered in it and their origins.

use crate::instrument::PlanRecorder;
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
        let logical = crate::guard::plan_read_query(&self.plain_state, sql, self.limits()).await?;
        self.plain_state.create_physical_plan(&logical).await?;
        Ok(())
    }

    pub fn limits(&self) -> &crate::limits::PlanLimits {
        &self.runtime.profile.plan_limits
    }

    /// Runs the future `make` returns on the runtime's tokio runtime, driven from the calling thread on the planning
    /// stack (`ffi::on_planning_stack`): DataFusion's planning recurses as deep as the
    /// query nests, and a JVM thread's stack is not one it can grow.
    pub fn block_on<T: Send, F: std::future::Future<Output = EngineResult<T>>>(
        &self,
        make: impl FnOnce() -> F + Send,
    ) -> EngineResult<T> {
        crate::ffi::on_planning_stack(|| self.runtime.tokio.block_on(make()))
    }

    /// As [`Self::block_on`] on the calling thread, for work that plans nothing (registering files or a declared
    /// schema), without the switch to the planning stack.
    pub fn block_on_here<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.tokio.block_on(future)
    }
}
