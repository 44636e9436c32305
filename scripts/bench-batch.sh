#!/usr/bin/env bash
# Times `crimetag batch` over the real press-release archive with /usr/bin/time -v:
# 1 and 2 threads, inputs of about 10, 40 and 400 MB of text (the archive cut
# or repeated), then the peers (scripts/peers.py, when Python has scikit-learn
# and fasttext-wheel) on the same archive, one thread, sentence split and tag only.
# Writes a markdown table to benches/results.md and prints it.
# Usage: scripts/bench-batch.sh [archive.jsonl.gz]
set -euo pipefail
cd "$(dirname "$0")/.."
archive="${1:-../shared/data/us-prosecutor-press-releases.jsonl.gz}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/crimetag

zcat "$archive" > "$work/40.jsonl"
lines=$(wc -l < "$work/40.jsonl")
head -n $((lines / 4)) "$work/40.jsonl" > "$work/10.jsonl"
for _ in $(seq 10); do cat "$work/40.jsonl"; done > "$work/400.jsonl"

out=benches/results.md
{
  echo "# Batch throughput"
  echo
  echo "Measured by \`scripts/bench-batch.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)."
  echo "Whole pipeline: read JSONL, normalise, segment, tokenize, classify, extract counts, write JSON (to /dev/null)."
  echo "Each crimetag row is the median of three runs; the peers run once."
  echo "MB is megabytes of document text (the \`text\` fields)."
  echo
  echo "| tool | threads | input | documents | text MB | seconds | MB/s | peak RSS MB |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$out"

# A crimetag configuration run three times (this shared machine's speed varies
# from minute to minute); the row is the run of median time, with the largest
# peak memory of the three. Arguments: label, threads, input size, extra flags.
time_crimetag() {
  local label=$1 threads=$2 size=$3
  shift 3
  for run in 1 2 3; do
    /usr/bin/time -v "$bin" batch --input "$work/$size.jsonl" --output /dev/null --threads "$threads" "$@" 2> "$work/log.$run" || true
  done
  median=$(for run in 1 2 3; do echo "$(grep -oP 'errors in \K[0-9.]+(?=s)' "$work/log.$run") $run"; done | sort -n | sed -n 2p | cut -d' ' -f2)
  log="$work/log.$median"
  docs=$(grep -oP '^\d+(?= documents,)' "$log")
  secs=$(grep -oP 'errors in \K[0-9.]+(?=s)' "$log")
  mbps=$(grep -oP '[0-9.]+(?= MB/s\))' "$log")
  mb=$(python3 -c "print(f'{$mbps * $secs:.1f}')")
  rss=$(cat "$work"/log.[123] | grep -oP 'Maximum resident set size \(kbytes\): \K\d+' | sort -n | tail -1)
  echo "| $label | $threads | ${size} MB | $docs | $mb | $secs | $mbps | $((rss / 1024)) |" >> "$out"
}

for size in 10 40 400; do
  for threads in 1 2; do
    time_crimetag crimetag "$threads" "$size"
  done
done
# Worst case: every sentence tagged afresh, as on text without repeated page furniture.
for threads in 1 2; do
  time_crimetag "crimetag, sentence cache off" "$threads" 40 --no-sentence-cache
done

if python3 -c "import sklearn, fasttext" 2>/dev/null; then
  python3 scripts/peers.py throughput "$archive" --json "$work/peers.json" > "$work/peers.log"
  python3 - "$work/peers.json" >> "$out" <<'PY'
import json, sys
for peer, row in json.load(open(sys.argv[1]))["peers"].items():
    print(f"| {peer} (Python, split + tag only) | 1 | 40 MB | {row['documents']} | {row['megabytes']:.1f} | {row['seconds']:.2f} | {row['mb_per_s']:.2f} | |")
PY
else
  echo >> "$out"
  echo "Peers not run: install scikit-learn and fasttext-wheel (pip) to include them." >> "$out"
fi
cat "$out"
