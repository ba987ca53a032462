package org.mssp.common.rules;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mssp.common.error.Errors;

/**
 * The packaged rule sets and their versions, as {@code aco run} records them. A rule set is a
 * folder {@code rules/<name>/} whose {@code VERSION} file names its version (bumped whenever one
 * of its files changes); a rule file outside such a folder ({@code rules/cclf-claim-types.csv})
 * is versioned by a hash of its bytes.
 */
public final class RuleSets {
  private RuleSets() {}

  /** Rule-set folders under {@code rules/}, each with a VERSION file. */
  public static final List<String> FOLDERS = List.of("allocation", "assignment", "benchmark", "risk", "settlement");

  /** Single rule files under {@code rules/}, versioned by their content. */
  public static final List<String> FILES = List.of("cclf-claim-types.csv");

  /** Rule set → version, e.g. {@code assignment → assignment-rules-2026.11.2}, sorted by name. */
  public static Map<String, String> versions() {
    Map<String, String> versions = new TreeMap<>();
    for (String folder : FOLDERS) {
      versions.put(folder, RuleCsv.readVersion(folder, "/rules/" + folder + "/VERSION"));
    }
    for (String file : FILES) {
      versions.put(file.replaceAll("\\.csv$", ""), contentVersion("/rules/" + file));
    }
    return versions;
  }

  /** {@code sha256:<first 16 hex digits>} of a packaged resource. */
  static String contentVersion(String resource) {
    try (InputStream in = RuleSets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.badRules(resource, "resource " + resource + " is missing");
      }
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
      return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (IOException | NoSuchAlgorithmException e) {
      throw Errors.badRules(resource, "cannot read " + resource + ": " + e.getMessage());
    }
  }
}
