#!/bin/sh
# Ours against numpy on the same .npy inputs, in one run: the cases of issue 20, each with ours and
# numpy's median time, the ratio ours/numpy and how far the results differ.
# Usage: bench/compare.sh [rounds] [reps]        (run from anywhere; defaults 3 rounds × 5 reps)
#   ATTENTION_JAVA_OPTS  extra JVM options (default: --add-modules jdk.incubator.vector, the SIMD path;
#                        -Dattention.kernel.simd=false measures the scalar path)
#   QUICK=1              every shape shrunk (a smoke run of the harness, seconds instead of minutes)
#   CASES="a b"          only these cases (names as in the table below)
#   BIG=1                also, ours only: global n = m = 65536, d = 64, and a causal multi-head training
#                        step (float32, batch 1, E = 512, 8 heads, n = 16384), each in a -Xmx1g JVM
# Rounds alternate numpy and ours so a load spike on this shared machine hits both; medians are over
# all reps of all rounds. Every ours run is a fresh JVM per case, warmed up before timing.
# numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (the machine sets them for old
# OpenBLAS builds; they slow a current numpy); the header says which BLAS kernel it ran.
# Exit status 1 when some case's results differ from numpy's beyond the tolerance the table shows.
set -e
cd "$(dirname "$0")/.."
rounds=${1:-3}
reps=${2:-5}
opts=${ATTENTION_JAVA_OPTS:---add-modules jdk.incubator.vector}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# Quiet, but maven -q still prints colour codes: its output is shown only when the build fails.
mvn -q -B -Pbench -pl attention-benchmarks -am -DskipTests package > "$dir/mvn.log" 2>&1 || { cat "$dir/mvn.log"; exit 1; }
jar=attention-benchmarks/target/benchmarks.jar

numpy() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_reference.py "$@"; }
# A Java step; on failure its stderr is shown (it is kept out of the table otherwise).
java_step() {
  heap=$1
  shift
  if ! java $opts "$heap" -cp "$jar" dev.attention.benchmarks.Compare "$@" 2>"$dir/java.err"; then
    grep -v '^WARNING: Using incubator' "$dir/java.err" | tail -20 >&2
    return 1
  fi
}

# name kind dtype b n m d hq hkv  (b = 0 unbatched; multi-head: d = E, hq = heads)
if [ "${QUICK:-0}" = 1 ]; then
  table="
global-f32    global    float32 0 256 256 64 1 1
global-f64    global    float64 0 256 256 64 1 1
causal-f32    causal    float32 0 256 256 64 1 1
cross-lengths cross     float32 2 128 96 64 1 1
gqa-32-8      gqa       float32 1 128 128 64 32 8
mha-fwd       mha       float32 2 64 64 64 8 8
mha-train     mha-train float32 2 64 64 64 8 8"
  big_global=4096 big_mha=1024 big_e=64
else
  table="
global-f32    global    float32 0 4096 4096 64 1 1
global-f64    global    float64 0 4096 4096 64 1 1
causal-f32    causal    float32 0 2048 2048 64 1 1
cross-lengths cross     float32 8 1024 1024 64 1 1
gqa-32-8      gqa       float32 1 2048 2048 64 32 8
mha-fwd       mha       float32 8 512 512 256 8 8
mha-train     mha-train float32 8 512 512 256 8 8"
  big_global=65536 big_mha=16384 big_e=512
fi
echo "$table" | while read -r name spec; do
  [ -n "$name" ] || continue
  case " ${CASES:-$name} " in *" $name "*) ;; *) continue ;; esac
  echo "$name" >> "$dir/names"
  java_step -Xmx4g generate "$dir" "$name" $spec
done
[ -s "$dir/names" ] || { echo "no case named in CASES=$CASES" >&2; exit 2; }
names=$(cat "$dir/names")
quick=""
[ "${QUICK:-0}" = 1 ] && quick="; QUICK=1: small shapes, figures mean nothing"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(java -version 2>&1 | head -1)"
echo "ours: $(java_step -Xmx256m kernel); java options: $opts; rounds $rounds × reps $reps$quick"
echo "numpy: $(numpy blas)"
torch_check="skipped (no python3 with torch; apt-get install python3-torch)"
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import torch' 2>/dev/null; then
    torch_check=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" bench/check_backward_torch.py) || {
      echo "numpy backward vs torch: $torch_check"; exit 1; }
    break
  fi
done
echo "numpy backward vs torch: $torch_check"
echo "load before: $(uptime | sed 's/.*load/load/')"
echo "numpy sgemm (2048², float32): $(numpy sgemm) GFLOP/s"
r=0
while [ "$r" -lt "$rounds" ]; do
  numpy time "$dir" "$reps" $names
  for name in $names; do
    java_step -Xmx4g run "$dir" "$name" "$reps" >> "$dir/ours.log"
  done
  r=$((r + 1))
done
status=0
numpy report "$dir" $names || status=$?
echo "load after: $(uptime | sed 's/.*load/load/')"

if [ "${BIG:-0}" = 1 ]; then
  echo "BIG, ours only, -Xmx1g, one cold call each (numpy would need 16 GiB for the first one's scores):"
  java_step -Xmx1g generate "$dir" big-global global float32 0 "$big_global" "$big_global" 64 1 1
  if line=$(java_step -Xmx1g run "$dir" big-global 1); then
    echo "$line" | awk '{ printf "global float32 n = m = %s, d = 64, no weights: completed in %.2f s, path %s, peak heap %s MiB\n", "'"$big_global"'", $2, $4, $5 }'
  else
    echo "global float32 n = m = $big_global, d = 64, no weights: did NOT complete"
  fi
  # Prints its own line, completed or not (a target, not a harness check: no effect on the exit status).
  java_step -Xmx1g memory "$big_mha" "$big_e" 8 || true
fi
exit $status
