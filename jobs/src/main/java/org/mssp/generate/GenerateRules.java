package org.mssp.generate;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.mssp.common.error.Errors;

/**
 * The generator's calibration constants and code lists, loaded from
 * {@code generate/generate-rules.properties} and {@code generate/generate-codes.properties}
 * (documented in docs/synthetic-data.md). A missing or unparsable key fails naming the key.
 */
public final class GenerateRules {
  static final String RULES = "/generate/generate-rules.properties";
  static final String CODES = "/generate/generate-codes.properties";

  private final Properties rules;
  private final Properties codes;

  private GenerateRules(Properties rules, Properties codes) {
    this.rules = rules;
    this.codes = codes;
  }

  /** The packaged rules. */
  public static GenerateRules load() {
    return new GenerateRules(read(RULES), read(CODES));
  }

  private static Properties read(String resource) {
    Properties p = new Properties();
    try (InputStream in = GenerateRules.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw Errors.badRules(resource, "resource is missing from the jar");
      }
      p.load(in);
      return p;
    } catch (IOException e) {
      throw Errors.badRules(resource, e.getMessage());
    }
  }

  /** A decimal constant. */
  public double number(String key) {
    String v = rules.getProperty(key);
    if (v == null) {
      throw Errors.badRules(RULES, "key " + key + " is missing");
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw Errors.badRules(RULES, "key " + key + " is not a number: " + v);
    }
  }

  /** An integer constant. */
  public int integer(String key) {
    double d = number(key);
    if (d != Math.rint(d)) {
      throw Errors.badRules(RULES, "key " + key + " is not an integer: " + d);
    }
    return (int) d;
  }

  /** A code list. */
  public List<String> codes(String key) {
    String v = codes.getProperty(key);
    if (v == null || v.isBlank()) {
      throw Errors.badRules(CODES, "key " + key + " is missing");
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
