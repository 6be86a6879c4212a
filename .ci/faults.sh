#!/usr/bin/env bash
# Faults on a real local cluster (issue 6): one `stack up`, one deploy of the real DetectionJob, then in turn
#   1. TaskManager killed (SIGKILL by pid) while frames flow, started again: 0 duplicates, 0 losses;
#   2. Kafka broker stopped for 10 s while frames flow, started again on its data: 0 duplicates, 0 losses;
#   3. model folder deleted while the job runs: it keeps serving; after a TaskManager restart the job
#      fails with a message naming the folder, within a bounded time;
#   4. on a second stack of 2 TaskManagers (1 slot each) with the job at parallelism 2, one TaskManager
#      killed (SIGKILL by pid) while two cameras' frames flow, one per partition, started again:
#      0 duplicates, 0 losses (issue 9).
# Each fault prints one `FIGURE:` line. Frames and results are counted by (camera, sequence) from a
# read_committed consumer (`consume --follow --json`); every frame must end as exactly one detection or
# dead letter, and since every frame here is a valid image, as exactly one detection (0 dead letters).
# Each fault has its own camera id, so its sequences 0..N-1 are its frames.
# Called by .ci/run after e2e.sh; reuses e2e's tiny model (a copy: fault 3 deletes it) or trains one.
# FAULTS="1 3" (or any subset of 1 2 3 4) runs only those faults; the default is all four.
# Needs curl and jq (Flink's REST API, the consumer's JSON lines). Checked by hand on 2026-11-26: about 3 minutes on 2 cores; fault 4 adds about 2.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

export DETECTOR_SKIP_BUILD=1            # .ci/run has just built everything
WORK="${FAULTS_WORK:-$ROOT/target/faults}"
STACK_DIR="$WORK/stack"
KAFKA_PORT="${FAULTS_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${FAULTS_CONTROLLER_PORT:-9093}"
REST_PORT="${FAULTS_REST_PORT:-8081}"
RPC_PORT="${FAULTS_RPC_PORT:-6123}"
METRICS_PORT="${FAULTS_METRICS_PORT:-9249}"   # Prometheus: JobManager; TaskManager n on METRICS_PORT+n
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
CLUSTER="http://127.0.0.1:$REST_PORT"
MODEL_SOURCE="${FAULTS_MODEL_SOURCE:-$ROOT/target/e2e/model}"
MODEL_DIR="$WORK/model"
FPS="${FAULTS_FPS:-15}"                 # well below what the tiny model sustains here, so lag is the fault's
FRAMES="${FAULTS_FRAMES:-300}"          # per flowing fault: 20 s at 15 fps
CHECKPOINT_MS=2000
STACK_TIMEOUT_S="${FAULTS_STACK_TIMEOUT_S:-90}"   # how long `stack up` waits in fault 4 (more on a loaded machine)
RESULTS="$WORK/results.jsonl"
BACKGROUND=()

