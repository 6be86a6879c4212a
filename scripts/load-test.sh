#!/usr/bin/env bash
# Load test, on demand (not in CI): the real local cluster (`stack up`), the job deployed with an untrained
# model of a preset (speed does not depend on weights), frames at a steady rate for N minutes. Every window
# (30 s) it records throughput, latency p50/p95/p99 (capture to detection, from each detection's
# captureTime/processingTime), and the TaskManager's RSS (/proc/<pid>/status VmRSS) and used heap (jstat).
# At the end: a table, the memory slope in MB/min (least squares), and exactly-once counts.
#
#   scripts/load-test.sh [--minutes 10] [--fps 7] [--preset seed] [--window 30] [--batch-size 8]
#
# Pick --fps below what the model sustains here (`./detector bench stream --preset seed` prints the raw
# images/s); about 70% of it keeps the queue short. Environment: LOAD_WORK (default target/load),
# LOAD_KAFKA_PORT/LOAD_CONTROLLER_PORT/LOAD_REST_PORT/LOAD_RPC_PORT (default 9092/9093/8081/6123),
# DETECTOR_SKIP_BUILD=1 to use the built jars as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

MINUTES=10 FPS=7 PRESET=seed WINDOW=30 BATCH=8
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --fps) FPS=$2; shift 2 ;;
    --preset) PRESET=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --batch-size) BATCH=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

WORK="${LOAD_WORK:-$ROOT/target/load}"
STACK_DIR="$WORK/stack"
KAFKA_PORT="${LOAD_KAFKA_PORT:-9092}"
REST_PORT="${LOAD_REST_PORT:-8081}"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
CLUSTER="http://127.0.0.1:$REST_PORT"
MODEL_DIR="$WORK/model-$PRESET-untrained"
RESULTS="$WORK/results.jsonl"
SAMPLES="$WORK/memory.tsv"          # seconds since start, TaskManager pid, RSS MB, heap used MB, 1-min load average
CAMERA=load
TOTAL=$(awk -v f="$FPS" -v m="$MINUTES" 'BEGIN { printf "%d", f * m * 60 }')
BACKGROUND=()

log() { echo "[load $(date +%T)] $*"; }
fail() { echo "LOAD TEST FAILED: $*" >&2; exit 1; }

on_exit() {
  local rc=$?
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  ./detector stack down --dir "$STACK_DIR" >/dev/null 2>&1 || true
  exit "$rc"
}
trap on_exit EXIT

# RSS and used heap of the TaskManager, in MB; "-" when it cannot be read.
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo -; }
heap_mb() {
  command -v jstat >/dev/null || { echo -; return; }
  # jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ...; used heap = S0U + S1U + EU + OU (KB).
  jstat -gc "$1" 2>/dev/null | awk 'NR == 2 { printf "%.0f", ($3 + $4 + $6 + $8) / 1024 }' || echo -
}

mkdir -p "$WORK"
rm -rf "$STACK_DIR" "$RESULTS" "$SAMPLES"

log "model and frames"
[ -f "$MODEL_DIR/model.json" ] || ./detector model export-untrained --preset "$PRESET" --out "$MODEL_DIR"
[ -d "$WORK/synth/obj" ] || ./detector data synth --images 100 --seed 5 --out "$WORK/synth" >/dev/null

log "stack up"
./detector stack up --dir "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port "${LOAD_CONTROLLER_PORT:-9093}" \
  --rest-port "$REST_PORT" --jobmanager-rpc-port "${LOAD_RPC_PORT:-6123}" >/dev/null
log "deploy the job with the untrained $PRESET model (batch size $BATCH)"
./detector deploy --cluster "$CLUSTER" --wait-running -- \
  --bootstrap-servers "$BOOTSTRAP" --model "$MODEL_DIR" --batch-size "$BATCH" --async-capacity $(( BATCH * 4 )) \
  >"$WORK/deploy.log"

./detector consume --bootstrap "$BOOTSTRAP" --json --follow >"$RESULTS" 2>"$WORK/consume.log" &
BACKGROUND+=("$!")

log "$TOTAL frames at $FPS fps for $MINUTES min; a sample every $WINDOW s"
START_MS=$(date +%s%3N)
./detector produce --bootstrap "$BOOTSTRAP" --source "$WORK/synth/obj" --loop --limit "$TOTAL" --fps "$FPS" \
  --camera-id "$CAMERA" >"$WORK/produce.log" 2>&1 &
PRODUCER=$!
BACKGROUND+=("$PRODUCER")

windows=$(( MINUTES * 60 / WINDOW ))
for i in $(seq 1 "$windows"); do
  target_ms=$(( START_MS + i * WINDOW * 1000 ))
  sleep "$(awk -v t="$target_ms" -v n="$(date +%s%3N)" 'BEGIN { d = (t - n) / 1000; printf "%.3f", (d > 0 ? d : 0) }')"
  tm=$(cat "$STACK_DIR/run/taskmanager.pid" 2>/dev/null || echo 0)
  printf '%d\t%s\t%s\t%s\t%s\n' $(( i * WINDOW )) "$tm" "$(rss_mb "$tm")" "$(heap_mb "$tm")" \
    "$(cut -d' ' -f1 /proc/loadavg)" >>"$SAMPLES"
  log "$(( i * WINDOW )) s: $(grep -c "\"cameraId\":\"$CAMERA\"" "$RESULTS" || true) results, TaskManager RSS $(rss_mb "$tm") MB"
