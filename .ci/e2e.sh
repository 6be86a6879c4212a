#!/usr/bin/env bash
# End to end on a real local cluster: `stack up` (Kafka JVM + Flink JobManager + TaskManager), deploy the
# streaming job through Flink's REST API, produce 50 valid frames, expect exactly 50 detections, 0 dead
# letters and no job restart; then upgrade mid-stream (`job stop --savepoint`, `deploy --from-savepoint`
# with a changed option) while 50 more frames flow: exactly 100 detections, 0 duplicates, 0 lost; `stack down`.
# After the first 50, it scrapes the TaskManager's Prometheus endpoint: the job's counters must say 50 frames
# received, 50 inferred, 50 detections, 0 dead letters, 50 end-to-end latencies, and Kafka lag must be exported.
# Needs curl (Flink's REST API).
# Checked by hand on 2026-11-26 with a tiny model: stack up 15 s, deploy --wait-running 18 s, 100 of 100.
# Checked by hand on 2026-12-01: the TaskManager scrape after 50 frames read framesReceived 50, framesInferred 50,
# detectionsEmitted 50, endToEndLatencyMillis_count 50, every kind_deadLetters 0, class_faces 18 + 32.
# Called by .ci/run after `mvn -B verify`, which leaves cli/target/{facemask-cli.jar,lib} and local-runtime/target/stack in place.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

export DETECTOR_SKIP_BUILD=1            # .ci/run has just built everything
FRAMES="${E2E_FRAMES:-100}"
WORK="${E2E_WORK:-$ROOT/target/e2e}"
STACK_DIR="$WORK/stack"
KAFKA_PORT="${E2E_KAFKA_PORT:-9092}"
REST_PORT="${E2E_REST_PORT:-8081}"
CONTROLLER_PORT="${E2E_CONTROLLER_PORT:-9093}"
RPC_PORT="${E2E_RPC_PORT:-6123}"
METRICS_PORT="${E2E_METRICS_PORT:-9249}"   # the JobManager's; the TaskManager serves on METRICS_PORT+1
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
CLUSTER="http://127.0.0.1:$REST_PORT"
MODEL_DIR="${E2E_MODEL_DIR:-$WORK/model}"

# Always take the stack down, and on failure show where it broke.
source .ci/stack-exit.sh
trap 'stack_down_on_exit e2e' EXIT

rm -rf "$WORK" && mkdir -p "$WORK"

echo "== frames and model"
./detector data synth --images "$FRAMES" --seed 7 --out "$WORK/synth"
FRAMES_DIR="$WORK/synth/obj"
if [ ! -f "$MODEL_DIR/model.json" ]; then
  # A tiny model is enough here: the test counts results, it does not grade them.
  ./detector data synth --images 300 --seed 42 --out "$WORK/train-data"
  ./detector train --preset tiny --epochs 2 --data "$WORK/train-data" --out "$MODEL_DIR"  # TODO(lead): tune length
fi

echo "== stack up"
start=$(date +%s)
./detector stack up --dir "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
  --rest-port "$REST_PORT" --jobmanager-rpc-port "$RPC_PORT" --metrics-port "$METRICS_PORT"
echo "stack up took $(( $(date +%s) - start )) s"

JOB_OPTIONS=(--bootstrap-servers "$BOOTSTRAP" --model "$MODEL_DIR" --checkpoint-interval-ms 2000
  --frames-topic frames --detections-topic detections --dead-letter-topic dead-letters)
FIRST=$(( FRAMES / 2 ))
SECOND=$(( FRAMES - FIRST ))
consume_expect() {  # every frame is a valid image: exactly $1 detections, 0 dead letters, no duplicates
  ./detector consume --bootstrap "$BOOTSTRAP" --topic detections --dead-letter-topic dead-letters \
    --expect "$1" --expect-dead-letters 0 --idle-timeout 20s >"$WORK/results.txt"
}
restarts_of() {  # the job's failures in the scheduler's exception history (numRestarts, through the metric fetcher's cache, can lag)
  local body
  body=$(curl -fsS --max-time 5 "$CLUSTER/jobs/$1/exceptions") || { echo "no exception history for job $1" >&2; return 1; }
  printf '%s' "$body" | jq -r '.exceptionHistory.entries | length'
}
job_id_in() { sed -n 's/^Job id: //p' "$1"; }
OPERATOR=flink_taskmanager_job_task_operator_
metric_sum() {  # metric_sum FILE NAME [LABEL_FILTER]: the sum of NAME over every operator instance in a scrape
  awk -v name="$2" -v filter="${3:-}" 'index($0, name "{") == 1 || index($0, name " ") == 1 {
      if (filter == "" || index($0, filter) > 0) sum += $NF } END { printf "%d\n", sum }' "$1"
}
expect_metric() {  # expect_metric FILE NAME VALUE [LABEL_FILTER]
  local got; got=$(metric_sum "$1" "$OPERATOR$2" "${4:-}")
  [ "$got" = "$3" ] || { echo "metric $OPERATOR$2${4:+ $4} is $got, expected $3" >&2; exit 1; }
}

