package org.mssp.baseline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.mssp.common.error.Errors;
import org.mssp.common.schema.TableSpec;

/**
 * An in-memory DuckDB database for the benchmark baseline: the warehouse's Delta snapshots as
 * views over their Parquet files, small rule tables, and timed {@code CREATE TABLE ... AS}
 * queries. Only the query of a stage is timed; registering files and rule rows is not.
 */
public final class DuckDb implements AutoCloseable {
  private final Connection connection;
  private final int threads;

  /** Opens an in-memory database using {@code threads} threads. */
  public DuckDb(int threads) {
    if (threads < 1) {
      throw Errors.badArgument("--threads", threads, "at least 1");
    }
    this.threads = threads;
    try {
      Class.forName("org.duckdb.DuckDBDriver");
      this.connection = DriverManager.getConnection("jdbc:duckdb:");
      execute("SET threads = " + threads);
      // The row order of a result is never relied upon; let DuckDB skip keeping insertion order.
      execute("SET preserve_insertion_order = false");
    } catch (ClassNotFoundException e) {
      throw Errors.cannot("start the DuckDB baseline",
          "org.duckdb:duckdb_jdbc is not on the classpath (it is in scripts/aco's classpath, not in the spark-submit jar)");
    } catch (SQLException e) {
      throw Errors.cannot("start the DuckDB baseline", e.getMessage());
    }
  }

  public int threads() {
    return threads;
  }

  /** A stage's timed result: its output table, seconds of the query alone and output rows. */
  public record Timed(String table, double seconds, long rows) {}

  /**
   * Registers a table's current snapshot as a view over its Parquet files, or, when it has no
   * files (missing optional table, empty snapshot), as an empty table of its declared schema.
   */
  public void registerTable(TableSpec spec, List<String> parquetFiles) {
    if (parquetFiles.isEmpty()) {
      execute("CREATE OR REPLACE TABLE " + spec.name() + " (" + columns(spec.schema()) + ")");
      return;
    }
    StringJoiner list = new StringJoiner(", ", "[", "]");
    parquetFiles.forEach(f -> list.add(literal(f)));
    execute("CREATE OR REPLACE VIEW " + spec.name() + " AS SELECT * FROM read_parquet(" + list
        + ", hive_partitioning = true, union_by_name = true)");
  }

  /** Creates a small rule table and inserts its rows. */
  public void createRuleTable(RuleTable table) {
    String name = table.name();
    List<List<Object>> rows = table.rows();
    execute("CREATE OR REPLACE TABLE " + name + " (" + table.columns() + ")");
    if (rows.isEmpty()) {
      return;
    }
    int width = rows.get(0).size();
    String marks = String.join(", ", java.util.Collections.nCopies(width, "?"));
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + name + " VALUES (" + marks + ")")) {
      for (List<Object> row : rows) {
        for (int i = 0; i < width; i++) {
          Object v = row.get(i);
          ps.setObject(i + 1, v instanceof java.time.LocalDate d ? java.sql.Date.valueOf(d) : v);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw Errors.cannot("load rule table " + name + " into DuckDB", e.getMessage());
    }
  }

  /** Runs {@code CREATE OR REPLACE TABLE name AS query}, timed, and counts its rows (not timed). */
  public Timed timed(String name, String query) {
    long started = System.nanoTime();
    execute("CREATE OR REPLACE TABLE " + name + " AS " + query);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Timed(name, seconds, count(name));
  }

  /** Row count of a table or view. */
  public long count(String relation) {
    return queryLong("SELECT count(*) FROM " + relation);
  }

  public long queryLong(String sql) {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw Errors.cannot("run a DuckDB baseline query", e.getMessage() + "\n" + sql);
    }
  }

  /** Runs a query and hands each row to {@code consumer}. */
  public void query(String sql, RowConsumer consumer) {
    try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        consumer.accept(rs);
      }
    } catch (SQLException e) {
      throw Errors.cannot("run a DuckDB baseline query", e.getMessage() + "\n" + sql);
    }
  }

  /** Reads one result row. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  public void execute(String sql) {
    try (Statement st = connection.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw Errors.cannot("run a DuckDB baseline statement", e.getMessage() + "\n" + sql);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw Errors.cannot("close the DuckDB baseline database", e.getMessage());
    }
  }

  /** A SQL string literal. */
  public static String literal(String s) {
    return s == null ? "NULL" : "'" + s.replace("'", "''") + "'";
  }

  static String columns(StructType schema) {
    StringJoiner j = new StringJoiner(", ");
    for (StructField f : schema.fields()) {
      j.add("\"" + f.name() + "\" " + duckType(f.dataType()));
    }
    return j.toString();
  }

  static String duckType(DataType t) {
    if (t instanceof DecimalType d) {
      return "DECIMAL(" + d.precision() + ", " + d.scale() + ")";
    }
    if (t.equals(DataTypes.StringType)) {
      return "VARCHAR";
    }
    if (t.equals(DataTypes.IntegerType)) {
      return "INTEGER";
    }
    if (t.equals(DataTypes.LongType)) {
      return "BIGINT";
    }
    if (t.equals(DataTypes.ShortType)) {
      return "SMALLINT";
    }
    if (t.equals(DataTypes.BooleanType)) {
      return "BOOLEAN";
    }
    if (t.equals(DataTypes.DateType)) {
      return "DATE";
    }
    if (t.equals(DataTypes.TimestampType)) {
      return "TIMESTAMP";
    }
    if (t.equals(DataTypes.DoubleType)) {
      return "DOUBLE";
    }
    throw new IllegalArgumentException("no DuckDB type for Spark type " + t.simpleString());
  }
}
