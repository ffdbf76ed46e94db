#!/bin/sh
# Cost of one appended key for a standing softmax query after 1e3 vs 1e6 keys (see bench/RESULTS.md).
# Usage: bench/stream-append.sh [d] [rounds] [block]      (run from the repository root)
# The shaded CLI jar carries core, the plugins and their dependencies; the benchmark class lives in
# core's test sources so it never ships.
set -e
cd "$(dirname "$0")/.."
mvn -q -o -DskipTests package
exec java -Xmx4g -cp "attention-cli/target/attention.jar:attention-core/target/test-classes" \
    dev.attention.stream.AppendCostBenchmark "$@"
