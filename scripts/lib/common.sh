# shellcheck shell=bash
# Shared functions of the scripts in scripts/: where the repository is, building the application
# jar and its runtime classpath on first use, the java binary and the Spark JVM flags.
# Source it; it defines functions and variables and runs nothing else.
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
# Environment:
#   ACO_NO_BUILD=1  never build; fail if the jar is missing
#   JAVA_HOME       the JDK to use (else java on PATH)

ACO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ACO_VERSION=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ACO_ROOT/pom.xml" | head -n 1)
# The application jar: our code plus Delta and picocli; Spark, Hadoop, the AWS SDK and logging
# are `provided` (see app/pom.xml), so it is the jar spark-submit takes.
ACO_JAR="$ACO_ROOT/app/target/mssp-aco-$ACO_VERSION.jar"
# Everything else the local runnable form needs (Spark, Delta, Hadoop, s3a, log4j), one line.
ACO_CLASSPATH_FILE="$ACO_ROOT/app/target/runtime-classpath.txt"
# Runtime state of the local services (s3proxy, standalone cluster): logs, pids, data. Ignored by git.
ACO_RUN_DIR="$ACO_ROOT/.run"
ACO_JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

aco_die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# A value of the parent pom's <properties>, e.g. aco_pom_property spark.version.
aco_pom_property() {
  sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ACO_ROOT/pom.xml" | head -n 1
}

# The module flags Spark needs on Java 17+ (declared once, in the parent pom's spark.jvm.flags).
aco_spark_jvm_flags() {
  aco_pom_property spark.jvm.flags
}

_aco_needs_build() {
  [ -f "$ACO_JAR" ] && [ -f "$ACO_CLASSPATH_FILE" ] || return 0
  [ -n "$(find "$ACO_ROOT/pom.xml" "$ACO_ROOT/common" "$ACO_ROOT/jobs" "$ACO_ROOT/app/pom.xml" \
      -path '*/target' -prune -o -newer "$ACO_JAR" -type f -print -quit)" ]
}

# Builds the application jar and the runtime classpath when missing or older than the sources.
aco_build_if_needed() {
  if [ "${ACO_NO_BUILD:-}" != "1" ] && _aco_needs_build; then
    echo "$(basename "$0"): building the application (first use or sources changed)..." >&2
    (cd "$ACO_ROOT" && mvn -B -q -DskipTests package -pl app -am) >&2 || \
      aco_die "the build failed; run 'mvn -B -DskipTests package -pl app -am' to see why"
  fi
  [ -f "$ACO_JAR" ] || aco_die "$ACO_JAR is missing; build it with 'mvn -DskipTests package -pl app -am'"
}

# The runtime classpath (Spark, Delta, Hadoop, s3a, log4j), colon-separated.
aco_runtime_classpath() {
  cat "$ACO_CLASSPATH_FILE"
}

# Whether a pid file names a live process; removes the file when the process is gone.
aco_pid_alive() {
  local pid_file=$1 pid
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  rm -f "$pid_file"
  return 1
}

# Stops the process of a pid file (TERM, then KILL after 10 s) and removes the file.
aco_stop_pid() {
  local pid_file=$1 name=$2 pid i
  if ! aco_pid_alive "$pid_file"; then
    return 0
  fi
  pid=$(cat "$pid_file")
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$(basename "$0"): $name (pid $pid) did not stop on TERM; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
  echo "$(basename "$0"): stopped $name (pid $pid)" >&2
}

# The s3proxy jar the tests use (the parent pom copies org.gaul:s3proxy:jar-with-dependencies to
# target/s3proxy/s3proxy.jar); copied by that same pom execution when missing.
aco_s3proxy_jar() {
  local jar="$ACO_ROOT/target/s3proxy/s3proxy.jar"
  if [ ! -f "$jar" ]; then
    echo "$(basename "$0"): copying the s3proxy jar (parent pom, execution s3proxy-jar)..." >&2
    (cd "$ACO_ROOT" && mvn -B -q -N generate-test-resources) >&2 || \
      aco_die "could not copy the s3proxy jar; run 'mvn -B -N generate-test-resources' to see why"
  fi
  [ -f "$jar" ] || aco_die "$jar is missing after the copy"
  echo "$jar"
}

# Waits until a URL answers HTTP at all (any status); fails after $2 seconds.
aco_wait_http() {
  local url=$1 seconds=$2 i
  for i in $(seq 1 $((seconds * 5))); do
    if curl -s -o /dev/null --max-time 2 "$url"; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

# The local standalone cluster (scripts/cluster-up): ports and state folder.
ACO_CLUSTER_DIR="$ACO_RUN_DIR/cluster"
ACO_SPARK_HOME="$ACO_RUN_DIR/spark-home"
ACO_MASTER_PORT=${ACO_MASTER_PORT:-7177}
ACO_MASTER_UI_PORT=${ACO_MASTER_UI_PORT:-8180}
ACO_MASTER_URL="spark://127.0.0.1:$ACO_MASTER_PORT"

# Artifacts the application jar carries itself (app/pom.xml's shade includes); they stay out of
# the cluster's jars/ so a spark-submit run proves the application jar is complete.
_ACO_APP_JAR_ARTIFACTS='/(org/mssp|info/picocli|io/delta|io/unitycatalog|com/fasterxml/jackson/datatype/jackson-datatype-jdk8)/'

# A SPARK_HOME for the standalone Master, Workers, executors and spark-submit, made from the Maven
# runtime classpath: jars/ holds symlinks to the jars in ~/.m2. Rebuilt when the classpath changes.
aco_spark_home() {
  local marker="$ACO_SPARK_HOME/classpath.txt" jar
  if [ ! -f "$marker" ] || ! cmp -s "$marker" "$ACO_CLASSPATH_FILE"; then
    rm -rf "$ACO_SPARK_HOME"
    mkdir -p "$ACO_SPARK_HOME/jars" "$ACO_SPARK_HOME/conf"
    tr ':' '\n' < "$ACO_CLASSPATH_FILE" | grep -Ev "$_ACO_APP_JAR_ARTIFACTS" | while read -r jar; do
      [ -n "$jar" ] && ln -s "$jar" "$ACO_SPARK_HOME/jars/$(basename "$jar")"
    done
    cp "$ACO_ROOT/scripts/log4j2-cli.properties" "$ACO_SPARK_HOME/conf/log4j2.properties"
    cp "$ACO_CLASSPATH_FILE" "$marker"
  fi
  echo "$ACO_SPARK_HOME"
}
