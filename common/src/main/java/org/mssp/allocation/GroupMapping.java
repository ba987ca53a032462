package org.mssp.allocation;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mssp.common.error.Errors;
import org.mssp.common.rules.RuleCsv;

/**
 * Specialty code → tier-2 provider group, from the versioned rule file
 * {@code rules/allocation/specialty_groups.csv} (each row cites its source). The roster has no
 * group column; this mapping is the only place groups come from. A {@code *} row gives the group
 * of codes not listed. Providers attributed through a facility (a CCN, no NPI) are in
 * {@link ProviderGroup#HOSPITAL_FACILITY}.
 *
 * @param version the rule-set version, recorded on every output row
 * @param groups specialty code → group
 * @param fallback the group of unlisted codes, or null when the file has no {@code *} row
 */
public record GroupMapping(String version, Map<String, ProviderGroup> groups, ProviderGroup fallback)
    implements Serializable {

  static final String DIR = "/rules/allocation/";
  static final String TABLE = "specialty_groups";
  /** The specialty code that stands for "any other code". */
  public static final String ANY = "*";

  public GroupMapping {
    groups = Collections.unmodifiableMap(new TreeMap<>(groups));
  }

  /** Loads the packaged mapping. */
  public static GroupMapping load() {
    String version = RuleCsv.readVersion(TABLE, DIR + "VERSION");
    List<RuleCsv.Row> rows =
        RuleCsv.readResource(
            TABLE, DIR + TABLE + ".csv", List.of("specialty_code", "group_code", "description", "source"));
    Map<String, ProviderGroup> groups = new TreeMap<>();
    ProviderGroup fallback = null;
    for (RuleCsv.Row row : rows) {
      String code = row.require(TABLE, "specialty_code");
      String groupCode = row.require(TABLE, "group_code");
      row.require(TABLE, "source");
      ProviderGroup group = ProviderGroup.parse(groupCode);
      if (group == null) {
        throw Errors.badRules(TABLE, "line " + row.line() + ": unknown group_code " + groupCode);
      }
      if (code.equals(ANY)) {
        fallback = group;
      } else if (groups.put(code, group) != null) {
        throw Errors.badRules(TABLE, "line " + row.line() + ": specialty_code " + code + " is listed twice");
      }
    }
    if (groups.isEmpty()) {
      throw Errors.badRules(TABLE, "no specialty rows");
    }
    return new GroupMapping(version, groups, fallback);
  }

  /** The group of a specialty code; fails naming the code when it is unmapped and no fallback. */
  public ProviderGroup groupOf(String specialtyCode) {
    ProviderGroup g = specialtyCode == null ? null : groups.get(specialtyCode.trim());
    if (g == null) {
      if (fallback == null) {
        throw Errors.badRules(TABLE, "specialty_code " + specialtyCode + " has no group and there is no '*' row");
      }
      return fallback;
    }
    return g;
  }
}