log() { echo "[faults $(date +%T)] $*"; }
fail() { echo "FAULTS FAILED: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# Always stop what this script started (by pid) and the stack; on failure show where it broke.
on_exit() {
  local rc=$?
  for pid in "${BACKGROUND[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ] && [ -d "$STACK_DIR/logs" ]; then
    echo "== faults failed (exit $rc); last errors in the stack's logs:" >&2
    for f in "$STACK_DIR"/logs/{kafka,jobmanager,taskmanager*}.log; do
      [ -f "$f" ] && { echo "-- $f" >&2; grep -E 'ERROR|Exception' "$f" | tail -n 5 >&2 || true; }
    done
  fi
  ./detector stack down --dir "$STACK_DIR" >/dev/null 2>&1 || true
  exit "$rc"
}
trap on_exit EXIT

# --- results, by camera: "sequence<TAB>D|L<TAB>captureTime<TAB>processingTime" (D detection, L dead letter)
results_of() {
  # Only whole lines: the consumer may be mid-line, and `fromjson?` drops a partial one. A detection
  # carries captureTime and processingTime (epoch ms); a dead letter has neither.
  jq -R -r --arg camera "$1" 'fromjson? | select(.cameraId == $camera)
      | if has("captureTime") then "\(.sequence)\tD\t\(.captureTime)\t\(.processingTime)"
        else "\(.sequence)\tL\t0\t0" end' "$RESULTS"
}
unique_in_range() { results_of "$1" | cut -f1 | sort -un | awk -v n="$2" '$1 >= 0 && $1 < n' | wc -l; }

# Waits until camera $1 has all $2 sequences, then two more checkpoints for late duplicates; prints
# "records unique duplicates losses detections dead_letters output_gap_s max_latency_s".
await_results() {
  local camera=$1 expected=$2 timeout_s=$3 deadline=$(( $(date +%s) + $3 ))
  while [ "$(unique_in_range "$camera" "$expected")" -lt "$expected" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 1
  done
  sleep $(( 2 * CHECKPOINT_MS / 1000 + 1 ))
  local rows; rows=$(results_of "$camera")
  local records unique detections gap latency
  records=$(grep -c . <<<"$rows" || true)
  unique=$(unique_in_range "$camera" "$expected")
  detections=$(awk -F'\t' '$2 == "D"' <<<"$rows" | wc -l)
  # Largest pause between committed detections (ms, by processing time), and the largest capture-to-detection time.
  gap=$(awk -F'\t' '$2 == "D" { print $4 }' <<<"$rows" | sort -n \
        | awk 'NR > 1 && $1 - prev > m { m = $1 - prev } { prev = $1 } END { printf "%.1f", m / 1000 }')
  latency=$(awk -F'\t' '$2 == "D" && $4 - $3 > m { m = $4 - $3 } END { printf "%.1f", m / 1000 }' <<<"$rows")
  echo "$records $unique $(( records - unique )) $(( expected - unique )) $detections $(( records - detections )) $gap $latency"
}

# Waits until camera $1 has at least $2 results (frames are flowing through the job), for at most $3 s (90).
await_flowing() {
  local limit=${3:-90}
  local deadline=$(( $(date +%s) + limit ))
  until [ "$(results_of "$1" | wc -l)" -ge "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "no results for camera $1 within $limit s: is the job running? ($CLUSTER)"
    sleep 0.5
  done
}

# --- Flink REST (curl, and jq for its JSON)
rest() { curl -fsS --max-time 5 "$CLUSTER$1"; }
# Prints "running" when the job and every vertex run, "down" when not, "unknown" when REST does not answer.
job_tasks() {
  local json; json=$(rest "/jobs/$JOB_ID") || { echo unknown; return; }
  jq -r 'if .state == "RUNNING" and (.vertices | length) > 0 and all(.vertices[]; .status == "RUNNING")
         then "running" else "down" end' <<<"$json"
}
num_restarts() {
  local n; n=$(rest "/jobs/$JOB_ID/metrics?get=numRestarts" 2>/dev/null | jq -r '.[0].value // empty' 2>/dev/null)
  echo "${n:-0}"
}
# The job's failures at or after $1 (epoch ms), from the scheduler's exception history. numRestarts comes
# through the JobManager's metric fetcher, which answers from a cache and refreshes it after the answer:
# the first read after a quiet spell can miss the last restart (CI counted fault 1's restart in fault 2).
failures_since() {
  local json; json=$(rest "/jobs/$JOB_ID/exceptions") || { echo "unknown"; return; }
  jq -r --argjson t "$1" '[.exceptionHistory.entries[] | select(.timestamp >= $t)] | length' <<<"$json"
}
# The exception names of those failures, for the failure message.
failure_names_since() {
  rest "/jobs/$JOB_ID/exceptions" 2>/dev/null | jq -r --argjson t "$1" \
    '[.exceptionHistory.entries[] | select(.timestamp >= $t) | "\(.exceptionName) in \(.taskName // "the job")"] | join("; ")'
}
# Waits until the job runs again after a failure that began at $1 (ms) with the TaskManager start pid $2
# in flight: the failure must have been seen (a task not running, or a restart counted) and the
# TaskManager started. Sets RECOVERY_S and TM_STARTED_S.
await_recovery() {
  local t0=$1 starting=$2 restarts_before; restarts_before=$3
  local seen_down=0 deadline=$(( $(date +%s) + 150 )) state
  TM_STARTED_S=""
  while true; do
    if [ -z "$TM_STARTED_S" ] && ! kill -0 "$starting" 2>/dev/null; then
      wait "$starting" || fail "the TaskManager did not start again: $(tail -n 3 "$WORK/tm-up.log")"
      TM_STARTED_S=$(seconds_since "$t0")
    fi
    state=$(job_tasks)
    [ "$state" = down ] && seen_down=1
    if [ "$state" = running ] && [ -n "$TM_STARTED_S" ] \
        && { [ "$seen_down" = 1 ] || [ "$(num_restarts)" -gt "$restarts_before" ]; }; then
      RECOVERY_S=$(seconds_since "$t0")
      return
    fi
    [ "$(date +%s)" -lt "$deadline" ] \
      || fail "the job did not run again within 150 s (tasks: $state, failure seen: $seen_down, restarts: $(num_restarts))"
    sleep 0.5
  done
}

produce_in_background() { # camera frames fps
  ./detector produce --bootstrap "$BOOTSTRAP" --source "$FRAMES_DIR" --loop --limit "$2" --fps "$3" \
    --camera-id "$1" >"$WORK/produce-$1.log" 2>&1 &
  PRODUCER=$!
  BACKGROUND+=("$PRODUCER")
}
await_producer() {
  wait "$PRODUCER" || fail "producing frames for $1 failed: $(tail -n 3 "$WORK/produce-$1.log")"
}
pid_of() { cat "$STACK_DIR/run/$1.pid"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

rm -rf "$WORK" && mkdir -p "$WORK"
command -v curl >/dev/null || fail "curl is needed to read Flink's REST API"
command -v jq >/dev/null || fail "jq is needed to read the consumer's JSON lines and Flink's REST API (apt-get install jq)"

log "frames and model"
./detector data synth --images 40 --seed 11 --out "$WORK/synth" >/dev/null
FRAMES_DIR="$WORK/synth/obj"
if [ -f "$MODEL_SOURCE/model.json" ]; then
  cp -r "$MODEL_SOURCE" "$MODEL_DIR"
else
  # A tiny model is enough: faults count results, they do not grade them.
  ./detector data synth --images 300 --seed 42 --out "$WORK/train-data" >/dev/null
  ./detector train --preset tiny --epochs 2 --data "$WORK/train-data" --out "$MODEL_DIR" >/dev/null
fi
cp -r "$MODEL_DIR" "$WORK/model-2tm"   # fault 3 deletes $MODEL_DIR; fault 4 deploys this copy

# The stack of faults 1-3: 1 TaskManager of 2 slots, the job at parallelism 1.
first_stack_up() {
  log "stack up"
  ./detector stack up --dir "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
    --rest-port "$REST_PORT" --jobmanager-rpc-port "$RPC_PORT" --metrics-port "$METRICS_PORT" >/dev/null

  log "deploy (checkpoints every $CHECKPOINT_MS ms; Flink's default restart strategy with checkpoints: exponential delay)"
  ./detector deploy --cluster "$CLUSTER" --wait-running -- \
    --bootstrap-servers "$BOOTSTRAP" --model "$MODEL_DIR" --checkpoint-interval-ms "$CHECKPOINT_MS" >"$WORK/deploy.log"
  JOB_ID=$(sed -n 's/^Job id: //p' "$WORK/deploy.log")
  [ -n "$JOB_ID" ] || fail "no job id in $(cat "$WORK/deploy.log")"

  ./detector consume --bootstrap "$BOOTSTRAP" --json --follow >"$RESULTS" 2>"$WORK/consume.log" &
  CONSUMER=$!
  BACKGROUND+=("$CONSUMER")
}

# ---------------------------------------------------------------------------------------------- fault 1
fault_1() {
  log "fault 1: SIGKILL the TaskManager while $FRAMES frames flow at $FPS fps, then start it again"
  produce_in_background fault-tm-kill "$FRAMES" "$FPS"
  await_flowing fault-tm-kill 45
  restarts_before=$(num_restarts)
  killed=$(pid_of taskmanager)
  t_kill=$(now_ms)
  kill -KILL "$killed"
  ./detector stack up --dir "$STACK_DIR" >"$WORK/tm-up.log" 2>&1 &
  await_recovery "$t_kill" "$!" "$restarts_before"
  await_producer fault-tm-kill
  read -r records unique dups losses dets letters gap latency < <(await_results fault-tm-kill "$FRAMES" 120)
  # The restored committer commits the checkpoint's transaction again; if the killed TaskManager had already
  # committed it, Kafka answers "fenced" and Flink logs an ERROR that warns of data loss. The counts say whether any.
  fenced=$(grep -c "because its producer is already fenced" "$STACK_DIR/logs/taskmanager.log" || true)
  echo "FIGURE: tm-kill frames=$FRAMES results=$records detections=$dets dead_letters=$letters duplicates=$dups losses=$losses" \
       "recovery_s=$RECOVERY_S (SIGKILL pid $killed to all tasks RUNNING; new TaskManager registered after ${TM_STARTED_S} s)" \
       "output_gap_s=$gap max_latency_s=$latency fenced_recommit_errors_logged=$fenced"
  # Every frame is a valid image: each must end as a detection, none as a dead letter.
  [ "$dups" -eq 0 ] && [ "$losses" -eq 0 ] && [ "$records" -eq "$FRAMES" ] && [ "$dets" -eq "$FRAMES" ] && [ "$letters" -eq 0 ] \
    || fail "TaskManager kill: $records results ($dets detections, $letters dead letters) for $FRAMES valid frames, $dups duplicates, $losses losses"
}

# ---------------------------------------------------------------------------------------------- fault 2
fault_2() {
  log "fault 2: stop the Kafka broker for 10 s while $FRAMES frames flow at $FPS fps, then start it again"
  t_fault=$(now_ms)
  produce_in_background fault-broker "$FRAMES" "$FPS"
  await_flowing fault-broker 45
  broker=$(pid_of kafka)
  t_stop=$(now_ms)
  kill -TERM "$broker"
  while kill -0 "$broker" 2>/dev/null; do sleep 0.2; done   # a graceful broker stop takes a few seconds
  stopped_s=$(seconds_since "$t_stop")
  sleep 10
  ./detector stack up --dir "$STACK_DIR" >/dev/null &
  restarting=$!
  until port_open "$KAFKA_PORT"; do kill -0 "$restarting" 2>/dev/null || break; sleep 0.1; done
  unavailable_s=$(seconds_since "$t_stop")
  wait "$restarting" || fail "the broker did not start again: $(tail -n 3 "$STACK_DIR/logs/kafka.out")"
  await_producer fault-broker
  read -r records unique dups losses dets letters gap latency < <(await_results fault-broker "$FRAMES" 180)
  restarts=$(failures_since "$t_fault")
  echo "FIGURE: broker-restart frames=$FRAMES results=$records detections=$dets dead_letters=$letters duplicates=$dups losses=$losses" \
       "broker_unavailable_s=$unavailable_s (SIGTERM to the port open again: ${stopped_s} s to stop, 10 s down, then start-up)" \
       "job_restarts=$restarts" \
       "output_gap_s=$gap max_latency_s=$latency"
  [ "$dups" -eq 0 ] && [ "$losses" -eq 0 ] && [ "$records" -eq "$FRAMES" ] && [ "$dets" -eq "$FRAMES" ] && [ "$letters" -eq 0 ] \
    || fail "broker restart: $records results ($dets detections, $letters dead letters) for $FRAMES valid frames, $dups duplicates, $losses losses"
  # The README's reliability table says the job rides out a broker restart without restarting.
  [ "$restarts" = 0 ] || fail "broker restart: the job failed $restarts times (README claims no job restart): $(failure_names_since "$t_fault")"
}

# ---------------------------------------------------------------------------------------------- fault 3
fault_3() {
  served=60
  log "fault 3: delete the model folder while the job runs; $served frames must still get detections"
  rm -rf "$MODEL_DIR"
  produce_in_background fault-model "$served" "$FPS"
  await_producer fault-model
  read -r records unique dups losses dets letters gap latency < <(await_results fault-model "$served" 90)
  [ "$dets" -eq "$served" ] && [ "$records" -eq "$served" ] && [ "$letters" -eq 0 ] && [ "$dups" -eq 0 ] \
    || fail "model folder gone: the running job gave $dets detections and $letters dead letters for $served frames"
  log "then SIGKILL the TaskManager and start it again: the job must fail naming $MODEL_DIR"
  kill -KILL "$(pid_of taskmanager)"
  ./detector stack up --dir "$STACK_DIR" >/dev/null
  t_started=$(now_ms)
  deadline=$(( $(date +%s) + 90 ))
  until [[ $(rest "/jobs/$JOB_ID/exceptions" 2>/dev/null) == *"Model folder not found: $MODEL_DIR"* ]]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "no failure naming $MODEL_DIR within 90 s of the TaskManager restart (a hang?)"
    sleep 0.5
  done
  failed_s=$(seconds_since "$t_started")
  message=$(rest "/jobs/$JOB_ID/exceptions" | grep -o "Model folder not found: $MODEL_DIR[^\"\\]*" | head -n 1)
  state=$(rest "/jobs/$JOB_ID" | grep -o '"state":"[A-Z]*"' | head -n 1)
  echo "FIGURE: model-gone served_after_delete=$dets/$served restart_failed_after_s=$failed_s (TaskManager up to the failure)" \
       "job $state message=\"$message\""
}

# ---------------------------------------------------------------------------------------------- fault 4
fault_4() {
  log "fault 4: a second stack of 2 TaskManagers with 1 slot each, the job at parallelism 2"
  if [ -n "${CONSUMER:-}" ]; then      # faults 1-3 ran on the first stack: it goes first
    kill "$CONSUMER" 2>/dev/null || true
    ./detector stack down --dir "$STACK_DIR" >/dev/null
  fi
  STACK_DIR="$WORK/stack-2tm"            # fresh Kafka data: its topics get one partition per slot, 2
  RESULTS="$WORK/results-2tm.jsonl"
  ./detector stack up --dir "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
    --rest-port "$REST_PORT" --jobmanager-rpc-port "$RPC_PORT" --taskmanagers 2 --slots 1 --timeout "$STACK_TIMEOUT_S" \
    >"$WORK/stack-2tm-up.log"
  ./detector deploy --cluster "$CLUSTER" --wait-running -- --bootstrap-servers "$BOOTSTRAP" --model "$WORK/model-2tm" \
    --checkpoint-interval-ms "$CHECKPOINT_MS" --parallelism 2 >"$WORK/deploy-2tm.log"
  JOB_ID=$(sed -n 's/^Job id: //p' "$WORK/deploy-2tm.log")
  [ -n "$JOB_ID" ] || fail "no job id in $(cat "$WORK/deploy-2tm.log")"
  ./detector consume --bootstrap "$BOOTSTRAP" --json --follow >"$RESULTS" 2>"$WORK/consume-2tm.log" &
  BACKGROUND+=("$!")

  # A fresh job's first frames wait for TensorFlow to load in both TaskManagers (44 s on a loaded
  # machine): warm both up first, on cameras of their own (murmur2 puts tm2-warmup-0 on partition 0,
  # tm2-warmup-1 on 1), so that the kill below lands in a flowing stream.
  log "fault 4: warm-up, 2 frames through each TaskManager"
  for camera in tm2-warmup-0 tm2-warmup-1; do
    produce_in_background "$camera" 2 0
    await_producer "$camera"
  done
  for camera in tm2-warmup-0 tm2-warmup-1; do await_flowing "$camera" 2 240; done

  # The record key is the camera id, and Kafka's default partitioner (murmur2 of the key) puts tm2-cam-0
  # on partition 1 and tm2-cam-1 on partition 0: with 2 slots, each TaskManager's subtasks carry one camera.
  cameras=(tm2-cam-0 tm2-cam-1)
  per_camera=$(( FRAMES / 2 ))
  camera_fps=$(awk -v f="$FPS" 'BEGIN { print f / 2 }')
  log "fault 4: SIGKILL taskmanager-2 while 2 x $per_camera frames flow at 2 x $camera_fps fps, then start it again"
  producers=()
  for camera in "${cameras[@]}"; do
    produce_in_background "$camera" "$per_camera" "$camera_fps"
    producers+=("$PRODUCER")
  done
  for camera in "${cameras[@]}"; do await_flowing "$camera" 5 240; done
  # The kill must land while frames still flow, or it tests nothing in flight.
  for p in "${producers[@]}"; do
    kill -0 "$p" 2>/dev/null || fail "fault 4 came too late: every frame of a camera was produced before the kill"
  done
  restarts_before=$(num_restarts)
  killed=$(pid_of taskmanager-2)
  t_kill=$(now_ms)
  kill -KILL "$killed"
  ./detector stack up --dir "$STACK_DIR" --timeout "$STACK_TIMEOUT_S" >"$WORK/tm-up.log" 2>&1 &   # only the missing TaskManager
  await_recovery "$t_kill" "$!" "$restarts_before"
  for i in "${!cameras[@]}"; do
    wait "${producers[$i]}" || fail "producing frames for ${cameras[$i]} failed: $(tail -n 3 "$WORK/produce-${cameras[$i]}.log")"
  done
  total_records=0 total_dets=0 total_letters=0 total_dups=0 total_losses=0 max_gap=0 max_latency=0
  for camera in "${cameras[@]}"; do
    read -r records unique dups losses dets letters gap latency < <(await_results "$camera" "$per_camera" 120)
    [ "$dups" -eq 0 ] && [ "$losses" -eq 0 ] && [ "$records" -eq "$per_camera" ] && [ "$dets" -eq "$per_camera" ] && [ "$letters" -eq 0 ] \
      || fail "2 TaskManagers, camera $camera: $records results ($dets detections, $letters dead letters) for $per_camera valid frames, $dups duplicates, $losses losses"
    total_records=$(( total_records + records )) total_dets=$(( total_dets + dets )) total_letters=$(( total_letters + letters ))
    total_dups=$(( total_dups + dups )) total_losses=$(( total_losses + losses ))
    max_gap=$(awk -v a="$max_gap" -v b="$gap" 'BEGIN { print (b > a ? b : a) }')
    max_latency=$(awk -v a="$max_latency" -v b="$latency" 'BEGIN { print (b > a ? b : a) }')
  done
  fenced=$(cat "$STACK_DIR"/logs/taskmanager*.log | grep -c "because its producer is already fenced" || true)
  echo "FIGURE: tm-kill-2tm taskmanagers=2 parallelism=2 frames=$(( 2 * per_camera )) results=$total_records detections=$total_dets" \
       "dead_letters=$total_letters duplicates=$total_dups losses=$total_losses" \
       "recovery_s=$RECOVERY_S (SIGKILL taskmanager-2, pid $killed, to all tasks RUNNING; new TaskManager registered after ${TM_STARTED_S} s)" \
       "output_gap_s=$max_gap max_latency_s=$max_latency fenced_recommit_errors_logged=$fenced"
}

FAULTS="${FAULTS:-1 2 3 4}"   # FAULTS=4 .ci/faults.sh runs only the 2-TaskManager fault
if [[ " $FAULTS " == *" 1 "* || " $FAULTS " == *" 2 "* || " $FAULTS " == *" 3 "* ]]; then
  first_stack_up
fi
for fault in $FAULTS; do
  "fault_$fault"
done
log "all faults passed"
