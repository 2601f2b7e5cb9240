#!/usr/bin/env bash
# breakglass beside the tools a user would otherwise pick, measured on this machine in one run:
#   paper-age (cargo install paper-age)  a printable, passphrase-encrypted QR backup of the password
#   ssss-split / ssss-combine (apt-get install ssss)  Shamir splitting in the terminal
# Prints median wall time, peak memory (GNU time) and output size, and the ratios.
# Usage: benches/peers.sh [RUNS]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
for tool in paper-age ssss-split ssss-combine /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: see the header of $0" >&2; exit 1; }
done
cargo build --release --quiet
bg=$PWD/target/release/breakglass
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
printf 'not-a-real-password-24ch' > secret.txt

# measure NAME CMD... : runs CMD (with RUN substituted by the run number) and records median ms, peak KiB.
measure() {
  local name=$1; shift
  : > "t-$name"
  for i in $(seq "$runs"); do
    local cmd=("${@//RUN/$i}")
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "rss-$name-$i" "${cmd[@]}" < secret.txt > "out-$name-$i" 2>/dev/null
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000 )) $(cat "rss-$name-$i")" >> "t-$name"
  done
  sort -n -k1 "t-$name" | awk -v n="$runs" -v name="$name" \
    '{ t[NR] = $1; if ($2 > m) m = $2 } END { printf "%s %.2f %.1f\n", name, t[int((n + 1) / 2)] / 1000, m / 1024 }' >> results
}

export PAPERAGE_PASSPHRASE=correct-horse-battery-staple
measure bg-new "$bg" new -t 2 -n 3 --label bench@example.com --out-dir bgRUN
measure bg-split-text sh -c "$bg split -t 2 -n 3 --format text --out-dir txtRUN"
measure paper-age paper-age --title bench -o paRUN.pdf -f
measure ssss-split sh -c "ssss-split -t 2 -n 3 -q > ssssRUN.txt"
head -n 2 ssss1.txt > two.txt
measure bg-combine sh -c "$bg combine txt1/share-1-of-3.txt txt1/share-2-of-3.txt"
measure ssss-combine sh -c "ssss-combine -t 2 -q < two.txt"

sheet=$(stat -c %s bg1/share-1-of-3.pdf)
page=$(stat -c %s pa1.pdf)
echo
printf '%-16s %12s %14s\n' tool "median (ms)" "peak RSS (MiB)"
while read -r name ms mib; do printf '%-16s %12s %14s\n' "$name" "$ms" "$mib"; done < results
echo
awk '{ v[$1] = $2; m[$1] = $3 } END {
  printf "new -t 2 -n 3 (3 sheets + record, fingerprint) vs paper-age (1 page): %.1fx faster\n", v["paper-age"] / v["bg-new"];
  printf "peak memory of new: %.1f MiB (paper-age %.1f MiB)\n", m["bg-new"], m["paper-age"];
  printf "split (text) vs ssss-split: %.2fx the time; combine vs ssss-combine: %.2fx\n", v["bg-split-text"] / v["ssss-split"], v["bg-combine"] / v["ssss-combine"] }' results
echo "one breakglass sheet: $sheet bytes; one paper-age page: $page bytes; ratio 1/$(( page / sheet ))"
