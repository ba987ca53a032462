package org.mssp.ingest;

import java.util.List;

/**
 * What an ingest run did.
 *
 * @param runId the run id
 * @param files per-file line accounting of the files read in this run
 * @param skipped deliveries already ingested with the same content, not read again
 * @param quarantineExamples up to a few quarantine messages per file type
 */
public record IngestResult(
    String runId, List<FileMetrics> files, List<String> skipped, List<String> quarantineExamples) {

  public IngestResult {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
    quarantineExamples = List.copyOf(quarantineExamples);
  }

  /** Per-file accounting: lines read = lines accepted + lines quarantined. */
  public record FileMetrics(
      String sourceFile,
      String fileType,
      String delivery,
      long linesRead,
      long linesAccepted,
      long linesQuarantined,
      Long cclf0RecordCount,
      boolean reconciled) {}

  /** Total lines read in the run. */
  public long linesRead() {
    return files.stream().mapToLong(FileMetrics::linesRead).sum();
  }

  /** Total lines quarantined in the run. */
  public long linesQuarantined() {
    return files.stream().mapToLong(FileMetrics::linesQuarantined).sum();
  }
}
