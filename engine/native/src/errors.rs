//! The one mapping from failures to typed Java exceptions, by DataFusion error variant.

use datafusion::error::DataFusionError;

/// Everything an exported function can fail with.
#[derive(Debug)]
pub enum EngineError {
    DataFusion(DataFusionError),
    /// A statement that is not a read query (DDL, DML, COPY, SET, EXPLAIN, ...), refused before planning.
    Refused(String),
    /// A location outside the configured data roots, or one that uses `..`.
    PathNotAllowed(String),
    /// A request the Java side built wrongly or the caller described wrongly (bad JSON, bad declared type).
    Invalid(String),
    /// JNI itself failed (a Java exception may already be pending).
    Jni(jni::errors::Error),
}

pub type EngineResult<T> = std::result::Result<T, EngineError>;

impl From<DataFusionError> for EngineError {
    fn from(e: DataFusionError) -> Self {
        EngineError::DataFusion(e)
    }
}

impl From<jni::errors::Error> for EngineError {
    fn from(e: jni::errors::Error) -> Self {
        EngineError::Jni(e)
    }
}

impl From<serde_json::Error> for EngineError {
    fn from(e: serde_json::Error) -> Self {
        EngineError::Invalid(format!("malformed request JSON: {e}"))
    }
}

const PKG: &str = "dev/planprovenance/engine/";

impl EngineError {
    /// The Java exception class (binary name) and message for this error.
    pub fn java_exception(&self) -> (String, String) {
        let (class, message) = match self {
            EngineError::DataFusion(e) => (datafusion_class(e), e.strip_backtrace()),
            EngineError::Refused(m) => ("StatementRefusedException", m.clone()),
            EngineError::PathNotAllowed(m) => ("PathNotAllowedException", m.clone()),
            EngineError::Invalid(m) => ("PlanningException", m.clone()),
            EngineError::Jni(e) => ("InternalEngineException", format!("JNI failure: {e}")),
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

pub fn invalid(msg: impl Into<String>) -> EngineError {
    EngineError::Invalid(msg.into())
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
}
