#!/usr/bin/env bash
# Same-session comparison of our sgemm with OpenBLAS (through Debian's numpy), so that the ratio
# does not depend on how busy the machine was on the day the anchors were taken.
#   bash bench/compare-openblas.sh [--quick]
# Needs: Debian's python3-numpy and libopenblas0-pthread (../shared/bench-ref/setup.sh installs
# them) and a built bench jar (./mvnw -B -T1 -q -pl tensor,bench package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
REF=$(cd "${BENCH_REF:-../shared/bench-ref}" && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
QUICK=${1:-}
SG="--samples 11 --min-time 0.1"; [ "$QUICK" = --quick ] && SG="--samples 5 --min-time 0.05"
out=$(mktemp -d)
for t in 1 2; do
  echo "openblas sgemm, $t thread(s)..." >&2
  (cd "$out" && env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t \
     /usr/bin/python3 "$REF/sgemm.py" --lib numpy --threads $t $SG --json "$out/numpy_t$t.json" > "$out/numpy_t$t.txt")
done
echo "autodidact sgemm..." >&2
"$JAVA" --add-modules jdk.incubator.vector -jar bench/target/autodidact-bench.jar $QUICK --only matmul 2>/dev/null > "$out/ours.jsonl"
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
ref = {}
for t in (1, 2):
    data = json.load(open(os.path.join(out, f"numpy_t{t}.json")))
    rows = data.get("results", data) if isinstance(data, dict) else data
    for r in rows:
        key = (r["M"], r["K"], r["N"], bool(r.get("transA", False)))
        ref[(key, t)] = r.get("gflops_median", r.get("gflops"))
for line in open(os.path.join(out, "ours.jsonl")):
    if not line.startswith("{"):
        continue
    o = json.loads(line)
    shape, flags = o["shape"].split(":")
    if "@" in shape:
        print(line.strip()); continue
    m, k, n = map(int, shape.split("x"))
    b = ref.get(((m, k, n, flags[0] == "T"), o["threads"]))
    o["openblas_gflops_same_session"] = b
    o["ratio_same_session"] = round(o["gflops"] / b, 2) if b else None
    print(json.dumps(o))
PY
