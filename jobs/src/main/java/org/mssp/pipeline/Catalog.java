package org.mssp.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.mssp.common.error.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a warehouse's Delta tables queryable by name: as {@code mssp.<table>} in a metastore, and
 * as {@code <table>} in a session.
 *
 * <ul>
 *   <li>{@link #register}: after a run, writes {@code <warehouse>/_catalog/register.sql} (the
 *       statements that register every table as an external table of database {@code mssp}, for
 *       analysts to run against their own metastore) and runs them when the session's catalog
 *       persists (a Hive metastore). An in-memory catalog forgets them with the session, so
 *       nothing is registered there.
 *   <li>{@link #registerForSession}: for {@code aco sql}: every table as a temporary view of its
 *       name, and as {@code mssp.<table>} in the session catalog.
 * </ul>
 *
 * Registration never writes to a table: {@code CREATE TABLE ... USING delta LOCATION} over an
 * existing Delta table only records its location.
 */
public final class Catalog {
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
  public static final String DATABASE = "mssp";
  public static final String REGISTER_SQL = "_catalog/register.sql";

  private Catalog() {}

  /** The registration statements for the given tables (name → location), one per line. */
  public static List<String> statements(Map<String, String> tables) {
    List<String> sql = new ArrayList<>();
    sql.add("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    tables.forEach((name, location) -> sql.add(createTable(name, location)));
    return sql;
  }

  /** Writes register.sql and, when the catalog persists, registers every table; returns the tables. */
  public static Map<String, String> register(SparkSession spark, String warehouse) {
    Map<String, String> tables = WarehouseTables.list(spark, warehouse);
    List<String> sql = statements(tables);
    writeRegisterSql(spark, warehouse, sql);
    if (persistent(spark)) {
      for (String statement : sql) {
        spark.sql(statement);
      }
      LOG.info("registered {} tables under database {}", tables.size(), DATABASE);
    }
    return tables;
  }

  /**
   * Registers every table of the warehouse for this session: a temporary view per table, and
   * {@code mssp.<table>}. In an in-memory catalog an earlier registration of the same name (from
   * another warehouse) is replaced; in a persistent one it is kept, with a warning if it points
   * elsewhere. Returns the tables.
   */
  public static Map<String, String> registerForSession(SparkSession spark, String warehouse) {
    Map<String, String> tables = WarehouseTables.list(spark, warehouse);
    if (tables.isEmpty()) {
      return tables;
    }
    boolean persistent = persistent(spark);
    if (persistent) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    } else if (!spark.catalog().databaseExists(DATABASE)) {
      // The database folder of an in-memory catalog holds nothing (tables are external); keep it
      // out of the working directory.
      spark.sql("CREATE DATABASE IF NOT EXISTS " + DATABASE + " LOCATION " + quote(sessionDatabaseDir()));
    }
    for (Map.Entry<String, String> t : tables.entrySet()) {
      spark.read().format("delta").load(t.getValue()).createOrReplaceTempView(t.getKey());
      if (!persistent) {
        spark.sql("DROP TABLE IF EXISTS " + DATABASE + ".`" + t.getKey() + "`");
      } else if (spark.catalog().tableExists(DATABASE, t.getKey())) {
        String location = spark.sql("DESCRIBE DETAIL " + DATABASE + ".`" + t.getKey() + "`")
            .select("location").first().getString(0);
        if (!new Path(location).toString().equals(new Path(t.getValue()).toString())) {
          LOG.warn("{}.{} is registered at {}, not at {}; query {} (the view) for this warehouse",
              DATABASE, t.getKey(), location, t.getValue(), t.getKey());
        }
        continue;
      }
      spark.sql(createTable(t.getKey(), t.getValue()));
    }
    return tables;
  }

  /** Whether the session's catalog outlives it (a Hive metastore rather than the in-memory one). */
  public static boolean persistent(SparkSession spark) {
    return "hive".equalsIgnoreCase(spark.conf().get("spark.sql.catalogImplementation", "in-memory"));
  }

  private static String createTable(String name, String location) {
    return "CREATE TABLE IF NOT EXISTS " + DATABASE + ".`" + name + "` USING delta LOCATION " + quote(location);
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String sessionDatabaseDir() {
    try {
      java.nio.file.Path dir = Files.createTempDirectory("mssp-sql-catalog");
      dir.toFile().deleteOnExit();
      return dir.toUri().toString();
    } catch (IOException e) {
      throw Errors.cannot("create a temporary folder for the session catalog", e.getMessage());
    }
  }

  private static void writeRegisterSql(SparkSession spark, String warehouse, List<String> sql) {
    Path file = new Path(warehouse.replaceAll("/+$", "") + "/" + REGISTER_SQL);
    StringBuilder b = new StringBuilder()
        .append("-- Registers the Delta tables of ").append(warehouse).append(" under database ")
        .append(DATABASE).append(".\n-- Written by aco run; run it in any Spark SQL session with Delta Lake,")
        .append(" e.g. spark-sql -f register.sql\n");
    for (String s : sql) {
      b.append(s).append(";\n");
    }
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, true)) {
        out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.cannot("write " + file, e.getMessage());
    }
  }
}
