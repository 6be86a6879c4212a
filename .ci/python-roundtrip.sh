#!/usr/bin/env bash
# Python round trip on a real local cluster: `stack up` (Kafka JVM + Flink JobManager + TaskManager), deploy the
# streaming job with the e2e stage's model, send N frames with clients/python/produce_frames.py, and read exactly
# N detections (0 dead letters, none twice, read_committed) back with clients/python/consume_detections.py; then
# checks that the consumer's --expect fails on one detection too many and on every frame sent twice.
# Needs Debian's python3-confluent-kafka and python3-avro (.ci/run installs them).
# Called by .ci/run after .ci/e2e.sh, whose model (target/e2e/model) it reuses; trains the same tiny one if absent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

export DETECTOR_SKIP_BUILD=1            # .ci/run has just built everything
PY=/usr/bin/python3                     # Debian's Python, where the python3-* packages are
FRAMES="${PY_FRAMES:-20}"
WORK="${PY_WORK:-$ROOT/target/python-roundtrip}"
STACK_DIR="$WORK/stack"
KAFKA_PORT="${E2E_KAFKA_PORT:-9092}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
CLUSTER="http://127.0.0.1:${E2E_REST_PORT:-8081}"
MODEL_DIR="${E2E_MODEL_DIR:-$ROOT/target/e2e/model}"

source .ci/stack-exit.sh
trap 'stack_down_on_exit "python round trip"' EXIT

rm -rf "$WORK" && mkdir -p "$WORK"
"$PY" -c 'import confluent_kafka, avro' || { echo "needs python3-confluent-kafka and python3-avro" >&2; exit 1; }

echo "== frames and model"
./detector data synth --images "$FRAMES" --seed 11 --out "$WORK/synth"
if [ ! -f "$MODEL_DIR/model.json" ]; then
  MODEL_DIR="$WORK/model"               # the e2e stage did not leave one: the same tiny model, counts only
  ./detector data synth --images 300 --seed 42 --out "$WORK/train-data"
  ./detector train --preset tiny --epochs 2 --data "$WORK/train-data" --out "$MODEL_DIR"
fi

echo "== stack up"
./detector stack up --dir "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port "${E2E_CONTROLLER_PORT:-9093}" \
  --rest-port "${E2E_REST_PORT:-8081}" --jobmanager-rpc-port "${E2E_RPC_PORT:-6123}" --timeout 240  # a busy CI machine

echo "== deploy"
./detector deploy --cluster "$CLUSTER" --wait-running -- --bootstrap-servers "$BOOTSTRAP" --model "$MODEL_DIR" \
  --checkpoint-interval-ms 2000 --frames-topic frames --detections-topic detections --dead-letter-topic dead-letters

echo "== produce $FRAMES frames from Python, read exactly $FRAMES detections back in Python"
t_start=$(date +%s%3N)
"$PY" clients/python/produce_frames.py --bootstrap "$BOOTSTRAP" --topic frames --source "$WORK/synth/obj" \
  --limit "$FRAMES" --camera-id py-cam
"$PY" clients/python/consume_detections.py --bootstrap "$BOOTSTRAP" --topic detections \
  --dead-letter-topic dead-letters --expect "$FRAMES" --expect-dead-letters 0 --timeout 180 --idle-timeout 5 \
  | tee "$WORK/detections.txt"
t_done=$(date +%s%3N)
lines=$(grep -c '^py-cam ' "$WORK/detections.txt")
[ "$lines" = "$FRAMES" ] || { echo "printed $lines detection lines for $FRAMES frames" >&2; exit 1; }
echo "== the same check fails when it should: one detection too many for --expect $(( FRAMES - 1 ))"
if "$PY" clients/python/consume_detections.py --bootstrap "$BOOTSTRAP" --expect $(( FRAMES - 1 )) --timeout 60 \
     --idle-timeout 2 >/dev/null 2>"$WORK/too-many.txt"; then
  echo "consume_detections.py --expect $(( FRAMES - 1 )) passed with $FRAMES detections" >&2; exit 1
fi
grep -q "^Read $FRAMES distinct detections, 0 duplicates" "$WORK/too-many.txt"

echo "== and when the same $FRAMES frames (camera, sequence) come again: $FRAMES duplicates"
"$PY" clients/python/produce_frames.py --bootstrap "$BOOTSTRAP" --source "$WORK/synth/obj" --limit "$FRAMES" \
  --camera-id py-cam
if "$PY" clients/python/consume_detections.py --bootstrap "$BOOTSTRAP" --expect "$FRAMES" --timeout 120 \
     --idle-timeout 15 >/dev/null 2>"$WORK/duplicates.txt"; then
  echo "consume_detections.py --expect $FRAMES passed with every frame twice" >&2; exit 1
fi
cat "$WORK/duplicates.txt"
grep -q "^Read $FRAMES distinct detections, $FRAMES duplicates, 0 dead letters" "$WORK/duplicates.txt"

echo "FIGURE: python roundtrip frames=$FRAMES detections=$lines dead_letters=0 duplicates=0" \
     "produce_to_last_detection_plus_idle_s=$(( (t_done - t_start) / 1000 ))"

echo "== python round trip passed"
