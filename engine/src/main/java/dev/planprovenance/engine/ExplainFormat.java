package dev.planprovenance.engine;

/** The EXPLAIN renderings a capture carries, each as rows of (plan_type, plan). */
public enum ExplainFormat {
    TREE, INDENT, VERBOSE;

    String nativeName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
