package dev.planprovenance.engine;

/** An unknown DataFusion config key or a value it refuses (the Configuration variant). */
public class ConfigurationException extends EngineException {
    public ConfigurationException(String message) {
        super(message);
    }
}
