#!/usr/bin/env bash
# Renders docs/gallery/*.png from the shipped examples with the attention CLI.
# Run from anywhere after `mvn -q -DskipTests package`; the results go to a temporary folder,
# only the pictures are kept. Re-run after changing the renderer and commit the PNGs.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/attention-cli/target/attention.jar"
out="$root/docs/gallery"
if [[ ! -f "$jar" ]]; then
  echo "render_gallery: $jar not found; run 'mvn -q -DskipTests package' first" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

for example in translation-alignment self hard local-p area pooling; do
  java -jar "$jar" run "$root/examples/$example/config.yaml" --out "$tmp/$example" \
    --heatmap "$out/$example.png" > /dev/null
  size=$(wc -c < "$out/$example.png")
  if (( size > 100000 )); then
    echo "render_gallery: $example.png is $size bytes; keep gallery pictures under 100 KB" >&2
    exit 1
  fi
  echo "docs/gallery/$example.png ($size bytes)"
done

# The image example's held-out run, its pooling weights drawn over the 4 × 4 patch grid.
java -jar "$jar" run "$root/examples/images/predict.yaml" --out "$tmp/images" \
  --heatmap "$out/images.png" > /dev/null
echo "docs/gallery/images.png ($(wc -c < "$out/images.png") bytes)"
