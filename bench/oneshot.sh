#!/bin/bash
# One-shot runs as a user makes them: whole processes, the launcher against a numpy script on the
# same .npy inputs, and the launcher's SIMD path against its scalar one (issue 21's targets).
# Usage: bench/oneshot.sh [runs]            (default 5; medians; A and B alternate so drift hits both)
#   SKIP_BUILD=1   use the jar and launcher already built
#   FORMAT=csv     write results as CSV instead of .npy (the comparison with numpy is then skipped)
#   BIG=1          also 8192² to 16384², SIMD forced against scalar (the break-even of decisions 46, 65, 66)
# numpy runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (set on these machines for old
# OpenBLAS builds; they slow a current numpy). Prints one table; exit status 1 when a result
# differs from numpy's beyond 1e-4 (relative to its largest value).
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
format=${FORMAT:-npy}
root=$PWD
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -DskipTests package > /tmp/oneshot-mvn.log 2>&1 || { tail -40 /tmp/oneshot-mvn.log; exit 1; }
fi
launcher=$root/attention-cli/target/bin/attention
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$root/bench/oneshot_numpy.py" "$@"; }
py make "$dir"
for n in 64 256 1024 4096 8192 9472 12288 16384; do
  cat > "$dir/g$n.yaml" <<YAML
name: g$n
dtype: float32
pipeline: {variant: global, alignment: scaled-dot, distribution: softmax}
inputs:
  queries: {file: q$n.npy}
  keys: {file: k$n.npy}
  values: {file: v$n.npy}
output: {weights: false}
YAML
done
cat > "$dir/mha.yaml" <<YAML
name: mha
dtype: float32
pipeline:
  variant: {id: multi-head, heads: 8}
  alignment: scaled-dot
  distribution: softmax
inputs:
  sequence: {file: x-mha.npy}
parameters: {file: mha.safetensors, format: torch-mha}
output: {weights: false}
YAML

# median_ms CMD...: runs the command once (warm-up), then $runs times; prints the median wall ms.
now() { date +%s%N; }
declare -A times
timed() { # key cmd...: one run, appends its wall ms to times[key]
  local key=$1; shift
  local s e
  s=$(now)
  "$@" > /dev/null 2> "$dir/last.err" || { echo "failed: $*" >&2; cat "$dir/last.err" >&2; exit 1; }
  e=$(now)
  times[$key]="${times[$key]:-} $(( (e - s) / 1000000 ))"
}
median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
pair() { # name cmdA -- cmdB: alternate A and B, warm-up once each
  local name=$1; shift
  local a=() b=()
  while [ "$1" != -- ]; do a+=("$1"); shift; done
  shift; b=("$@")
  "${a[@]}" > /dev/null 2>&1 || true
  "${b[@]}" > /dev/null 2>&1 || true
  for _ in $(seq "$runs"); do timed "$name.a" "${a[@]}"; timed "$name.b" "${b[@]}"; done
}
ours() { (cd "$dir" && "$launcher" run "$1" --out "$2" --format "$format"); }
scalar() { (cd "$dir" && JAVA_OPTS=-Dattention.kernel.simd=false "$launcher" run "$1" --out "$2" --format "$format"); }
# SIMD whatever the size (decision 46: run picks scalar below about 1.2e10 estimated multiply-adds (decision 65)).
simd() { (cd "$dir" && JAVA_OPTS=-Dattention.one-shot.simd-from=0 "$launcher" run "$1" --out "$2" --format "$format"); }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(java -version 2>&1 | head -1)"
echo "numpy: $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 -c 'import numpy; print(numpy.__version__)'); runs: $runs (median, after one warm-up); format: $format"
echo "load before: $(uptime | sed 's/.*load/load/')"
pair g4096 ours g4096.yaml out-g4096 -- py global "$dir" 4096
pair mha ours mha.yaml out-mha -- py mha "$dir"
pair seed "$launcher" run "$root/examples/seed-figure-1/config.yaml" --out "$dir/out-seed" -- java -version
for n in 64 256 1024; do
  pair "simd$n" ours "g$n.yaml" "out-s$n" -- scalar "g$n.yaml" "out-c$n"
done
pair simd4096 ours g4096.yaml out-s4096 -- scalar g4096.yaml out-c4096
# What the choice avoids and where it flips: SIMD forced against scalar forced.
pair forced4096 simd g4096.yaml out-f4096 -- scalar g4096.yaml out-c4096
if [ "${BIG:-0}" = 1 ]; then
  for n in 8192 9472 12288 16384; do
    pair "forced$n" simd "g$n.yaml" "out-f$n" -- scalar "g$n.yaml" "out-c$n"
  done
fi
echo "load after: $(uptime | sed 's/.*load/load/')"

status=0
row() { # label key target-description limit-kind
  local a b
  a=$(median "${times[$2.a]}")
  b=$(median "${times[$2.b]}")
  awk -v l="$1" -v a="$a" -v b="$b" -v t="$3" 'BEGIN { printf "%-42s %8.0f ms %8.0f ms %7.2f   %s\n", l, a, b, a / b, t }'
}
printf "%-42s %11s %11s %7s   %s\n" case ours reference ratio target
row "global f32 4096², d 64, vs numpy" g4096 "≤ 1.5"
row "multi-head E 256, 8 heads, 8 × 512, vs numpy" mha "≤ 2"
row "seed example vs java -version" seed "≤ 8"
for n in 64 256 1024 4096; do
  a=$(median "${times[simd$n.a]}"); b=$(median "${times[simd$n.b]}")
  row "global f32 ${n}², launcher vs scalar" "simd$n" "≤ 1.05 + 30 ms: $(awk -v a="$a" -v b="$b" 'BEGIN { print (a <= 1.05 * b + 30) ? "met" : "NOT met" }')"
done
row "global f32 4096², SIMD forced vs scalar" forced4096 "(the cold start run avoids)"
if [ "${BIG:-0}" = 1 ]; then
  for n in 8192 9472 12288 16384; do
    row "global f32 ${n}², SIMD forced vs scalar" "forced$n" "(> 1: scalar's; < 1: SIMD's)"
  done
fi
if [ "$format" = npy ]; then
  echo "max relative difference to numpy: global 4096² $(py compare "$dir/out-g4096/output.npy" "$dir/numpy-g4096.npy"), multi-head $(py compare "$dir/out-mha/output.npy" "$dir/numpy-mha.npy")"
  for f in g4096 mha; do
    d=$(py compare "$dir/out-$f/output.npy" "$dir/numpy-$f.npy")
    awk -v d="$d" 'BEGIN { exit !(d + 0 > 1e-4) }' && { echo "$f differs from numpy: $d" >&2; status=1; }
  done
fi
exit $status
