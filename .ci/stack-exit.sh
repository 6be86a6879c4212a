# Sourced by the scripts that run a local stack in $STACK_DIR (.ci/e2e.sh, .ci/python-roundtrip.sh):
#   trap 'stack_down_on_exit <name>' EXIT
# always takes the stack down, and on failure shows where it broke.
stack_down_on_exit() {
  local rc=$?
  if [ "$rc" -ne 0 ] && [ -d "$STACK_DIR/logs" ]; then
    echo "== $1 failed (exit $rc); last lines of the stack's logs:" >&2
    for log in "$STACK_DIR"/logs/{kafka,jobmanager,taskmanager}.log; do
      [ -f "$log" ] && { echo "-- $log" >&2; grep -E 'ERROR|Exception' "$log" | tail -n 5 >&2 || true; }
    done
  fi
  ./detector stack down --dir "$STACK_DIR" || true
  exit "$rc"
}
