package dev.planprovenance.engine;

/** One EXPLAIN row exactly as DataFusion produces it, e.g. ("logical_plan after simplify_expressions", "..."). */
public record ExplainRow(String planType, String plan) {}
