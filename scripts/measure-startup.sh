#!/usr/bin/env bash
# Time from process start to GET /ready answering 200, for `./cognate serve` (the launcher,
# with the jar already built) and for plain `java -jar`, on the embedded SQLite store.
# Prints each run and the median of RUNS (default 5) per way of starting. Other work on the
# machine slows a JVM's start a lot: measure on a quiet machine (see the load printed).
#   scripts/measure-startup.sh            # fresh data directory per run (first start: migrations, keys)
#   DATA=reuse scripts/measure-startup.sh # one data directory for all runs (a restart)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-5}"
jar="$root/cognate-server/target/cognate-server.jar"
java_bin="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
command -v curl >/dev/null || { echo "measure-startup: needs curl" >&2; exit 1; }
[ -x "$java_bin" ] || { echo "measure-startup: no java at $java_bin (set JAVA_HOME)" >&2; exit 1; }

# Build once, outside the measurement, and check the launcher would not rebuild.
"$root/cognate" --version >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export COGNATE_ADMIN_ACCESS_KEY_ID=AKIDMEASURESTARTUP01
export COGNATE_ADMIN_SECRET_ACCESS_KEY=measure-startup-secret-access-key-00000000
unset COGNATE_MASTER_KEY COGNATE_DB_URL COGNATE_PORT COGNATE_DATA COGNATE_HOST COGNATE_PUBLIC_URL

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# one_run <data dir> <command...>: prints the milliseconds until /ready answered 200
one_run() {
  local data="$1"; shift
  local out="$work/out.txt" started port="" pid deadline code=""
  started="$(now_ms)"
  "$@" serve --port 0 --management-port 0 --data "$data" >"$out" 2>&1 &
  pid=$!
  deadline=$(( started + 30000 ))
  while :; do
    if [ -z "$port" ]; then
      port="$(sed -n 's/.*(listening on [^:]*:\([0-9]*\),.*/\1/p' "$out" | head -n1)"
    fi
    if [ -n "$port" ]; then
      code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready" || true)"
      [ "$code" = 200 ] && break
    fi
    if ! kill -0 "$pid" 2>/dev/null || [ "$(now_ms)" -gt "$deadline" ]; then
      echo "measure-startup: server did not get ready (port ${port:-?}, last /ready answer ${code:-none}); its output:" >&2
      cat "$out" >&2
      kill "$pid" 2>/dev/null || true
      exit 1
    fi
    sleep 0.01
  done
  echo $(( $(now_ms) - started ))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() {
  local label="$1"; shift
  local times=() i data t
  for i in $(seq 1 "$runs"); do
    if [ "${DATA:-fresh}" = reuse ]; then data="$work/data-${label//[^a-z]/}"; else data="$work/data-${label//[^a-z]/}-$i"; fi
    t="$(one_run "$data" "$@")"
    times+=("$t")
  done
  echo "$label: ${times[*]} ms -> median $(printf '%s\n' "${times[@]}" | median) ms"
}

echo "startup to /ready = 200, ${runs} runs, data: ${DATA:-fresh}, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
# The launcher's first serve after a build writes its class-data-sharing archive: not counted.
one_run "$work/data-prime" "$root/cognate" >/dev/null
measure "./cognate" "$root/cognate"
measure "java -jar" "$java_bin" --enable-native-access=ALL-UNNAMED -jar "$jar"
