#!/usr/bin/env bash
# Benchmark of the whole ceremony as a user runs it: `breakglass new -t 2 -n 3` (generate, split,
# self-check every 2-subset, render and write three PDF sheets). Reports the median wall time and the
# peak resident memory over RUNS runs of the release binary, plus the size of one sheet.
# Usage: benches/new.sh [RUNS]   (default 30; needs GNU time at /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
cargo build --release --quiet
bin=target/release/breakglass
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss$i" "$bin" new -t 2 -n 3 --label bench@example.com \
    --out-dir "$work/run$i" >"$work/password$i" 2>/dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $(cat "$work/rss$i")" >> "$work/times"
done
sort -n -k1 "$work/times" | awk -v n="$runs" '{ t[NR] = $1; if ($2 > m) m = $2 }
  END { printf "new -t 2 -n 3: median wall %.2f ms over %d runs (min %.2f, max %.2f); peak RSS %.1f MiB\n",
        t[int((n + 1) / 2)] / 1000, n, t[1] / 1000, t[n] / 1000, m / 1024 }'
printf 'sheet size: %s bytes (share-1-of-3.pdf)\n' "$(stat -c %s "$work/run1/share-1-of-3.pdf")"
