#!/usr/bin/env bash
# Rebuilds docs/images/review.png and docs/images/cohort.png: a small cohort plays the bundled
# walkthroughs of two stories (each trainee improving over three weeks), then the pages are
# generated with `coach` and photographed with headless Chromium, kept off the network.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build --product coach >/dev/null
coach="$PWD/.build/debug/coach"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/cohort.sqlite"
trainees=(asha.patel ben.okafor chen.li dana.kowalski eli.mensah farah.haddad gus.moreno hana.sato)
for story in frank-diabetes-remission link-worker-first-meeting; do
  # Walkthroughs from the weakest to the strongest, as the story lists them reversed.
  mapfile -t paths < <(python3 - "$story" <<'PY'
import json, sys
story = json.load(open(f"Scenarios/{sys.argv[1]}.json"))
for walkthrough in reversed(story["walkthroughs"]):
    print(",".join(walkthrough["choices"]))
PY
)
  for index in "${!trainees[@]}"; do
    for attempt in 0 1 2; do
      path="${paths[$(( (index + attempt * 2) % ${#paths[@]} ))]}"
      "$coach" play "$story" --db "$db" --trainee "${trainees[$index]}" --cohort "Spring 2026" \
        --seed $((index * 3 + attempt)) --choices "$path" >/dev/null 2>&1 || true
    done
  done
done
# Spread the attempts over three weeks, in the order they were played.
sqlite3 "$db" "WITH ordered AS (SELECT id, ROW_NUMBER() OVER (ORDER BY startedAt, id) - 1 AS n FROM attempts)
  UPDATE attempts SET
    startedAt = strftime('%Y-%m-%dT%H:%M:%fZ', '2026-03-02T09:00:00', '+' || ((SELECT n FROM ordered WHERE ordered.id = attempts.id) * 7) || ' hours'),
    finishedAt = strftime('%Y-%m-%dT%H:%M:%fZ', '2026-03-02T09:25:00', '+' || ((SELECT n FROM ordered WHERE ordered.id = attempts.id) * 7) || ' hours')"
"$coach" scores --db "$db" --scenario frank-diabetes-remission --html --output "$work/cohort.html"
"$coach" review --db "$db" --trainee hana.sato --html --output "$work/review.html"
flags=(--headless --disable-gpu --no-first-run --hide-scrollbars --disable-background-networking
  --disable-component-update --disable-sync --disable-extensions --proxy-server=127.0.0.1:9
  "--user-data-dir=$work/profile")
[ "$(id -u)" -eq 0 ] && flags+=(--no-sandbox)
chromium "${flags[@]}" --window-size=1100,1500 --screenshot="$PWD/docs/images/cohort.png" "file://$work/cohort.html" 2>/dev/null
chromium "${flags[@]}" --window-size=1100,1500 --screenshot="$PWD/docs/images/review.png" "file://$work/review.html" 2>/dev/null
echo "wrote docs/images/cohort.png and docs/images/review.png"
