package org.mssp.common.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings for s3a:// paths. Each value comes from a command-line flag when given, else from the
 * environment ({@code ACO_S3_ENDPOINT}, {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code ACO_S3_PATH_STYLE}, {@code AWS_REGION}); absent values leave Hadoop's defaults (the AWS
 * credential chain, virtual-host addressing) in force.
 *
 * @param endpoint e.g. {@code http://127.0.0.1:9000}; null for AWS itself
 * @param accessKey access key id, or null to use the default credential chain
 * @param secretKey secret access key, or null
 * @param pathStyle true for path-style addressing (s3proxy, MinIO); null for Hadoop's default
 * @param region signing region, or null
 */
public record S3Options(
    String endpoint, String accessKey, String secretKey, Boolean pathStyle, String region) {

  public static final S3Options NONE = new S3Options(null, null, null, null, null);

  /** Fills every value not given on the command line from the environment. */
  public S3Options withEnvironmentDefaults(Map<String, String> env) {
    return new S3Options(
        endpoint != null ? endpoint : env.get("ACO_S3_ENDPOINT"),
        accessKey != null ? accessKey : env.get("AWS_ACCESS_KEY_ID"),
        secretKey != null ? secretKey : env.get("AWS_SECRET_ACCESS_KEY"),
        pathStyle != null
            ? pathStyle
            : env.containsKey("ACO_S3_PATH_STYLE")
                ? Boolean.valueOf(env.get("ACO_S3_PATH_STYLE"))
                : null,
        region != null ? region : env.get("AWS_REGION"));
  }

  /** Hadoop configuration keys (without the {@code spark.hadoop.} prefix) for these options. */
  public Map<String, String> hadoopSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    if (endpoint != null) {
      settings.put("fs.s3a.endpoint", endpoint);
      settings.put("fs.s3a.connection.ssl.enabled", String.valueOf(endpoint.startsWith("https")));
      // A local S3 server does not keep ETags/versions the way AWS does.
      settings.put("fs.s3a.change.detection.mode", "none");
      settings.put("fs.s3a.endpoint.region", region != null ? region : "us-east-1");
    } else if (region != null) {
      settings.put("fs.s3a.endpoint.region", region);
    }
    if (accessKey != null && secretKey != null) {
      settings.put(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      settings.put("fs.s3a.access.key", accessKey);
      settings.put("fs.s3a.secret.key", secretKey);
    }
    if (pathStyle != null) {
      settings.put("fs.s3a.path.style.access", String.valueOf(pathStyle));
    }
    return settings;
  }
}
