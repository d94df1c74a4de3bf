#!/usr/bin/env bash
# Fuzz one target for a total time, restarting after each finding (libFuzzer stops at the first;
# its -fork mode does not work under atheris). Findings land in fuzz/findings/.
#   fuzz/run.sh clean_html 1800      fuzz/run.sh dumps 1800
set -uo pipefail
target=${1:?clean_html or dumps}; total=${2:-1800}
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
work=${FUZZ_WORK:-/tmp/newsbot-fuzz}/$target
mkdir -p "$work" fuzz/findings
cp -n fuzz/corpus/"${target/clean_/}"/* "$work"/ 2>/dev/null || true
end=$(( $(date +%s) + total ))
while (( $(date +%s) < end )); do
  left=$(( end - $(date +%s) ))
  "$py" "fuzz/fuzz_$target.py" "$work" -max_total_time="$left" -rss_limit_mb=2048 -timeout=20 \
    -max_len=200000 -artifact_prefix="fuzz/findings/$target-" -print_final_stats=1
done
