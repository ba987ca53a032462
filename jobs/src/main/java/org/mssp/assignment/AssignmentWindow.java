package org.mssp.assignment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.mssp.assignment.rules.AssignmentRules;

/**
 * One assignment window (mssp-methodology.md §1.3): the claims period whose primary care
 * services decide a year's assignment under one method.
 *
 * @param windowId e.g. {@code 2018-RETROSPECTIVE}
 * @param assignmentYear the year the window assigns for (performance year or benchmark year)
 * @param method PROSPECTIVE or RETROSPECTIVE
 * @param start first day of the window
 * @param end last day of the window
 * @param prestepStart first day the pre-step (and step 3) look back to: {@code start} for a
 *     12-month pre-step, 12 months earlier for the 24-month expanded window
 * @param overlapsPhe whether any month of the window falls in the COVID-19 PHE (§425.400(c)(2))
 */
public record AssignmentWindow(
    String windowId,
    int assignmentYear,
    String method,
    LocalDate start,
    LocalDate end,
    LocalDate prestepStart,
    boolean overlapsPhe) {

  public static final String PROSPECTIVE = "PROSPECTIVE";
  public static final String RETROSPECTIVE = "RETROSPECTIVE";

  /**
   * Both windows of each year: the calendar year (preliminary prospective with retrospective
   * reconciliation, §425.400(a)(2)) and the 12 months ending {@code offset} months before the year
   * (prospective, §425.400(a)(3); the Oct–Sep offset is [RECALL]).
   */
  public static List<AssignmentWindow> forYears(SortedSet<Integer> years, AssignmentRules rules) {
    AssignmentRules.Parameters p = rules.parameters();
    List<AssignmentWindow> windows = new ArrayList<>();
    for (int year : years) {
      LocalDate yearStart = LocalDate.of(year, 1, 1);
      windows.add(window(year, RETROSPECTIVE, yearStart, yearStart.plusYears(1).minusDays(1), p));
      LocalDate prospectiveEnd = yearStart.minusMonths(p.prospectiveWindowEndOffsetMonths()).minusDays(1);
      LocalDate prospectiveStart = prospectiveEnd.plusDays(1).minusYears(1);
      windows.add(window(year, PROSPECTIVE, prospectiveStart, prospectiveEnd, p));
    }
    return windows;
  }

  private static AssignmentWindow window(
      int year, String method, LocalDate start, LocalDate end, AssignmentRules.Parameters p) {
    LocalDate prestepStart = start.minusMonths(p.prestepWindowMonths() - 12L);
    boolean overlapsPhe = !end.isBefore(p.covidPheStart()) && !start.isAfter(p.covidPheEnd());
    return new AssignmentWindow(year + "-" + method, year, method, start, end, prestepStart, overlapsPhe);
  }
}
