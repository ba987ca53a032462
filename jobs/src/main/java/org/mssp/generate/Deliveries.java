package org.mssp.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.mssp.common.cclf.CclfFile;
import org.mssp.common.cclf.CclfFileName;

/**
 * The deliveries of a run (docs/input-formats.md): for each year Y, twelve monthly deliveries
 * (processing month m of Y, dated the 15th of month m+1) and the run-out delivery dated 15 April
 * Y+1; and the files in each.
 */
final class Deliveries {
  static final List<CclfFile> FILES =
      List.of(CclfFile.CCLF1, CclfFile.CCLF2, CclfFile.CCLF4, CclfFile.CCLF5, CclfFile.CCLF6,
          CclfFile.CCLF8, CclfFile.CCLF9);
  static final String TIME = "0100000";

  private Deliveries() {}

  /** Archive names (no file), in delivery-date order per year. */
  static List<CclfFileName> of(GenerateConfig config) {
    List<CclfFileName> out = new ArrayList<>();
    for (int y = config.firstYear(); y <= config.lastYear(); y++) {
      for (int m = 1; m <= 12; m++) {
        LocalDate date = LocalDate.of(y, m, 1).plusMonths(1).withDayOfMonth(15);
        out.add(new CclfFileName("P", config.extractId(), null, CclfFileName.DeliveryKind.MONTHLY, y, date, TIME));
      }
      out.add(new CclfFileName("P", config.extractId(), null, CclfFileName.DeliveryKind.RUNOUT, y,
          LocalDate.of(y + 1, 4, 15), TIME));
    }
    return out;
  }
}
