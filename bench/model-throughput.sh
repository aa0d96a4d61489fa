#!/bin/bash
# Transformer training and sampling throughput (ModelThroughput), one JVM per measurement,
# optionally followed by the PyTorch reference for same-session ratios (TORCH=1).
#   bash bench/model-throughput.sh            # S and M, 1 and 2 threads
#   PRESETS="S M L" TORCH=1 bash bench/model-throughput.sh
# Needs: ./mvnw -B -T1 -q -pl bench -am compile (runs from the modules' target/classes).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
ROOT=$(cd "$HERE/.." && pwd)
M2=${M2:-$HOME/.m2/repository}/com/fasterxml/jackson/core
CP=$(printf '%s:' "$ROOT"/{bench,tensor,autograd,tokenizer,transformer}/target/classes "$M2"/jackson-databind/2.20.1/*.jar "$M2"/jackson-core/2.20.1/*.jar "$M2"/jackson-annotations/2.20/*.jar)
PRESETS=${PRESETS:-"S M"}
# The options of dev.autodidact.transformer.perf.JvmOptions.MEASURE (serial GC, heap kept near the live set).
JOPTS=${JOPTS:-"-XX:+UseSerialGC -Xmn24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"}
run() { "$JAVA" --add-modules jdk.incubator.vector $JOPTS -cp "$CP" dev.autodidact.bench.ModelThroughput "$@" 2>/dev/null; }
echo "{\"name\":\"load\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
for p in $PRESETS; do
  for t in 1 2; do
    run train "$p" "$t"
    run sample "$p" "$t"
    [ "$p" != L ] && run sample "$p" "$t" --no-cache
  done
done
if [ "${TORCH:-0}" = 1 ]; then
  REF=$HERE/../../shared/bench-ref/tinygpt_torch.py
  [ -f "$REF" ] || REF=/work/shared/bench-ref/tinygpt_torch.py
  OMP="LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp"
  for p in $PRESETS; do
    env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 "$REF" train --cfg "$p" --threads 1 --steps 20 --warmup 5
    env -u OPENBLAS_CORETYPE $OMP OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 "$REF" train --cfg "$p" --threads 2 --steps 20 --warmup 5
    env -u OPENBLAS_CORETYPE $OMP OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 /usr/bin/python3 "$REF" sample --cfg "$p" --threads 2 --runs 5 --runs-nocache 3 --prompt 1
  done
fi
echo "{\"name\":\"load\",\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
