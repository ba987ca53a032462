package org.mssp.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.mssp.compare.WarehouseComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aco compare}: are two warehouses' Delta tables the same, up to lineage columns? */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare every Delta table of two warehouses (e.g. a local run and a cluster run of the same",
      "command): same tables, same columns and types, same rows in any order. Prints the rows",
      "found on one side only and exits 1 when anything differs."
    })
public final class CompareCommand implements Callable<Integer> {
  /** Columns that legitimately differ between two runs of the same command. */
  static final List<String> DEFAULT_IGNORED = List.of("run_id");

  /** Tables about the runs themselves (times, input paths), not their results. */
  static final List<String> DEFAULT_IGNORED_TABLES = List.of("run_manifest");

  @Option(names = "--left", required = true, description = "First warehouse root (folder or s3a://).")
  String left;

  @Option(names = "--right", required = true, description = "Second warehouse root (folder or s3a://).")
  String right;

  @Option(
      names = "--ignore-column",
      description = "Column left out of every table; repeatable (default: run_id, the run's lineage id).")
  List<String> ignoreColumns;

  @Option(
      names = "--ignore-table",
      description = "Table not compared; repeatable (default: run_manifest, which records when and from which"
          + " paths each run ran).")
  List<String> ignoreTables;

  @Option(names = "--max-rows", defaultValue = "20",
      description = "Differing rows shown per table and side (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Mixin SparkOptions spark;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Set<String> ignored = new LinkedHashSet<>(ignoreColumns == null ? DEFAULT_IGNORED : ignoreColumns);
    Set<String> ignoredTables = new LinkedHashSet<>(ignoreTables == null ? DEFAULT_IGNORED_TABLES : ignoreTables);
    WarehouseComparison.Config config = new WarehouseComparison.Config(left, right, ignored, ignoredTables, maxRows);
    SparkSession session = spark.session("aco-compare");
    WarehouseComparison.Result result = WarehouseComparison.run(config, session);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("compared %d tables (ignoring columns %s; tables %s): %s%n", result.tablesCompared().size(),
        String.join(", ", ignored), String.join(", ", ignoredTables), String.join(", ", result.tablesCompared()));
    for (WarehouseComparison.TableDifference d : result.differences()) {
      if (d.problem() != null) {
        out.printf("DIFFERS %s: %s%n", d.table(), d.problem());
        continue;
      }
      out.printf("DIFFERS %s: %d rows only in left, %d rows only in right%n",
          d.table(), d.onlyLeftCount(), d.onlyRightCount());
      d.onlyLeft().forEach(r -> out.println("  < " + r));
      d.onlyRight().forEach(r -> out.println("  > " + r));
    }
    out.println(result.same() ? "same" : result.differences().size() + " table(s) differ");
    out.flush();
    return result.same() ? 0 : AcoCommand.EXIT_FAILED;
  }
}
