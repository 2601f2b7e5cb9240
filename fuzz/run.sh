#!/usr/bin/env bash
# Fuzzing campaign for every parser of outside input (needs the nightly toolchain and cargo-fuzz:
# `cargo install cargo-fuzz`). Seeds come from the golden vectors and real sheets.
#   fuzz/run.sh            the long campaign: 20 minutes per target
#   fuzz/run.sh 20         the smoke run that .ci/run does
# Findings land in fuzz/artifacts/TARGET/; add each as a regression test before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-1200}
targets=(text_scan line_reader share_bytes combine qr_rxing qr_rqrr image_scan)
for t in "${targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done
cp tests/vectors/*.txt fuzz/corpus/text_scan/
cp tests/vectors/*.txt fuzz/corpus/line_reader/
cp fuzz/seeds/share_bytes/* fuzz/corpus/share_bytes/
cp fuzz/seeds/share_bytes/* fuzz/corpus/combine/
cp fuzz/seeds/image_scan/* fuzz/corpus/image_scan/
cp fuzz/seeds/qr_decode/* fuzz/corpus/qr_rxing/
cp fuzz/seeds/qr_decode/* fuzz/corpus/qr_rqrr/
for t in "${targets[@]}"; do
  # The parsers are safe Rust: without AddressSanitizer they run many times faster. The image
  # decoders underneath image_scan contain unsafe code, so that target keeps the sanitizer.
  sanitizer=none
  # (Only in the long campaign: the smoke run in CI skips the second, sanitized build of every
  # dependency, which costs it minutes.)
  [ "$t" = image_scan ] && [ "$secs" -ge 60 ] && sanitizer=address
  # Typed text is short (two password shares are about 1.2 KB): capping its inputs at 2 KiB keeps
  # the text parser at ~13 000 runs a second instead of ~2 300, with the same coverage.
  # The QR decoders get buffers of at most 64 x 64 pixels (3 + 4096 bytes): rxing then runs
  # ~2 800 times a second; rqrr ~300 (its perspective fitting costs ~28 ms a code; docs/BENCHMARKS.md).
  len=()
  case "$t" in text_scan | line_reader) len=(-max_len=2048) ;; qr_*) len=(-max_len=4099) ;; esac
  echo "== fuzz $t for ${secs}s (sanitizer: $sanitizer)"
  cargo +nightly fuzz run --fuzz-dir fuzz -s "$sanitizer" "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$secs" "${len[@]}" -dict=fuzz/dict/share.dict -rss_limit_mb=4096 -timeout=20 \
    -print_final_stats=1 2>&1 | grep -E "^(stat::|#[0-9]+ +DONE|==|SUMMARY|.*(panicked|ERROR))" || true
  if [ -n "$(ls -A "fuzz/artifacts/$t" 2>/dev/null)" ]; then
    echo "fuzz target $t found a problem: see fuzz/artifacts/$t" >&2
    exit 1
  fi
done
