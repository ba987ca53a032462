package org.mssp.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void readsTheKibFigureOfAStatusLine() {
    assertEquals(320_748L, ProcessMemory.parseKib("VmHWM:\t  320748 kB"));
    assertEquals(0L, ProcessMemory.parseKib("VmHWM: 0 kB"));
    assertThrows(NumberFormatException.class, () -> ProcessMemory.parseKib("VmHWM: 12 pages"));
  }

  @Test
  void formatsGibWithTwoDecimals() {
    assertEquals("6.84 GiB", ProcessMemory.gib(7_344_394_240L)); // 6.84 × 2^30, rounded
    assertEquals("0.50 GiB", ProcessMemory.gib(536_870_912L));
  }

  @Test
  void onLinuxThePeakIsReadAndCanBeReset() throws Exception {
    if (!Files.exists(Path.of("/proc/self/status"))) {
      return; // not Linux: the figures are absent by design
    }
    long before = ProcessMemory.peakBytes().orElseThrow();
    assertTrue(before > 0);
    assertTrue(ProcessMemory.resetPeak(), "writing 5 to /proc/self/clear_refs");
    long after = ProcessMemory.peakBytes().orElseThrow();
    // After the reset the peak is the resident size at the reset, not above the earlier peak; other
    // threads of this shared test JVM (Spark's) may grow the heap between the reads, hence the slack.
    long slack = 256L << 20;
    assertTrue(after <= before + slack, after + " > " + before + " + 256 MiB");
    assertTrue(ProcessMemory.cpuNanos() > 0);
  }
}
