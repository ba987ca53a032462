package org.mssp.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.mssp.common.cclf.CclfFile;

/**
 * One unit of input the ingest job tracks: a CCLF delivery (folder or zip) or an enrollment file.
 *
 * @param name CMS delivery name (archive name without {@code .zip}) or the enrollment file name
 * @param kind MONTHLY, RUNOUT, WEEKLY or ENROLLMENT
 * @param date the delivery date (for enrollment files, 31 December of the year)
 * @param location folder, zip or file it was found at
 * @param zipped whether it arrived as a zip archive (its members are extracted before reading)
 * @param fingerprint size-based identity of the content; a delivery already ingested with the same
 *     fingerprint is skipped
 * @param files its files (for a zip: after extraction; empty before)
 */
public record Delivery(
    String name,
    String kind,
    LocalDate date,
    String location,
    boolean zipped,
    String fingerprint,
    List<SourceFile> files) {

  public static final String ENROLLMENT = "ENROLLMENT";
  /** The file type of an MBSF-style enrollment file (CCLF files are CCLF0 ... CCLFB). */
  public static final String MBSF_FILE_TYPE = "MBSF";

  public Delivery {
    files = List.copyOf(files);
  }

  /** The same delivery with its files (after extracting a zip). */
  public Delivery withFiles(List<SourceFile> newFiles) {
    return new Delivery(name, kind, date, location, zipped, fingerprint, newFiles);
  }

  /** Whether this is an enrollment file rather than a CCLF delivery. */
  public boolean isEnrollment() {
    return ENROLLMENT.equals(kind);
  }

  /** The delivery's file of the given type, if present. */
  public Optional<SourceFile> file(CclfFile type) {
    return files.stream().filter(f -> f.fileType().equals(type.name())).findFirst();
  }
}
