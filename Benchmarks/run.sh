#!/usr/bin/env bash
# Builds Coach and the benchmarks in release mode and runs them; prints a Markdown table.
#
#   Benchmarks/run.sh [--quick] [--only load|analyze|startup|export|engine|turn|dashboard]
#   Benchmarks/run.sh load-test [--processes 16] [--attempts 1000]
#
# Generated stories and stores are kept in Benchmarks/data (ignored by git) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product coach
# A path dependency can leave a stale file list behind; start its build description afresh.
rm -f Benchmarks/.build/*/release/description.json
swift build -c release --package-path Benchmarks --product coach-bench
bench=Benchmarks/.build/release/coach-bench
mkdir -p Benchmarks/data
command=all
if [ "${1:-}" = load-test ]; then command=load-test; shift; fi
"$bench" "$command" --coach "$PWD/.build/release/coach" --data Benchmarks/data --scenarios Scenarios "$@"
