package dev.planprovenance.engine;

/** Declared statistics of one column; any field may be null (absent). min/max are SQL literals of the column type. */
public record ColumnStatistics(Long nullCount, String min, String max, Long distinctCount) {}
