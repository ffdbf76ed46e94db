#!/bin/sh
# Hundreds of `kill -9` of a child JVM at random instants while it commits output sets, each time
# checking the surviving folder is one whole set (KilledCommitTest; CI runs 15).
# Usage: tools/kill-commits.sh [KILLS] [SEED]     (default 300 kills, a new seed each time)
set -e
cd "$(dirname "$0")/.."
KILLS=${1:-300}
SEED_OPT=${2:+-Dattention.kills.seed=$2}
exec mvn -q -o -pl attention-io -am verify -Dtest=KilledCommitTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dattention.kills="$KILLS" $SEED_OPT
