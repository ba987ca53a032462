package org.mssp.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.mssp.common.cclf.CclfFileName;

/** Test helper: reads a generated dataset's files from a local folder. */
final class GeneratedFiles {
  private GeneratedFiles() {}

  /** Every CCLF file under cclf/, by relative path, with its lines. */
  static Map<String, List<String>> cclf(Path root) throws IOException {
    Map<String, List<String>> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root.resolve("cclf"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), lines(p));
      }
    }
    return out;
  }

  static List<String> lines(Path p) throws IOException {
    try (InputStream raw = Files.newInputStream(p);
        InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      List<String> lines = new ArrayList<>();
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        lines.add(l);
      }
      return lines;
    }
  }

  /** The parsed CMS name of a file path. */
  static CclfFileName name(String relativePath) {
    String file = Path.of(relativePath).getFileName().toString();
    return CclfFileName.parse(file);
  }

  /** All files under a folder (relative path → bytes), for byte-for-byte comparison. */
  static Map<String, byte[]> bytes(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }
}
