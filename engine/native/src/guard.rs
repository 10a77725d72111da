//! The SQL guard: only read queries plan. Everything else is refused before planning, so a capture can never
//! create, change or write anything.

use crate::errors::{EngineError, EngineResult};
use crate::limits::PlanLimits;
use datafusion::execution::context::SQLOptions;
use datafusion::execution::session_state::SessionState;
use datafusion::logical_expr::LogicalPlan;
use datafusion::sql::parser::Statement as DfStatement;
use datafusion::sql::sqlparser::ast::Statement;

/// Parses one statement, refuses anything but a query, then plans it with DDL, DML and statements disallowed, and
/// refuses a plan beyond `limits` before anything else walks it.
pub async fn plan_read_query(state: &SessionState, sql: &str, limits: &PlanLimits) -> EngineResult<LogicalPlan> {
    let dialect = state.config_options().sql_parser.dialect;
    let statement = state.sql_to_statement(sql, &dialect)?;
    match &statement {
        DfStatement::Statement(inner) if matches!(inner.as_ref(), Statement::Query(_)) => {}
        other => return Err(EngineError::Refused(format!("only read queries are captured; refused: {}", kind(other)))),
    }
    let plan = state.statement_to_plan(statement).await?;
    SQLOptions::new()
        .with_allow_ddl(false)
        .with_allow_dml(false)
        .with_allow_statements(false)
        .verify_plan(&plan)
        .map_err(|e| EngineError::Refused(e.strip_backtrace()))?;
    crate::limits::check(&plan, limits)?;
    Ok(plan)
}

fn kind(statement: &DfStatement) -> String {
    match statement {
        DfStatement::Statement(s) => {
            let text = s.to_string();
            text.split_whitespace().take(2).collect::<Vec<_>>().join(" ").to_uppercase()
        }
        DfStatement::CreateExternalTable(_) => "CREATE EXTERNAL TABLE".into(),
        DfStatement::CopyTo(_) => "COPY".into(),
        DfStatement::Explain(_) => "EXPLAIN".into(),
        other => format!("{other}").split_whitespace().next().unwrap_or("statement").to_uppercase(),
    }
}
