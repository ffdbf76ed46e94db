#!/bin/sh
# Our fused kernel against numpy's softmax(Q Kᵀ/√d) V, float32, on the same .npy inputs, in one run.
# Usage: bench/compare.sh [rounds] [reps]        (run from anywhere; defaults 3 rounds × 5 reps)
#   ATTENTION_JAVA_OPTS  extra JVM options (default: --add-modules jdk.incubator.vector, the SIMD path;
#                        -Dattention.kernel.simd=false measures the scalar path)
#   BIG=1                also runs n = m = 65536, d = 64 in -Xmx1g (ours only; numpy would need 16 GiB)
# Rounds alternate numpy and ours so a load spike on this shared machine hits both; medians are over all reps.
set -e
cd "$(dirname "$0")/.."
rounds=${1:-3}
reps=${2:-5}
opts=${ATTENTION_JAVA_OPTS:---add-modules jdk.incubator.vector}
mvn -q -Pbench -pl attention-benchmarks -am -DskipTests package
jar=attention-benchmarks/target/benchmarks.jar
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
compare() { java $opts -Xmx4g -cp "$jar" dev.attention.benchmarks.Compare "$@" 2>/dev/null; }

names="n256_m256_d64 n1024_m1024_d64 n4096_m4096_d64 b256_n64_m64_d32"
compare generate "$dir" n256_m256_d64 0 256 256 64
compare generate "$dir" n1024_m1024_d64 0 1024 1024 64
compare generate "$dir" n4096_m4096_d64 0 4096 4096 64
compare generate "$dir" b256_n64_m64_d32 256 64 64 32

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(java -version 2>&1 | head -1); numpy $(python3 -c 'import numpy; print(numpy.__version__)')"
echo "java options: $opts; rounds $rounds × reps $reps"
echo "load before: $(uptime | sed 's/.*load/load/')"
echo "numpy sgemm (2048², float32): $(python3 bench/numpy_reference.py sgemm) GFLOP/s"
r=0
while [ "$r" -lt "$rounds" ]; do
  python3 bench/numpy_reference.py time "$dir" "$reps" $names
  for name in $names; do
    compare run "$dir" "$name" "$reps" >> "$dir/ours.log"
  done
  r=$((r + 1))
done
# ours.log lines: NAME median min path peakMiB [sorted seconds]; keep every rep.
sed 's/\[//; s/\]//; s/,//g' "$dir/ours.log" | awk '{ printf "%s", $1; for (i = 6; i <= NF; i++) printf " %s", $i; print "" }' > "$dir/ours.times"
echo "path: $(awk '{ print $4 }' "$dir/ours.log" | sort -u | tr '\n' ' ')"
python3 bench/numpy_reference.py report "$dir" $names
echo "load after: $(uptime | sed 's/.*load/load/')"

if [ "${BIG:-0}" = 1 ]; then
  compare generate "$dir" n65536_m65536_d64 0 65536 65536 64
  echo "n = m = 65536, d = 64, no weights, -Xmx1g (time in s, peak RSS from /usr/bin/time):"
  /usr/bin/time -f "peak RSS %M KiB, wall %e s" java $opts -Xmx1g -cp "$jar" dev.attention.benchmarks.Compare \
      run "$dir" n65536_m65536_d64 1 2>&1 | grep -v '^WARNING: Using incubator'
fi
