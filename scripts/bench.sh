#!/usr/bin/env bash
# Builds the JMH benchmarks module and runs every benchmark with its baseline in the same JMH run, then
# writes benchmarks/results/:
#   jmh.json      raw JMH results (-rf json)
#   memory.json   B4, heap per pending future (PendingFutureMemory, its own JVM)
#   latency.json  P6 interleaved: newInstance on copy-on-write vs eager memory vs a CPU-only op (InstanceLatency)
#   results.md    every ratio next to its target with a pass/miss verdict, then every raw number
#   results.png   JFreeChart bar chart of the ratios against their targets
#
#   scripts/bench.sh                 quick profile, < 6 min on 2 cores: 1 fork, 2 x 1 s warmup, 3 x 1 s measurement
#   scripts/bench.sh --full          the benchmarks' own settings: 2 forks, 3 x 2 s warmup, 5 x 2 s measurement (~12 min)
#   scripts/bench.sh --longer        1 fork, 4 x 2 s warmup, 5 x 2 s measurement (for B1-B3, which a quick profile leaves noisy)
#   scripts/bench.sh --no-build ...  reuse benchmarks/target/benchmarks.jar
#   scripts/bench.sh --merge ...     keep the earlier results (jmh.json, memory.json) of benchmarks this run leaves out
#   scripts/bench.sh [...] REGEX     run only the matching benchmarks (JMH include regex), e.g. FutureRoundTrip
#
# The committed results: scripts/bench.sh (quick profile). For B1-B3 on a quiet machine, follow it with
#   scripts/bench.sh --no-build --longer --merge 'ParallelTasks|RuntimeCall|FutureRoundTrip'
#
# The real Clean compiler output in ../shared/fixtures/cln-0.33 (or $CLEAN_SHARED_DIR/fixtures/cln-0.33) is
# used when present; when absent, the fixture cases (B5 fixtureStart, B6/P6 module=fixture) are left out and
# reported as skipped. Run on a quiet machine: other work on the cores shows up directly in the numbers.
#
# P8 (VirtualThreadsBenchmark) needs virtual threads: it runs in its own JMH invocation on $JDK21_HOME, else
# /usr/lib/jvm/temurin-25-jdk-amd64, else the default java if that is 21+; without one it is reported skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=quick
build=true
merge=false
include=()
while [ $# -gt 0 ]; do
  case "$1" in
    --full) profile=full ;;
    --quick) profile=quick ;;
    --longer) profile=longer ;;
    --no-build) build=false ;;
    --merge) merge=true ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) include+=("$1") ;;
  esac
  shift
done

if $build; then
  echo "bench: building (mvn -B -q -DskipTests package -pl benchmarks -am)" >&2
  mvn -B -q -DskipTests package -pl benchmarks -am
fi
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "bench: $jar missing; run without --no-build" >&2; exit 1; }

out=benchmarks/results
mkdir -p "$out"
shared="${CLEAN_SHARED_DIR:-$(cd .. && pwd)/shared}"
fixture="$shared/fixtures/cln-0.33/else_break_inside_while.wasm"

run_json="$out/jmh.json"
if $merge; then
  run_json="$(mktemp --suffix=.json)"
fi
jmh_args=(-rf json -rff "$run_json")
if [ "$profile" = quick ]; then
  jmh_args+=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
elif [ "$profile" = longer ]; then
  jmh_args+=(-f 1 -wi 4 -w 2s -i 5 -r 2s)
fi
if [ -f "$fixture" ]; then
  echo "bench: real Clean fixtures found in $shared/fixtures/cln-0.33" >&2
else
  echo "bench: $fixture is absent: fixture cases skipped (B5 fixtureStart, B6/P6 module=fixture)" >&2
  jmh_args+=(-e 'ExecutionModeBenchmark\.fixtureStart' -p module=guest)
fi
jvm_props=(-Dclean.shared.dir="$shared" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

# P8: a JDK with virtual threads (the benchmarks compile for 17, so the default java may be 17).
major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
vt_java=""
for candidate in "${JDK21_HOME:+$JDK21_HOME/bin/java}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$(command -v java)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] && [ "$(major "$candidate")" -ge 21 ] 2>/dev/null; then
    vt_java="$candidate"
    break
  fi
done
p8=VirtualThreadsBenchmark
run_p8=true
run_main=true
if [ ${#include[@]} -gt 0 ]; then
  printf '%s\n' "${include[@]}" | grep -q "VirtualThreads" || run_p8=false
  printf '%s\n' "${include[@]}" | grep -vq "VirtualThreads" || run_main=false
fi

start=$(date +%s)
echo "bench: JMH, $profile profile" >&2
# JMH forks inherit the launcher's -D options.
if $run_main; then
  java "${jvm_props[@]}" -jar "$jar" "${jmh_args[@]}" -e "$p8" "${include[@]}"
elif ! $merge; then
  rm -f "$run_json" # only P8 was asked for: the results are P8's alone, as for any other regex
fi
if $run_p8; then
  if [ -n "$vt_java" ]; then
    echo "bench: P8 ($p8) on $vt_java" >&2
    p8_json="$(mktemp --suffix=.json)"
    p8_args=("${jmh_args[@]}")
    p8_args[3]="$p8_json" # the value after -rff
    java "${jvm_props[@]}" -jar "$jar" -jvm "$vt_java" "${p8_args[@]}" "$p8"
    java -cp "$jar" org.cleanhost.benchmarks.report.MergeResults "$run_json" "$p8_json" "$run_json"
    rm -f "$p8_json"
  else
    echo "bench: no JDK 21+ found (set JDK21_HOME): P8 $p8 skipped" >&2
  fi
fi
if $merge; then
  java -cp "$jar" org.cleanhost.benchmarks.report.MergeResults "$out/jmh.json" "$run_json" "$out/jmh.json"
  rm -f "$run_json"
fi

if [ ${#include[@]} -eq 0 ] || printf '%s\n' "${include[@]}" | grep -qi 'memory\|B4'; then
  echo "bench: B4 heap per pending future (PendingFutureMemory)" >&2
  java "${jvm_props[@]}" -Xms1g -Xmx1g -cp "$jar" org.cleanhost.benchmarks.PendingFutureMemory "$out/memory.json" 100000 3
elif ! $merge; then
  rm -f "$out/memory.json"
fi

if [ -f "$fixture" ] && { [ ${#include[@]} -eq 0 ] || printf '%s\n' "${include[@]}" | grep -qi 'latency\|InstanceAcquire\|P6'; }; then
  echo "bench: P6 interleaved newInstance latency (InstanceLatency)" >&2
  java "${jvm_props[@]}" -cp "$jar" org.cleanhost.benchmarks.InstanceLatency "$out/latency.json" 40
elif ! $merge; then
  rm -f "$out/latency.json"
fi

java -Djava.awt.headless=true -cp "$jar" org.cleanhost.benchmarks.report.BenchReport \
  "$out/jmh.json" "$out/memory.json" "$out" "$profile$($merge && echo ', merged into the earlier results') ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
echo "bench: done in $(( $(date +%s) - start )) s (plus the build); see $out/results.md" >&2
