package dev.planprovenance.engine;

/** SQL that does not parse or plan: DataFusion's SQL, Plan and SchemaError variants. */
public class PlanningException extends EngineException {
    public PlanningException(String message) {
        super(message);
    }
}
