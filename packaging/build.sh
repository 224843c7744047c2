#!/usr/bin/env bash
# Builds the one-folder desktop bundle (PyInstaller) into dist/ and smoke-tests it:
# the command line creates, exports, lists starts, books and refuses as it should, the
# migrations travel with it, and the window starts (offscreen) and stays up. Prints the bundle's size and timings.
# Usage: packaging/build.sh [PYTHON]   (PYTHON: a venv python; the bundle is built from the
# exact versions of requirements/bundle.txt, which this installs into that venv first)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
"$python" -m pip install --quiet --require-hashes -r requirements/bundle.txt
"$python" -m pip install --quiet --no-deps --no-build-isolation -e .
version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')
bundle="dist/frontdesk-$version"

start=$(date +%s)
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  packaging/frontdesk.spec
cp packaging/frontdesk.desktop resources/icons/frontdesk.svg packaging/install-desktop-entry.sh "$bundle/"
echo "built $bundle in $(( $(date +%s) - start )) s, $(du -sh "$bundle" | cut -f1)"

# --- smoke test, in throw-away user directories ------------------------------------------
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state"
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }

t0=$(date +%s%N)
"$bundle/frontdesk" demo --seed 1 --now 2026-01-15T09:00 >/dev/null || fail "demo"
echo "demo clinic created by the bundle in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
"$bundle/frontdesk" export "$scratch/clinic.json" 2>/dev/null || fail "export"
"$python" - "$scratch/clinic.json" <<'PY' || fail "exported clinic is incomplete"
import json, sys
clinic = json.load(open(sys.argv[1]))
assert len(clinic["therapists"]) == 8 and len(clinic["clients"]) == 300, "demo content"
assert len(clinic["sessions"]) > 1000, "sessions"
PY
set +e
"$bundle/frontdesk" import "$scratch/missing.json" 2>/dev/null; status=$?
set -e
[ "$status" = 2 ] || fail "a missing file should exit 2, got $status"
"$bundle/frontdesk" slots --therapist carter --service individual --date 2026-01-19 --days 14 \
  --now 2026-01-15T09:00 --json >"$scratch/slots.json" || fail "slots"
start=$("$python" -c 'import json, sys
days = json.load(open(sys.argv[1]))["days"]
print(next(s["start"] for d in days for s in d["slots"] if s["status"] == "available"))' \
  "$scratch/slots.json") || fail "no available start in the slots output"
client=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["clients"][0]["key"])' \
  "$scratch/clinic.json")
"$bundle/frontdesk" book --therapist carter --client "$client" --service individual \
  --start "$start" --now 2026-01-15T09:00 --json >/dev/null 2>&1 || fail "book $start"
"$bundle/frontdesk" feeds export --therapist carter "$scratch/carter.ics" --now 2026-01-15T09:00 \
  >/dev/null || fail "feeds export"
grep -q "BEGIN:VEVENT" "$scratch/carter.ics" || fail "the exported calendar has no events"
# The feed server (waitress) from the bundle: a subscribed feed, and a method it refuses.
feed_path=$("$bundle/frontdesk" feeds token create --therapist carter) || fail "feeds token create"
"$bundle/frontdesk" feeds serve --port 0 >"$scratch/serve.out" 2>"$scratch/serve.err" &
served=$!
"$python" - "$scratch/serve.out" "$feed_path" <<'PY' || { kill "$served"; fail "feeds serve"; }
import http.client, sys, time
deadline, said = time.monotonic() + 30, ""
while "http://" not in said:
    assert time.monotonic() < deadline, "the feed server never said where it listens"
    time.sleep(0.2)
    said = open(sys.argv[1]).read()
port = int(said.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
for method, wanted in (("GET", 200), ("POST", 405)):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, sys.argv[2])
    response = connection.getresponse()
    body = response.read()
    assert response.status == wanted, (method, response.status)
    assert wanted != 200 or b"BEGIN:VCALENDAR" in body, "no calendar in the feed"
    connection.close()
PY
kill "$served"; wait "$served" 2>/dev/null || true
"$bundle/frontdesk" sync run --once --now 2026-01-15T09:00 >/dev/null || fail "sync run --once"
"$bundle/frontdesk" jobs run-once --now 2026-01-15T09:00 >/dev/null || fail "jobs run-once"

# Spanish at the desk: our translation and Qt's own are in the bundle.
for qm in frontdesk_es.qm qtbase_es.qm; do
  [ -n "$(find "$bundle" -name "$qm" -print -quit)" ] || fail "the bundle has no $qm"
done

QT_QPA_PLATFORM=offscreen "$bundle/frontdesk-gui" >/dev/null 2>&1 &
gui=$!
sleep 5
kill -0 "$gui" 2>/dev/null || fail "frontdesk-gui exited early (see $XDG_STATE_HOME/frontdesk/log)"
kill "$gui"; wait "$gui" 2>/dev/null || true
echo "smoke test passed: command line, migrations and window work from the bundle"
