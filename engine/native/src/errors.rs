//! The one mapping from failures to typed Java exceptions. Two classes of failure, never confused: what the caller
//! asked for (bad SQL, an unknown table or key, a refused statement, a bad declared schema, a path outside the roots,
//! a plan beyond the profile's limits) and our own faults (a runtime that cannot start, a closed or stale handle, a
//! null or malformed argument from the Java side, a helper task that died). The first answer 4xx; the second become
//! `InternalEngineException`, which marks the runtime broken so the pool replaces it.

use datafusion::error::DataFusionError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Classified by variant (`datafusion_class`): most are the caller's query, `Internal` is ours.
    #[error(transparent)]
    DataFusion(#[from] DataFusionError),
    /// A statement that is not a read query (DDL, DML, COPY, SET, EXPLAIN, ...), refused before planning.
    #[error("{0}")]
    Refused(String),
    /// A location outside the configured data roots, or one that uses `..`.
    #[error("{0}")]
    PathNotAllowed(String),
    /// What the caller described wrongly: a declared schema or statistic that does not parse, an empty file set.
    #[error("{0}")]
    UserInput(String),
    /// A plan beyond the runtime's node or depth limit, refused before anything walks it.
    #[error("{0}")]
    PlanTooLarge(String),
    /// Our own fault: the caller can do nothing about it, and the runtime that raised it is replaced.
    #[error("{0}")]
    Internal(String),
    /// JNI itself failed (a Java exception may already be pending).
    #[error("JNI failure: {0}")]
    Jni(#[from] jni::errors::Error),
}

pub type EngineResult<T> = std::result::Result<T, EngineError>;

/// A request the Java side encoded is ours: if it does not decode, the contract was broken on our side.
impl From<prost::DecodeError> for EngineError {
    fn from(e: prost::DecodeError) -> Self {
        EngineError::Internal(format!("malformed request from the Java side: {e}"))
    }
}

const PKG: &str = "dev/planprovenance/engine/";

impl EngineError {
    /// The Java exception class (binary name) and message for this error.
    pub fn java_exception(&self) -> (String, String) {
        let class = match self {
            EngineError::DataFusion(e) => datafusion_class(e),
            EngineError::Refused(_) => "StatementRefusedException",
            EngineError::PathNotAllowed(_) => "PathNotAllowedException",
            EngineError::UserInput(_) => "PlanningException",
            EngineError::PlanTooLarge(_) => "PlanTooLargeException",
            EngineError::Internal(_) | EngineError::Jni(_) => "InternalEngineException",
        };
        let message = match self {
            EngineError::DataFusion(e) => e.strip_backtrace(),
            other => other.to_string(),
        };
        (format!("{PKG}{class}"), message)
    }
}

/// Wrappers (Context, Diagnostic, Shared, Collection) are looked through to the variant that says what happened.
fn datafusion_class(e: &DataFusionError) -> &'static str {
    match e {
        DataFusionError::Context(_, inner) => datafusion_class(inner),
        DataFusionError::Diagnostic(_, inner) => datafusion_class(inner),
        DataFusionError::Shared(inner) => datafusion_class(inner),
        DataFusionError::Collection(all) => all.first().map(datafusion_class).unwrap_or("EngineException"),
        DataFusionError::SQL(..) | DataFusionError::Plan(_) | DataFusionError::SchemaError(..) => "PlanningException",
        // Unsupported SQL features are the caller's query, not our bug.
        DataFusionError::NotImplemented(_) => "PlanningException",
        DataFusionError::Configuration(_) => "ConfigurationException",
        DataFusionError::ResourcesExhausted(_) => "ResourcesExhaustedException",
        DataFusionError::Internal(_) => "InternalEngineException",
        _ => "EngineExecutionException",
    }
}

/// The caller's input is wrong (4xx).
pub fn user_input(msg: impl Into<String>) -> EngineError {
    EngineError::UserInput(msg.into())
}

/// Our own fault (500, runtime replaced).
pub fn internal(msg: impl Into<String>) -> EngineError {
    EngineError::Internal(msg.into())
}

/// A helper task's result. A panic in it is re-raised here, inside the JNI catch-unwind wrapper; a task that ended
/// without a result (its runtime shutting down) is an internal fault.
pub(crate) fn joined<T>(result: Result<T, tokio::task::JoinError>) -> EngineResult<T> {
    result.or_else(|e| match e.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(e) => Err(internal(format!("a capture's helper task ended early: {e}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_map_to_typed_exceptions() {
        let plan = EngineError::from(DataFusionError::Plan("x".into())).java_exception().0;
        assert!(plan.ends_with("PlanningException"));
        let wrapped = DataFusionError::Context("rule".into(), Box::new(DataFusionError::ResourcesExhausted("m".into())));
        assert!(EngineError::from(wrapped).java_exception().0.ends_with("ResourcesExhaustedException"));
        let internal = EngineError::from(DataFusionError::Internal("bug".into())).java_exception().0;
        assert!(internal.ends_with("InternalEngineException"));
        let config = EngineError::from(DataFusionError::Configuration("k".into())).java_exception().0;
        assert!(config.ends_with("ConfigurationException"));
    }

    #[test]
    fn internal_faults_and_user_input_never_share_a_class() {
        let ours = [super::internal("closed handle"), EngineError::from(prost::encoding::decode_varint(&mut &[0xffu8; 11][..]).unwrap_err())];
        for e in ours {
            assert!(e.java_exception().0.ends_with("InternalEngineException"), "{e:?}");
        }
        assert!(user_input("bad type").java_exception().0.ends_with("PlanningException"));
        assert!(EngineError::PlanTooLarge("big".into()).java_exception().0.ends_with("PlanTooLargeException"));
    }

    #[test]
    fn a_helper_task_that_ends_without_a_result_is_internal() {
        let tokio = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let outcome = tokio.block_on(async {
            let task = tokio::spawn(std::future::pending::<()>());
            task.abort();
            joined(task.await)
        });
        assert!(matches!(outcome, Err(EngineError::Internal(m)) if m.contains("helper task")));
    }
}
