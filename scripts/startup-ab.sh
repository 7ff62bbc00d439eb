#!/usr/bin/env bash
# Start-up A/B of server jars or JVM options: each variant runs `java -jar <variant>.jar serve` on
# a kept data directory with the launcher's memory flags, its own ahead-of-time cache (made by a
# first run of its own) and its own extra options, variants alternating, and prints per run the
# milliseconds to GET /ready = 200, the server's "ready in" and the process's CPU at that moment.
#   WORK=/tmp/su scripts/startup-ab.sh ROUNDS A B ...   (WORK holds A.jar, B.jar ... and lib/)
#   EXTRA_B="-XX:CompileThresholdScaling=5" WORK=/tmp/su scripts/startup-ab.sh 10 A B
# Measure on a quiet machine (docs/BENCHMARKS.md, "Start-up, fifth round").
set -euo pipefail
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
work="${WORK:?set WORK to the directory holding the jars and their lib/}"
rounds="$1"; shift
opts="-XX:+UseG1GC -Xms32m -Xmx384m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:G1PeriodicGCInterval=30000 -XX:MarkStackSize=262144"
export MALLOC_ARENA_MAX=2
export COGNATE_ADMIN_ACCESS_KEY_ID=AKIDSTARTUPAB0000001
export COGNATE_ADMIN_SECRET_ACCESS_KEY=startup-ab-secret-access-key-000000000000

ready() {
  { exec 3<>/dev/tcp/127.0.0.1/18556; } 2>/dev/null || return 1
  printf 'GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' >&3
  local line; read -r line <&3 || true; exec 3<&-
  [[ "$line" == *" 200"* ]]
}

run() { # variant
  local v="$1" aot extra
  if [ -f "$work/$v.aot" ]; then aot="-XX:AOTCache=$work/$v.aot"; else aot="-XX:AOTCacheOutput=$work/$v.aot"; fi
  extra="$(eval echo "\${EXTRA_$v:-}")"
  mkdir -p "$work/data-$v"
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED $aot -Xlog:aot=off -Xlog:cds=off $opts $extra \
    -jar "$work/$v.jar" serve --data "$work/data-$v" --port 18555 --management-port 18556 > "$work/log-$v.txt" 2>&1 &
  local pid=$! n=0
  until ready; do sleep 0.005; n=$((n + 1)); [ $n -gt 4000 ] && break; done
  local t1; t1=$(date +%s%N)
  local cpu; cpu=$(awk '{print ($14 + $15) * 10}' "/proc/$pid/stat")
  sleep 1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$v $(( (t1 - t0) / 1000000 )) ms, $(grep -o 'ready in [0-9]* ms' "$work/log-$v.txt" | head -1), cpu ${cpu} ms"
}

for v in "$@"; do [ -f "$work/$v.aot" ] || run "$v" > /dev/null; done
for _ in $(seq "$rounds"); do for v in "$@"; do run "$v"; done; done
