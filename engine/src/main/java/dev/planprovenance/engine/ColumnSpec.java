package dev.planprovenance.engine;

/** A declared column: {@code type} is a SQL type as DataFusion's DDL spells it ({@code BIGINT}, {@code DECIMAL(15, 2)}). */
public record ColumnSpec(String name, String type, boolean nullable) {}
