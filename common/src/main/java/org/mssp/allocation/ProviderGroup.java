package org.mssp.allocation;

/**
 * The tier-2 provider groups (shared/spec/allocation-models.md, "The three tiers"). The declaration
 * order is the canonical order: it breaks ties when the pool's last cents are handed out.
 */
public enum ProviderGroup {
  /** Primary care physicians and the NP/PA/CNS who work with them. */
  PCP,
  /** Specialists. */
  SPECIALIST,
  /** Hospitals, facilities (FQHC, RHC, CAH) and their institutional TINs. */
  HOSPITAL_FACILITY,
  /**
   * Providers who treat ACO patients but rarely have beneficiaries assigned to them: hospitalists,
   * emergency medicine, radiology, anesthesia, pathology.
   */
  NON_ATTRIBUTED;

  /** The group named by {@code code}, or null when no group has that name. */
  public static ProviderGroup parse(String code) {
    for (ProviderGroup g : values()) {
      if (g.name().equals(code)) {
        return g;
      }
    }
    return null;
  }
}