done
wait "$PRODUCER" || fail "the producer failed: $(tail -n 3 "$WORK/produce.log")"

log "draining: waiting up to 120 s for the last results (committed at the next checkpoint)"
deadline=$(( $(date +%s) + 120 ))
until [ "$(grep -c "\"cameraId\":\"$CAMERA\"" "$RESULTS" || true)" -ge "$TOTAL" ] || [ "$(date +%s)" -ge "$deadline" ]; do
  sleep 2
done
sleep 12   # one more checkpoint: a duplicate would show now

# ------------------------------------------------------------------------------------------------ report
# Detections as "window<TAB>latency_ms<TAB>sequence"; dead letters as "L<TAB>sequence".
awk -F',' -v head="{\"cameraId\":\"$CAMERA\"" -v start="$START_MS" -v w="$WINDOW" '$1 == head && /}$/ {
    split($2, s, ":")
    if ($3 ~ /^"captureTime"/) { split($3, c, ":"); split($4, p, ":"); printf "%d\t%d\t%d\n", int((p[2] - start) / (w * 1000)), p[2] - c[2], s[2] }
    else printf "L\t%d\n", s[2] }' "$RESULTS" >"$WORK/rows.tsv"
records=$(wc -l <"$WORK/rows.tsv")
unique=$(awk -F'\t' '{ print ($1 == "L" ? $2 : $3) }' "$WORK/rows.tsv" | sort -un | awk -v n="$TOTAL" '$1 >= 0 && $1 < n' | wc -l)
letters=$(grep -c '^L' "$WORK/rows.tsv" || true)

{
  echo "Load test: preset $PRESET (untrained), $FPS frames/s for $MINUTES min ($TOTAL frames), batch $BATCH," \
       "$(nproc) cores, $(date -u +%FT%TZ)"
  echo
  echo "| window end | detections/s | latency p50 ms | p95 ms | p99 ms | TaskManager RSS MB | heap used MB | load avg |"
  echo "|---|---|---|---|---|---|---|---|"
  { grep -v '^L' "$WORK/rows.tsv" || true; } | sort -t$'\t' -k1,1n -k2,2n | awk -F'\t' -v w="$WINDOW" -v samples="$SAMPLES" '
    function flush() {
      if (n == 0) return
      t = (win + 1) * w
      mem = (t in rss) ? rss[t] " | " heap[t] " | " load[t] : "- | - | -"
      printf "| %d:%02d | %.1f | %d | %d | %d | %s |\n", t / 60, t % 60, n / w,
        v[int(0.50 * (n - 1)) + 1], v[int(0.95 * (n - 1)) + 1], v[int(0.99 * (n - 1)) + 1], mem
    }
    BEGIN { FS = "\t"; while ((getline line < samples) > 0) { split(line, f, "\t"); rss[f[1]] = f[3]; heap[f[1]] = f[4]; load[f[1]] = f[5] } }
    $1 != win && NR > 1 { flush(); n = 0 }
    { win = $1; v[++n] = $2 }
    END { flush() }'
  echo
  # Least squares of MB against minutes, over all samples and over the second half (after warm-up).
  for column in 3:RSS 4:heap; do
    awk -F'\t' -v col="${column%%:*}" -v name="${column#*:}" '$col != "-" { x[++n] = $1 / 60; y[n] = $col }
      function slope(from,   i, sx, sy, sxx, sxy, m) {
        m = n - from + 1; if (m < 2) return "n/a"
        for (i = from; i <= n; i++) { sx += x[i]; sy += y[i]; sxx += x[i] * x[i]; sxy += x[i] * y[i] }
        return sprintf("%+.2f", (m * sxy - sx * sy) / (m * sxx - sx * sx))
      }
      END { printf "TaskManager %s slope: %s MB/min over all %d samples, %s MB/min over the second half (first %s MB, last %s MB)\n",
            name, slope(1), n, slope(int(n / 2) + 1), y[1], y[n] }' "$SAMPLES"
  done
  echo "Frames: $TOTAL produced, $records results ($((records - letters)) detections, $letters dead letters)," \
       "$((records - unique)) duplicates, $((TOTAL - unique)) losses (read_committed, by camera and sequence)"
  echo "Latency: frame capture (producer clock) to detection (the job's processingTime); a read_committed consumer" \
       "sees it at the next checkpoint (every 10 s) on top."
} | tee "$WORK/load-report.md"
[ "$records" -eq "$TOTAL" ] && [ "$unique" -eq "$TOTAL" ] || fail "not exactly one result per frame (see above)"
