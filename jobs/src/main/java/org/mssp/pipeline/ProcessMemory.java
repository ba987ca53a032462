package org.mssp.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The peak resident memory and CPU time of this process per stage of a run. The peak comes
 * from Linux's {@code /proc}: VmHWM in {@code /proc/self/status} is reset to the current
 * resident size at a stage's start by writing {@code 5} to {@code /proc/self/clear_refs}, and read
 * at its end. The figure is the largest resident size the whole JVM (heap, Spark's off-heap
 * buffers, code) reached during the stage, so it includes memory the JVM kept from earlier stages.
 *
 * <p>Elsewhere than Linux (or where {@code /proc} is not writable) the reset is a no-op and the
 * figures are absent, never made up.
 */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /** Resets the peak to the current resident size; false when the system does not allow it. */
  public static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /** The peak resident size since the process started or the last {@link #resetPeak}, in bytes. */
  public static OptionalLong peakBytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmHWM:")) {
          return OptionalLong.of(parseKib(line) * 1024L);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | SecurityException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The number of a {@code /proc/self/status} line such as {@code VmHWM:   320748 kB}. */
  static long parseKib(String line) {
    String value = line.substring(line.indexOf(':') + 1).trim();
    if (!value.endsWith("kB")) {
      throw new NumberFormatException("not a kB figure: " + line);
    }
    return Long.parseLong(value.substring(0, value.length() - 2).trim());
  }

  /** CPU time of the whole process (all threads) in nanoseconds, or -1 when the JVM cannot tell. */
  public static long cpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Bytes as GiB with two decimals, e.g. {@code 6.84 GiB}. */
  public static String gib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }
}
