package org.mssp.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders that live as long as the test JVM: JVM-wide fixtures (the shared session's
 * warehouse, the generated dataset) cannot use JUnit's per-class {@code @TempDir}, so they are
 * deleted by a shutdown hook instead of being left in the system's temporary folder run after run.
 */
public final class TempFolders {
  private TempFolders() {}

  /** A new folder under the system's temporary folder, deleted with its contents when the JVM exits. */
  public static Path forThisJvm(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "delete " + dir));
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary folder " + prefix + "*", e);
    }
  }

  /** Deletes a file or folder tree; what cannot be deleted is left for the OS to clean. */
  public static void deleteQuietly(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: the OS cleans it eventually
    }
  }
}
