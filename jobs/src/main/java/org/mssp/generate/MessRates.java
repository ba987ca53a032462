package org.mssp.generate;

import org.mssp.common.error.Errors;

/**
 * The rates of the realistic mess the generator builds in, each a probability per unit stated
 * below. Recorded in the manifest next to the realised counts.
 *
 * @param cancel per original claim: a later cancellation, no replacement
 * @param adjust per original claim: a later cancellation plus a replacement (adjustment) with a
 *     new amount
 * @param redeliver per claim version and delivery: the identical line again in the next monthly
 *     delivery
 * @param malformed per valid claim line (CCLF1/2/4/5/6): an extra corrupted copy
 * @param mbiChange per beneficiary-year: the MBI changes in that year (at most once per person)
 * @param ma per beneficiary-year: Medicare Advantage months from a month to December
 * @param partAOnly per beneficiary-year: Part-A-only months from a month to December
 * @param specialistOnly per beneficiary-year: no primary care clinician visits, specialists only
 * @param tinTwoAcos per ACO participant TIN: also a participant of a second ACO
 * @param voluntary per beneficiary: a voluntary alignment designation of the home clinician
 * @param constructedPerCase beneficiaries per constructed assignment case (0 disables)
 */
public record MessRates(
    double cancel,
    double adjust,
    double redeliver,
    double malformed,
    double mbiChange,
    double ma,
    double partAOnly,
    double specialistOnly,
    double tinTwoAcos,
    double voluntary,
    int constructedPerCase) {

  public MessRates {
    check("--cancel-rate", cancel);
    check("--adjust-rate", adjust);
    if (cancel + adjust > 1) {
      throw Errors.badArgument(
          "--adjust-rate", adjust, "cancel rate + adjust rate must be at most 1");
    }
    check("--redeliver-rate", redeliver);
    check("--malformed-rate", malformed);
    check("--mbi-change-rate", mbiChange);
    check("--ma-rate", ma);
    check("--part-a-only-rate", partAOnly);
    check("--specialist-only-rate", specialistOnly);
    check("--tin-two-acos-rate", tinTwoAcos);
    check("--voluntary-rate", voluntary);
    if (constructedPerCase < 0 || constructedPerCase > 100) {
      throw Errors.badArgument(
          "--constructed-per-case", constructedPerCase, "an integer from 0 to 100");
    }
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw Errors.badArgument(name, rate, "a rate from 0 to 1");
    }
  }

  /** The defaults from the rules file. */
  public static MessRates defaults(GenerateRules rules) {
    return new MessRates(
        rules.number("mess.cancel_rate"),
        rules.number("mess.adjust_rate"),
        rules.number("mess.redeliver_rate"),
        rules.number("mess.malformed_rate"),
        rules.number("mess.mbi_change_rate"),
        rules.number("mess.ma_rate"),
        rules.number("mess.part_a_only_rate"),
        rules.number("mess.specialist_only_rate"),
        rules.number("mess.tin_two_acos_rate"),
        rules.number("mess.voluntary_rate"),
        rules.integer("mess.constructed_per_case"));
  }
}
