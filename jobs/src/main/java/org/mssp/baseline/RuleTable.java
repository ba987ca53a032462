package org.mssp.baseline;

import java.util.List;

/**
 * A small rule table a baseline query reads, built from the same rule data as the Spark stage.
 *
 * @param name the table's name in the query
 * @param columns its column list as DDL both engines read ({@code STRING}, {@code INTEGER},
 *     {@code DATE}, {@code BOOLEAN})
 * @param rows its rows, values in column order ({@code LocalDate} for dates)
 */
public record RuleTable(String name, String columns, List<List<Object>> rows) {}
