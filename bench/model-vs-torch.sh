#!/bin/bash
# Training throughput, ours and PyTorch back to back (interleaved), for same-session ratios on a
# shared machine: each round runs, per preset and thread count, our measurement and then the
# PyTorch reference's, each in a fresh process, and prints both JSON lines with the load average.
#   ROUNDS=3 PRESETS="S M" THREADS="1 2" bash bench/model-vs-torch.sh > runs.jsonl
#   MODE=sample WARM_RUNS=5 ... : ours after 5 extra full-length warm-up runs (JIT-warm; the
#   reference gets its usual one short warm-up, which is all it needs). Default 0: same protocol.
#   python3 bench/ratio-summary.py runs.jsonl
# Needs: ./mvnw -B -T1 -q -pl bench -am compile, and Debian's python3-torch (../shared/bench-ref/setup.sh).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
M2=${M2:-$HOME/.m2/repository}/com/fasterxml/jackson/core
CP=$(printf '%s:' "$ROOT"/{bench,tensor,autograd,tokenizer,transformer}/target/classes "$M2"/jackson-databind/2.20.1/*.jar "$M2"/jackson-core/2.20.1/*.jar "$M2"/jackson-annotations/2.20/*.jar)
# The options of dev.autodidact.transformer.perf.JvmOptions.MEASURE.
JOPTS=${JOPTS:-"-XX:+UseSerialGC -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"}
REF=$ROOT/../shared/bench-ref/tinygpt_torch.py
[ -f "$REF" ] || REF=/work/shared/bench-ref/tinygpt_torch.py
MODE=${MODE:-train}
load() { cut -d' ' -f1-3 /proc/loadavg; }
for round in $(seq 1 "${ROUNDS:-3}"); do
  for p in ${PRESETS:-S M}; do
    for t in ${THREADS:-1 2}; do
      l0=$(load)
      extra=""; [ "$MODE" = sample ] && extra="--warm-runs ${WARM_RUNS:-0}"
      ours=$("$JAVA" --add-modules jdk.incubator.vector $JOPTS -cp "$CP" dev.autodidact.bench.ModelThroughput "$MODE" "$p" "$t" $extra 2>/dev/null | tail -1)
      echo "{\"who\":\"ours\",\"round\":$round,\"load_before\":\"$l0\",\"line\":$ours}"
      l0=$(load)
      if [ "$t" = 1 ]; then envs="OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1"
      else envs="LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2"; fi
      if [ "$MODE" = train ]; then args="train --cfg $p --threads $t --steps 20 --warmup 5"
      else args="sample --cfg $p --threads $t --runs 5 --runs-nocache 0 --prompt 1"; fi
      out=$(mktemp) && rm -f "$out"
      (cd /tmp && env -u OPENBLAS_CORETYPE $envs /usr/bin/python3 "$REF" $args --json "$out" >/dev/null 2>&1)
      torch=$(tr -d '\n' < "$out" 2>/dev/null); rm -f "$out"
      echo "{\"who\":\"torch\",\"round\":$round,\"load_before\":\"$l0\",\"line\":${torch:-null}}"
    done
  done
done
