package org.mssp.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mssp.common.spark.S3Options;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * A real S3 API on 127.0.0.1 for s3a:// tests: s3proxy 4.1 with its in-memory store, started as
 * a child JVM (so its Jetty, Jackson and Guava stay off Spark's classpath) on a free port. One
 * server per test JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Surefire passes the jar's path in {@code mssp.s3proxy.jar} (the build copies it to
 * {@code target/s3proxy/}).
 */
public final class LocalS3 {
  public static final String ACCESS_KEY = "local-identity";
  public static final String SECRET_KEY = "local-credential";
  private static LocalS3 instance;

  private final Process process;
  private final String endpoint;
  private final List<String> buckets = new ArrayList<>();

  private LocalS3(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** The running server, started on first call. */
  public static synchronized LocalS3 get() {
    if (instance == null) {
      instance = start();
      Runtime.getRuntime().addShutdownHook(new Thread(instance.process::destroy));
    }
    return instance;
  }

  /** e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return endpoint;
  }

  /** s3a settings for this server (path-style, static keys). */
  public S3Options options() {
    return new S3Options(endpoint, ACCESS_KEY, SECRET_KEY, true, "us-east-1");
  }

  /**
   * Applies this server's s3a settings to a running SparkSession's Hadoop configuration, so a
   * shared test session can reach it.
   */
  public void configure(org.apache.spark.sql.SparkSession spark) {
    var conf = spark.sparkContext().hadoopConfiguration();
    options().hadoopSettings().forEach(conf::set);
    // S3A caches FileSystem instances per bucket; the settings above apply to new ones.
    conf.set("fs.s3a.impl.disable.cache", "true");
  }

  /** Creates a bucket (S3A never creates buckets itself); returns its name. */
  public synchronized String createBucket(String name) {
    if (buckets.contains(name)) {
      return name;
    }
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      s3.createBucket(CreateBucketRequest.builder().bucket(name).build());
    }
    buckets.add(name);
    return name;
  }

  private static LocalS3 start() {
    String jar = System.getProperty("mssp.s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "s3proxy jar not found (system property mssp.s3proxy.jar=" + jar
              + "); run the tests through Maven, which copies it to target/s3proxy/");
    }
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      String endpoint = "http://127.0.0.1:" + port;
      Path config = Files.createTempFile("s3proxy", ".properties");
      Files.writeString(
          config,
          String.join(
              "\n",
              "s3proxy.endpoint=" + endpoint,
              "s3proxy.authorization=aws-v2-or-v4",
              "s3proxy.identity=" + ACCESS_KEY,
              "s3proxy.credential=" + SECRET_KEY,
              "jclouds.provider=transient-nio2",
              "jclouds.identity=" + ACCESS_KEY,
              "jclouds.credential=" + SECRET_KEY,
              ""));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process =
          new ProcessBuilder(java, "-Xmx256m", "-jar", jar, "--properties", config.toString())
              .redirectErrorStream(true)
              .start();
      try {
        awaitStarted(process, endpoint);
      } finally {
        Files.deleteIfExists(config); // s3proxy reads it once, at start
      }
      return new LocalS3(process, endpoint);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start s3proxy: " + e.getMessage(), e);
    }
  }

  /** Reads the server's log until Jetty reports it started (or the process dies). */
  private static void awaitStarted(Process process, String endpoint) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> started =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line;
                while ((line = out.readLine()) != null) {
                  if (line.contains("Started")) {
                    // keep draining the log so the child never blocks on a full pipe
                    Thread drainer = new Thread(() -> drain(out), "s3proxy-log");
                    drainer.setDaemon(true);
                    drainer.start();
                    return true;
                  }
                }
                return false;
              } catch (IOException e) {
                return false;
              }
            });
    try {
      if (!started.get(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("s3proxy exited before it started on " + endpoint);
      }
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      process.destroy();
      throw new IllegalStateException("s3proxy did not start on " + endpoint + ": " + e, e);
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
