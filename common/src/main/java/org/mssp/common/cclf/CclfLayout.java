package org.mssp.common.cclf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mssp.common.error.Errors;

/**
 * The declared fixed-width layout of one CCLF file, loaded from the layout data
 * ({@code layouts/cclf-layouts-v36.json}, a copy of {@code shared/spec/cclf-layouts.json}: CCLF
 * Information Packet v36 positions). Nothing here is typed by hand per field: generator and
 * ingest both derive their column lists from this.
 *
 * @param file which CCLF file
 * @param recordLength bytes per record, excluding the line end
 * @param fields fields in position order, contiguous from 1 to recordLength
 */
public record CclfLayout(CclfFile file, int recordLength, List<CclfField> fields) {
  public static final String RESOURCE = "/layouts/cclf-layouts-v36.json";
  private static final Map<CclfFile, CclfLayout> LAYOUTS = load();

  public CclfLayout {
    fields = List.copyOf(fields);
  }

  /** The layout of a fixed-width CCLF file (every file but CCLF0). */
  public static CclfLayout of(CclfFile file) {
    CclfLayout layout = LAYOUTS.get(file);
    if (layout == null) {
      throw new IllegalArgumentException(file + " has no fixed-width layout");
    }
    return layout;
  }

  /** All fixed-width layouts. */
  public static Map<CclfFile, CclfLayout> all() {
    return Collections.unmodifiableMap(LAYOUTS);
  }

  /** The field with this name; fails if the layout has none. */
  public CclfField field(String name) {
    for (CclfField f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(file + " has no field " + name);
  }

  /** Whether the layout has a field of this name. */
  public boolean hasField(String name) {
    return fields.stream().anyMatch(f -> f.name().equals(name));
  }

  private static Map<CclfFile, CclfLayout> load() {
    try (InputStream in = CclfLayout.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw Errors.badRules("cclf-layouts", "resource " + RESOURCE + " is missing");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<CclfFile, CclfLayout> layouts = new EnumMap<>(CclfFile.class);
      root.fields()
          .forEachRemaining(
              entry -> {
                CclfFile file = CclfFile.valueOf(entry.getKey());
                JsonNode node = entry.getValue();
                int recordLength = node.get("record_length").asInt();
                List<CclfField> fields = new ArrayList<>();
                int expectedStart = 1;
                for (JsonNode f : node.get("fields")) {
                  CclfField field =
                      CclfField.of(
                          f.get("name").asText().replace(" ", ""),
                          f.get("start").asInt(),
                          f.get("length").asInt(),
                          f.get("format").asText());
                  if (field.start() != expectedStart) {
                    throw Errors.badRules(
                        "cclf-layouts",
                        file + " field " + field.name() + " starts at " + field.start()
                            + ", expected " + expectedStart);
                  }
                  expectedStart = field.end() + 1;
                  fields.add(field);
                }
                if (expectedStart - 1 != recordLength) {
                  throw Errors.badRules(
                      "cclf-layouts",
                      file + " fields end at " + (expectedStart - 1) + " but record length is "
                          + recordLength);
                }
                layouts.put(file, new CclfLayout(file, recordLength, fields));
              });
      return layouts;
    } catch (IOException e) {
      throw Errors.badRules("cclf-layouts", "cannot parse " + RESOURCE + ": " + e.getMessage());
    }
  }
}
