package org.mssp.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.mssp.common.cclf.CclfFileName;
import org.mssp.common.error.Errors;

/**
 * Finds the deliveries in an input folder (local or s3a, through the Hadoop FileSystem API), as
 * docs/input-formats.md lays them out: {@code <input>/cclf/<delivery>/} folders or
 * {@code <input>/cclf/<delivery>.zip} archives holding CMS-named files (plain or {@code .gz}), and
 * {@code <input>/enrollment/mbsf_<year>.csv}. An input without a {@code cclf/} folder is read as a
 * folder of deliveries. Hidden entries ({@code .} or {@code _} first) are ignored; anything else
 * that does not follow the naming convention fails the run, so no file is silently skipped.
 */
public final class DeliveryDiscovery {
  private static final Pattern MBSF = Pattern.compile("mbsf_(\\d{4})\\.csv(\\.gz)?", Pattern.CASE_INSENSITIVE);

  private DeliveryDiscovery() {}

  /** Lists deliveries and enrollment files, oldest delivery first; zips are not yet extracted. */
  public static List<Delivery> discover(Configuration conf, String input) {
    try {
      Path root = new Path(input);
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        throw Errors.badInput(input, "", "input folder does not exist");
      }
      List<Delivery> out = new ArrayList<>();
      Path cclf = new Path(root, "cclf");
      Path deliveriesDir = fs.exists(cclf) ? cclf : root;
      for (FileStatus s : list(fs, deliveriesDir)) {
        String name = s.getPath().getName();
        if (hidden(name) || (deliveriesDir.equals(root) && (name.equals("enrollment")
            || name.equals("reference") || name.equals("manifest.json")))) {
          continue;
        }
        out.add(delivery(fs, s));
      }
      Path enrollment = new Path(root, "enrollment");
      if (fs.exists(enrollment)) {
        for (FileStatus s : list(fs, enrollment)) {
          String name = s.getPath().getName();
          if (hidden(name)) {
            continue;
          }
          Matcher m = MBSF.matcher(name);
          if (!m.matches() || s.isDirectory()) {
            throw Errors.badInput(
                s.getPath().toString(), "", "not an enrollment file named mbsf_<year>.csv");
          }
          int year = Integer.parseInt(m.group(1));
          String baseName = "mbsf_" + year + ".csv";
          LocalDate date = LocalDate.of(year, 12, 31);
          out.add(
              new Delivery(
                  baseName,
                  Delivery.ENROLLMENT,
                  date,
                  s.getPath().toString(),
                  false,
                  "bytes:" + s.getLen(),
                  List.of(
                      new SourceFile(
                          s.getPath().toString(), baseName, Delivery.MBSF_FILE_TYPE, baseName, Delivery.ENROLLMENT, date))));
        }
      }
      out.sort(Comparator.comparing(Delivery::date).thenComparing(Delivery::name));
      return out;
    } catch (IOException e) {
      throw Errors.badInput(input, "cannot list: " + e.getMessage(), e);
    }
  }

  private static Delivery delivery(FileSystem fs, FileStatus s) throws IOException {
    String name = s.getPath().getName();
    String base = name.toLowerCase(Locale.ROOT).endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
    if (!CclfFileName.matches(base) || CclfFileName.parse(base).file() != null) {
      throw Errors.badInput(
          s.getPath().toString(),
          "",
          "not a CMS delivery folder or zip (expected a name like P.A9999.ACO.ZCY18.D180215.T0100000[.zip])");
    }
    CclfFileName archive = CclfFileName.parse(base);
    if (s.isDirectory()) {
      long bytes = 0;
      List<SourceFile> files = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (FileStatus f : list(fs, s.getPath())) {
        String fname = f.getPath().getName();
        if (hidden(fname)) {
          continue;
        }
        files.add(sourceFile(f.getPath().toString(), fname, archive, base, seen));
        bytes += f.getLen();
      }
      return new Delivery(
          base, archive.kind().name(), archive.deliveryDate(), s.getPath().toString(), false,
          "bytes:" + bytes, files);
    }
    if (!name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
      throw Errors.badInput(s.getPath().toString(), "", "a delivery must be a folder or a .zip archive");
    }
    return new Delivery(
        base, archive.kind().name(), archive.deliveryDate(), s.getPath().toString(), true,
        "zip-bytes:" + s.getLen(), List.of());
  }

  /**
   * Extracts a zipped delivery's members into {@code staging/<delivery>/} and returns the delivery
   * with its files. Fails naming the archive if it is corrupt or holds no member.
   */
  public static Delivery extract(Configuration conf, Delivery d, String staging) {
    if (!d.zipped()) {
      return d;
    }
    CclfFileName archive = CclfFileName.parse(d.name());
    Path target = new Path(staging, d.name());
    List<SourceFile> files = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String member = null;
    try {
      Path zip = new Path(d.location());
      FileSystem in = zip.getFileSystem(conf);
      FileSystem out = target.getFileSystem(conf);
      try (ZipInputStream z = new ZipInputStream(in.open(zip))) {
        byte[] buf = new byte[1 << 16];
        for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
          if (e.isDirectory()) {
            continue;
          }
          member = e.getName().substring(e.getName().lastIndexOf('/') + 1);
          if (hidden(member)) {
            continue;
          }
          Path dest = new Path(target, member);
          files.add(sourceFile(dest.toString(), member, archive, d.name(), seen));
          try (OutputStream o = out.create(dest, true)) {
            for (int n = z.read(buf); n > 0; n = z.read(buf)) {
              o.write(buf, 0, n);
            }
          }
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw Errors.badInput(
          d.location(),
          member == null ? "" : "member " + member,
          "corrupt zip archive (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw Errors.badInput(d.location(), "cannot extract: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw Errors.badInput(d.location(), "", "corrupt or empty zip archive: no member files");
    }
    return d.withFiles(files);
  }

  private static SourceFile sourceFile(
      String path, String fileName, CclfFileName archive, String delivery, Set<String> seen) {
    String base = fileName.replaceAll("(?i)\\.(gz|txt)$", "");
    if (!CclfFileName.matches(base) || CclfFileName.parse(base).file() == null) {
      throw Errors.badInput(path, "", "not a CMS CCLF file name (expected e.g. P.A9999.ACO.ZC1Y18.D180215.T0100000)");
    }
    CclfFileName n = CclfFileName.parse(base);
    if (!n.withFile(null).format().equalsIgnoreCase(archive.format())) {
      throw Errors.badInput(path, "", "file belongs to delivery " + n.withFile(null).format() + ", not " + delivery);
    }
    String canonical = n.format();
    if (!seen.add(canonical)) {
      throw Errors.badInput(path, "", "delivery " + delivery + " holds " + canonical + " twice");
    }
    return new SourceFile(
        path, canonical, n.file().name(), delivery, archive.kind().name(), archive.deliveryDate());
  }

  private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>(List.of(fs.listStatus(dir)));
    out.sort(Comparator.comparing(s -> s.getPath().getName()));
    return out;
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
