package org.mssp.ingest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.mssp.common.error.Errors;

/**
 * Typed, validated configuration of one ingest run.
 *
 * @param input dataset root (with {@code cclf/} and {@code enrollment/}) or a folder of
 *     deliveries; local path or {@code s3a://}
 * @param warehouse root of the Delta tables; local path or {@code s3a://}
 * @param runId id stamped on every row this run writes
 */
public record IngestConfig(String input, String warehouse, String runId) {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public IngestConfig {
    if (input == null || input.isBlank()) {
      throw Errors.badArgument("--input", input, "a dataset folder or s3a:// URL is required");
    }
    if (warehouse == null || warehouse.isBlank()) {
      throw Errors.badArgument("--warehouse", warehouse, "a warehouse folder or s3a:// URL is required");
    }
    if (runId == null || !runId.matches("[A-Za-z0-9._-]{1,80}")) {
      throw Errors.badArgument("--run-id", runId, "letters, digits, '.', '_' or '-', at most 80");
    }
    input = input.replaceAll("/+$", "");
    warehouse = warehouse.replaceAll("/+$", "");
  }

  /** A fresh run id: {@code ingest-<UTC time>-<8 hex>}. */
  public static String newRunId(Instant now) {
    return "ingest-" + STAMP.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
