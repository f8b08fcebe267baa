#!/usr/bin/env bash
# Opens a `lightvm bench` report in headless Chromium (no network), checks that the page rendered its tables and
# plots, and writes report.png beside it. Usage: ops/check-report.sh docs/benchmarks/<driver> [width] [height]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

dir="${1:?usage: ops/check-report.sh REPORT_DIR [width] [height]}"
width="${2:-1400}"
height="${3:-6000}"
html="$(cd "$dir" && pwd)/report.html"
[[ -f "$html" ]] || { echo "check-report: no report.html in $dir" >&2; exit 1; }
ensure_packages chromium

flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-extensions --hide-scrollbars
       --user-data-dir="$(mktemp -d)" --proxy-server=127.0.0.1:9 --virtual-time-budget=5000)
dom="$(timeout 120 chromium "${flags[@]}" --dump-dom "file://$html" 2>/dev/null)"
tables=$(grep -o '<table' <<<"$dom" | wc -l)
plots=$(grep -o '<svg' <<<"$dom" | wc -l)
if (( tables == 0 )); then
  echo "check-report: Chromium rendered $html without a single table" >&2
  exit 1
fi
timeout 120 chromium "${flags[@]}" --window-size="$width,$height" --screenshot="$(dirname "$html")/report.png" "file://$html" >/dev/null 2>&1
[[ -s "$(dirname "$html")/report.png" ]] || { echo "check-report: Chromium wrote no screenshot" >&2; exit 1; }
echo "check-report: $html renders in headless Chromium: $tables tables, $plots plots; screenshot $(dirname "$html")/report.png"