echo "== deploy"
./detector deploy --cluster "$CLUSTER" --wait-running -- "${JOB_OPTIONS[@]}" | tee "$WORK/deploy.log"
JOB_ID=$(job_id_in "$WORK/deploy.log")
[ -n "$JOB_ID" ] || { echo "no job id in the deploy output" >&2; exit 1; }

echo "== produce $FIRST frames, expect exactly $FIRST detections and 0 dead letters"
./detector produce --bootstrap "$BOOTSTRAP" --topic frames --source "$FRAMES_DIR" --limit "$FIRST" --camera-id cam-a
consume_expect "$FIRST"
restarts=$(restarts_of "$JOB_ID")
[ "$restarts" = 0 ] || { echo "the job restarted ${restarts:-?} times" >&2; exit 1; }

echo "== scrape the TaskManager's Prometheus endpoint: the job's counters after $FIRST frames"
TM_METRICS="http://127.0.0.1:$(( METRICS_PORT + 1 ))/metrics"
curl -fsS --max-time 10 "$TM_METRICS" >"$WORK/metrics.txt"
grep -E "^${OPERATOR}(framesReceived|framesInferred|detectionsEmitted|kind_deadLetters|class_faces|endToEndLatencyMillis|inferenceLatencyMillis_count|batchSize_count|queueDepth|pendingRecords|KafkaSourceReader_KafkaConsumer_records_lag_max)" \
  "$WORK/metrics.txt" | sed -E 's/(host|job_id|job_name|operator_id|task_attempt_id|task_attempt_num|task_id|task_name|tm_id)="[^"]*",?//g; s/,\}/}/' \
  | tee "$WORK/metrics-job.txt"
expect_metric "$WORK/metrics.txt" framesReceived "$FIRST"
expect_metric "$WORK/metrics.txt" framesInferred "$FIRST"
expect_metric "$WORK/metrics.txt" detectionsEmitted "$FIRST"
expect_metric "$WORK/metrics.txt" endToEndLatencyMillis_count "$FIRST"
expect_metric "$WORK/metrics.txt" kind_deadLetters 0
expect_metric "$WORK/metrics.txt" queueDepth 0
grep -q "^${OPERATOR}pendingRecords" "$WORK/metrics.txt" || { echo "no Kafka consumer lag (pendingRecords) in $TM_METRICS" >&2; exit 1; }
faces=$(metric_sum "$WORK/metrics.txt" "${OPERATOR}class_faces")
echo "FIGURE: e2e prometheus $TM_METRICS frames_received=$FIRST frames_inferred=$FIRST detections=$FIRST dead_letters=0 faces=$faces"

echo "== upgrade mid-stream: $SECOND frames at 10 fps; stop with a savepoint, redeploy from it with --batch-size 4"
./detector produce --bootstrap "$BOOTSTRAP" --topic frames --source "$FRAMES_DIR" --limit "$SECOND" \
  --camera-id cam-b --fps 10 >"$WORK/produce-b.log" &
producer=$!
sleep 2
t_stop=$(date +%s%3N)
./detector job stop --cluster "$CLUSTER" --savepoint "$WORK/savepoints" | tee "$WORK/stop.log"
SAVEPOINT=$(sed -n 's/^Savepoint: //p' "$WORK/stop.log")
[ -n "$SAVEPOINT" ] || { echo "no savepoint path in the stop output" >&2; exit 1; }
kill -0 "$producer" 2>/dev/null && mid=yes || mid=no
./detector deploy --cluster "$CLUSTER" --wait-running --from-savepoint "$SAVEPOINT" -- "${JOB_OPTIONS[@]}" \
  --batch-size 4 | tee "$WORK/redeploy.log"
t_running=$(date +%s%3N)
NEW_JOB_ID=$(job_id_in "$WORK/redeploy.log")
wait "$producer"
consume_expect "$FRAMES"
restarts=$(restarts_of "$NEW_JOB_ID")
[ "$restarts" = 0 ] || { echo "the redeployed job restarted ${restarts:-?} times" >&2; exit 1; }
echo "FIGURE: e2e upgrade frames=$FRAMES detections=$FRAMES dead_letters=0 duplicates=0 losses=0" \
     "producer_running_at_stop=$mid stop_to_redeployed_running_s=$(( (t_running - t_stop) / 1000 ))" \
     "job_restarts=0"

echo "== e2e passed"
