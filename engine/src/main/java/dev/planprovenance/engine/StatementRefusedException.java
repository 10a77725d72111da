package dev.planprovenance.engine;

/** A statement other than a read query (DDL, DML, COPY, SET, ...), refused before planning. */
public class StatementRefusedException extends PlanningException {
    public StatementRefusedException(String message) {
        super(message);
    }
}
