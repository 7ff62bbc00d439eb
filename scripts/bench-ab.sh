#!/usr/bin/env bash
# Same-run A/B of two server configurations with the token benchmark (docs/BENCHMARKS.md):
# runs cognate-bench for A, then B, then A again, ... and prints each round and the medians.
# On this kind of machine two runs of one configuration can differ by 1.5x, so one pair decides
# nothing; alternating rounds and comparing medians is the least a figure in BENCHMARKS.md needs.
#   scripts/bench-ab.sh --rounds 3 --a-jar base/cognate-server.jar --b-jar cognate-server/target/cognate-server.jar
#   scripts/bench-ab.sh --b-opts "-Xmx384m -XX:+UseG1GC" -- --grants client_credentials --connections 64
# A jar needs its lib/ directory beside it. Options after -- go to the driver (default:
# --grants client_credentials,refresh_token --connections 16,64 --seconds 10).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$JAVA_HOME/bin/java" ] || { echo "bench-ab: no java at $JAVA_HOME (set JAVA_HOME to a JDK 21+)" >&2; exit 1; }
cd "$root"

rounds=3
a_jar=cognate-server/target/cognate-server.jar
b_jar=cognate-server/target/cognate-server.jar
a_opts=""
b_opts=""
driver=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --a-jar) a_jar="$2"; shift 2 ;;
    --b-jar) b_jar="$2"; shift 2 ;;
    --a-opts) a_opts="$2"; shift 2 ;;
    --b-opts) b_opts="$2"; shift 2 ;;
    --) shift; driver=("$@"); break ;;
    *) echo "bench-ab: unknown option $1 (see the head of this script)" >&2; exit 2 ;;
  esac
done
[ ${#driver[@]} -gt 0 ] || driver=(--grants client_credentials,refresh_token --connections 16,64 --seconds 10)
for jar in "$a_jar" "$b_jar"; do
  [ -f "$jar" ] && [ -d "$(dirname "$jar")/lib" ] || { echo "bench-ab: $jar and its lib/ are needed" >&2; exit 1; }
done
[ -f cognate-bench/target/cognate-bench.jar ] || ./mvnw -q -B -pl cognate-server,cognate-bench -am package -DskipTests

out="$(mktemp -d)"
run() { # label jar opts round
  local args=()
  for option in $3; do args+=(--server-jvm-option "$option"); done
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms256m -Xmx1g \
    -jar cognate-bench/target/cognate-bench.jar --server-jar "$2" ${args[@]+"${args[@]}"} "${driver[@]}" \
    --json "$out/$1-$4.json" > "$out/$1-$4.txt" 2>&1 || { echo "bench-ab: run $1 $4 failed, see $out/$1-$4.txt" >&2; exit 1; }
  echo "round $4 $1 done ($(cut -d' ' -f1 /proc/loadavg) load)"
}
for round in $(seq 1 "$rounds"); do
  run A "$a_jar" "$a_opts" "$round"
  run B "$b_jar" "$b_opts" "$round"
done

python3 - "$out" "$rounds" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = {}
for side in "AB":
    for r in range(1, rounds + 1):
        for load in json.load(open(f"{out}/{side}-{r}.json"))["cognate"]["loads"]:
            x = load["result"]
            rows.setdefault((x["scenario"], x["connections"]), {}).setdefault(side, []).append(x)
print(f"{'load':<26}{'side':<5}{'grants/s each round':<30}{'median':>9}{'p99 ms median':>15}{'srv ms/g median':>17}")
for (scenario, conns), sides in rows.items():
    medians = {}
    for side in "AB":
        runs = sides.get(side, [])
        rate = statistics.median(x["grantsPerSecond"] for x in runs)
        medians[side] = rate
        cpu = statistics.median(x["serverCpuSeconds"] / max(x["grants"], 1) * 1000 for x in runs)
        print(f"{scenario + ' @' + str(conns):<26}{side:<5}{', '.join(format(x['grantsPerSecond'], ',.0f') for x in runs):<30}"
              f"{rate:>9,.0f}{statistics.median(x['p99Millis'] for x in runs):>15.1f}{cpu:>17.3f}")
    print(f"{'':<26}B/A  {medians['B'] / medians['A']:.2f}x")
print(f"(driver output and JSON: {out})")
EOF
