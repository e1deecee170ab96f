#!/usr/bin/env bash
# Fuzz the scenario loader, validator, expression parser, engine and rubric reader with libFuzzer.
#
#   Fuzz/run.sh [SECONDS] [JOBS]     default: 600 seconds, 1 job
#
# Builds the CoachFuzz target with the fuzzer and address sanitizers into .build-fuzz, seeds a
# working corpus from the bundled scenarios (and a few expressions and the rubric), then runs.
# Crashes are written to Fuzz/crashes/; turn each into a regression input under
# Tests/CoachCoreTests/FuzzRegressions/ so the test suite replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
jobs="${2:-1}"

# Linked with lld: the default gold linker has been seen to drop the coverage counters, leaving a
# binary that fuzzes blind. The check below refuses such a binary.
swift build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -use-ld=lld --product CoachFuzz \
  --scratch-path .build-fuzz
binary=".build-fuzz/release/CoachFuzz"
if ! objdump -h "$binary" | grep -q __sancov_cntrs; then
  echo "error: $binary has no coverage instrumentation; refusing to fuzz blind" >&2
  exit 1
fi

corpus=Fuzz/corpus-work
mkdir -p "$corpus" Fuzz/crashes
# Seeds: byte 0 selects the mode (0 scenario, 1 expression, 2 rubric).
for file in Scenarios/*.json; do
  case "$file" in *schema.json) continue ;; esac
  name=$(basename "$file" .json)
  if [ "$name" = rubric ]; then
    { printf '\002'; cat "$file"; } > "$corpus/seed-rubric"
  else
    { printf '\000'; cat "$file"; } > "$corpus/seed-$name"
  fi
done
i=0
for expression in 'a >= 2 and not b' 'visited("s") or visits("r") > 1' 'a += 1' 'b = not b' '(a - -1) == 3'; do
  printf '\001%s' "$expression" > "$corpus/seed-expression-$i"
  i=$((i + 1))
done
cp -n Tests/CoachCoreTests/FuzzRegressions/* "$corpus/" 2>/dev/null || true

options=(-max_total_time="$seconds" -max_len=262144 -timeout=10 -rss_limit_mb=2048
  -artifact_prefix=Fuzz/crashes/ -print_final_stats=1)
if [ "$jobs" -gt 1 ]; then options+=(-jobs="$jobs" -workers="$jobs"); fi
SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" "${options[@]}"
