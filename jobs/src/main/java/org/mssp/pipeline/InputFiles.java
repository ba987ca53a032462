package org.mssp.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.mssp.common.error.Errors;
import org.mssp.common.error.PipelineException;

/**
 * The files a run reads, with their sizes and CRC32C checksums, through Hadoop's FileSystem API so
 * local folders and s3a:// prefixes are read alike. Bytes are streamed, never held whole; files
 * are checksummed a few at a time (reading from object stores is latency-bound).
 */
public final class InputFiles {
  private static final int BUFFER = 1 << 20;
  private static final int THREADS = 4;

  private InputFiles() {}

  /**
   * One file: {@code path} relative to the input root (or as given, for a file named on its own),
   * its size in bytes and {@code crc32c:<8 hex>} of its bytes.
   */
  public record InputFile(String path, long size, String checksum) {}

  /**
   * Every file under {@code root} (recursively), sorted by relative path. Files and folders whose
   * name starts with {@code .} or {@code _} (checksum side files, staging) are left out, as Hadoop
   * and Spark treat them as hidden.
   */
  public static List<InputFile> tree(Configuration conf, String root) {
    Path base = new Path(root);
    List<Path> files = new ArrayList<>();
    try {
      FileSystem fs = base.getFileSystem(conf);
      Path qualifiedBase = fs.makeQualified(base);
      if (!fs.getFileStatus(qualifiedBase).isDirectory()) {
        throw Errors.badArgument("--input", root, "a dataset folder (docs/input-formats.md)");
      }
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(qualifiedBase, true);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        if (!hidden(relative(qualifiedBase, p))) {
          files.add(p);
        }
      }
    } catch (FileNotFoundException e) {
      throw Errors.badArgument("--input", root, "no such folder");
    } catch (IOException e) {
      throw Errors.cannot("list the input files under " + root, e.getMessage());
    }
    Path qualified = qualify(conf, base);
    List<InputFile> result = checksum(conf, files, p -> relative(qualified, p));
    result.sort(Comparator.comparing(InputFile::path));
    return result;
  }

  /** One file named on its own (a plan, a parameter file); its path is kept as given. */
  public static InputFile single(Configuration conf, String path) {
    return checksum(conf, List.of(new Path(path)), p -> path).get(0);
  }

  /** Whether {@code path} (any file system) lies under the folder {@code root}. */
  public static boolean isUnder(Configuration conf, String path, String root) {
    String p = qualify(conf, new Path(path)).toString();
    String r = qualify(conf, new Path(root)).toString().replaceAll("/+$", "");
    return p.startsWith(r + "/");
  }

  private static Path qualify(Configuration conf, Path p) {
    try {
      return p.getFileSystem(conf).makeQualified(p);
    } catch (IOException e) {
      throw Errors.cannot("resolve " + p, e.getMessage());
    }
  }

  private static String relative(Path base, Path file) {
    String b = base.toUri().getPath().replaceAll("/+$", "");
    String f = file.toUri().getPath();
    return f.startsWith(b + "/") ? f.substring(b.length() + 1) : f;
  }

  private static boolean hidden(String relativePath) {
    for (String part : relativePath.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static List<InputFile> checksum(
      Configuration conf, List<Path> files, java.util.function.Function<Path, String> name) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS, files.size())));
    try {
      List<Future<InputFile>> futures = new ArrayList<>();
      for (Path p : files) {
        futures.add(pool.submit(() -> checksumOne(conf, p, name.apply(p))));
      }
      List<InputFile> result = new ArrayList<>();
      for (Future<InputFile> f : futures) {
        result.add(f.get());
      }
      return result;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof PipelineException pe ? pe
          : Errors.cannot("checksum the input files", String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Errors.cannot("checksum the input files", "interrupted");
    } finally {
      pool.shutdownNow();
    }
  }

  private static InputFile checksumOne(Configuration conf, Path path, String name) {
    CRC32C crc = new CRC32C();
    long size = 0;
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          crc.update(buffer, 0, n);
          size += n;
        }
      }
    } catch (FileNotFoundException e) {
      throw Errors.badInput(path.toString(), "", "no such file");
    } catch (IOException e) {
      throw Errors.badInput(path.toString(), "cannot read it to compute its checksum: " + e.getMessage(), e);
    }
    return new InputFile(name, size, "crc32c:" + HexFormat.of().toHexDigits((int) crc.getValue()));
  }
}
