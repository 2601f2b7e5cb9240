#!/usr/bin/env bash
# Hostile input, measured: 1 MB of crafted QR part codes (half claiming 65 535 parts, half parts of
# 10 000 different shares), and texts made to look like the start of a share on every line (40 000
# rows of share lines in columns, 40 000 lines numbered 1, one 960 KB line with spaces), each read by
# `breakglass inspect`. Prints the median wall time and peak memory over RUNS runs of the release
# binary for each (target from the issue: at most 5 s and 256 MiB).
#   benches/hostile.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --locked --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir/hostile.txt" <<'PY'
import random, sys
A = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def b32(b):
    bits = "".join(format(x, "08b") for x in b)
    bits += "0" * (-len(bits) % 5)
    return "".join(A[int(bits[i:i + 5], 2)] for i in range(0, len(bits), 5))
random.seed(1)
lines = []
for i in range(22000):
    head = random.randbytes(10) + bytes([1]) + (1).to_bytes(2, "big") + (65535 if i % 2 else 167).to_bytes(2, "big")
    lines.append("BREAKGLASS-V1-PART:" + b32(head + b"x"))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
open(d + "/columns.txt", "w").write("".join(f"{r:04} AAAA AAAA AAAA AAAA AA   {r + 1:04} AAAA\n" for r in range(1, 40001)))
open(d + "/ones.txt", "w").write("1 AAAA AAAA AAAA AAAA AA AAAA\n" * 40000)
open(d + "/long.txt", "w").write("hello world " * 80000 + "\n")
PY
for name in hostile columns ones long; do
  rm -f "$dir/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" target/release/breakglass inspect "$dir/$name.txt" >/dev/null 2>>"$dir/times" || true
  done
  printf '%-12s %8d bytes: ' "$name.txt" "$(wc -c < "$dir/$name.txt")"
  grep -E '^[0-9.]+ [0-9]+$' "$dir/times" | sort -n | awk '{t[NR]=$1; m[NR]=$2} END {i=int((NR+1)/2); printf "median %.2f s, peak %.1f MiB (over %d runs)\n", t[i], m[i]/1024, NR}'
done
