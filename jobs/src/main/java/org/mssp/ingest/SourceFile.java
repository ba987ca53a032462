package org.mssp.ingest;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * One input file to read: where it is and the lineage its lines carry.
 *
 * @param path Hadoop path (local, file:, s3a:), possibly gzipped ({@code .gz})
 * @param sourceFile the CMS file name without folder or compression suffix (lineage key)
 * @param fileType CCLF0 ... CCLFB, or MBSF
 * @param delivery the delivery name (or the enrollment file name)
 * @param deliveryKind MONTHLY, RUNOUT, WEEKLY or ENROLLMENT
 * @param deliveryDate the delivery's D date
 */
public record SourceFile(
    String path,
    String sourceFile,
    String fileType,
    String delivery,
    String deliveryKind,
    LocalDate deliveryDate)
    implements Serializable {}
