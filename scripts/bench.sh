#!/usr/bin/env bash
# Token-endpoint benchmark (docs/BENCHMARKS.md): builds the server and the driver, then runs
# cognate-bench: raw RS256 signing rates, a Cognate server in its own JVM on 127.0.0.1 with a
# fresh SQLite store, client_credentials and refresh_token under closed-loop load at 16 and 64
# connections, and the HTTP floor. Prints a table; writes JSON (default cognate-bench/target/bench.json).
#   scripts/bench.sh                      # Cognate alone, about 3.5 minutes
#   scripts/bench.sh --keycloak           # then Keycloak 26.7.3 in dev mode under the same load
#                                         # (its distribution comes from Maven Central, 177 MB, once)
#   scripts/bench.sh --seconds 30 --connections 16,64,128   # other options go to the driver
# Not part of `./mvnw verify`. Other work on the machine shows in the "other%" column.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench: no java at $JAVA_HOME (set JAVA_HOME to a JDK 21+)" >&2; exit 1; }
[ -r /proc/loadavg ] || { echo "bench: needs Linux (/proc)" >&2; exit 1; }
cd "$root"

keycloak_version=26.7.3
args=()
for arg in "$@"; do
  if [ "$arg" = --keycloak ]; then
    zip="${HOME}/.m2/repository/org/keycloak/keycloak-quarkus-dist/$keycloak_version/keycloak-quarkus-dist-$keycloak_version.zip"
    if [ ! -f "$zip" ]; then
      ./mvnw -q -B dependency:get -Dtransitive=false -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:zip"
    fi
    args+=(--keycloak-zip "$zip")
  else
    args+=("$arg")
  fi
done

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -q -B -pl cognate-server,cognate-bench -am package -DskipTests
fi
# The driver shares the cores with the server: serial GC and a fixed heap keep its own cost small.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms256m -Xmx1g \
  -jar cognate-bench/target/cognate-bench.jar --server-jar cognate-server/target/cognate-server.jar ${args[@]+"${args[@]}"}
