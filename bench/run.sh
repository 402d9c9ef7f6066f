#!/usr/bin/env bash
# One command for the OmniHub benchmark (see bench/README.md):
#   bench/run.sh quick            # CI-sized, under 2 minutes on an idle 2-core machine
#   bench/run.sh full             # warm-up 30 s, measure 60 s, 3 repetitions, 10k SKUs, 100k queued events
#   bench/run.sh full --jfr=/tmp/hub.jfr --workloads=ingest,latency   # any option of the harness
# Builds what it needs first (mvn -q -DskipTests install); skip that with --no-build or BENCH_NO_BUILD=1.
# Extra Maven options (e.g. -o for offline) go in MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-quick}"
[[ $# -gt 0 ]] && shift
build=1
[[ "${BENCH_NO_BUILD:-0}" == "1" ]] && build=0
args=()
for a in "$@"; do
  if [[ "$a" == "--no-build" ]]; then build=0; else args+=("$a"); fi
done

if [[ "$build" == "1" ]]; then
  echo "[bench] building: mvn -q -DskipTests ${MVN_ARGS:-} install"
  # shellcheck disable=SC2086
  mvn -q -DskipTests ${MVN_ARGS:-} install
fi
exec java -jar bench/target/omnihub-bench.jar "$mode" ${args[@]+"${args[@]}"}
