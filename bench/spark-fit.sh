#!/bin/bash
# The cost of one fit epoch on Spark (local[2], the shaded jar on the class path a cluster provides,
# as spark-submit runs it) against `attention fit` on the same config and data, both whole processes.
# Per epoch = (time of E epochs − time of 1 epoch) / (E − 1), so start-up and loading cancel out.
# Usage: bench/spark-fit.sh [runs] [epochs]   (defaults 3 and 11; medians; needs `mvn -DskipTests verify`
#   of attention-spark and attention-cli first, for target/attention-spark.jar and the cluster class path)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
epochs=${2:-11}
root=$PWD
jar=$root/attention-spark/target/attention-spark.jar
cp_file=$root/attention-spark/target/cluster-classpath.txt
launcher=$root/attention-cli/target/bin/attention
[ -f "$jar" ] && [ -f "$cp_file" ] && [ -x "$launcher" ] || { echo "build first: mvn -o -DskipTests verify" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp examples/which-element-matters/train.csv examples/which-element-matters/train-labels.csv "$dir/"
for e in 1 "$epochs"; do
  # Full batch, no early stopping: every epoch is one step over all 1200 training sequences.
  sed -e "s/^  epochs: .*/  epochs: $e/" -e '/early-stopping/d' -e 's/^  batch-size: .*/  batch-size: 0/' \
    examples/which-element-matters/fit.yaml > "$dir/fit$e.yaml"
done
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
spark() {
  SPARK_LOCAL_IP=127.0.0.1 java $opens -Dspark.master='local[2]' -Dspark.ui.enabled=false \
    -cp "$jar:$(cat "$cp_file")" dev.attention.spark.Main fit "$1" "$dir/out-spark" > "$dir/spark.log" 2>&1
}
cli() { "$launcher" fit "$1" -o "$dir/out-cli" > "$dir/cli.log" 2>&1; }
ms() { local t0 t1; t0=$(date +%s%N); "$@"; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Spark and the CLI alternate within each run, so drift on a shared machine hits both.
for r in $(seq "$runs"); do
  for e in 1 "$epochs"; do
    for kind in spark cli; do ms $kind "$dir/fit$e.yaml" >> "$dir/$kind$e.all"; done
  done
done
for f in "$dir"/*.all; do median < "$f" > "${f%.all}"; done
s1=$(cat "$dir/spark1"); sE=$(cat "$dir/spark$epochs"); c1=$(cat "$dir/cli1"); cE=$(cat "$dir/cli$epochs")
awk -v s1="$s1" -v sE="$sE" -v c1="$c1" -v cE="$cE" -v e="$epochs" 'BEGIN {
  ps = (sE - s1) / (e - 1); pc = (cE - c1) / (e - 1);
  printf "which-element-matters, full batch (1200 training sequences), %d vs 1 epochs, medians\n", e;
  printf "%-28s %10s %10s %12s\n", "", "1 epoch ms", e " epochs ms", "per epoch ms";
  printf "%-28s %10d %10d %12.0f\n", "attention fit", c1, cE, pc;
  printf "%-28s %10d %10d %12.0f\n", "Spark local[2] fit", s1, sE, ps;
  printf "ratio Spark / attention fit per epoch: %.2f\n", ps / pc }'
