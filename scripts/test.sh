#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit tests and end-to-end tests. The tests that need the OS keychain run
# inside a private D-Bus session with an unlocked gnome-keyring that this script starts and stops, so
# nothing touches the operator's own keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh

step() { printf '\n== %s\n' "$1"; }

step "typecheck"
npm run --silent typecheck
step "lint"
npm run --silent lint
step "build"
npm run --silent build >/dev/null

KEYRING_DIR=$(mktemp -d)
trap 'rm -rf "$KEYRING_DIR"' EXIT
mkdir -m 700 "$KEYRING_DIR/run"

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "npm test: dbus-run-session and gnome-keyring-daemon are needed for the keychain tests; run 'npm run setup' as root (or: sudo apt-get install -y dbus-bin gnome-keyring)" >&2
  exit 1
fi

# One session for unit and e2e tests; the keyring password only unlocks this throw-away keyring.
REPORTS=test-reports
rm -rf "$REPORTS"; mkdir -p "$REPORTS"
export REPORTS
set +e
XDG_DATA_HOME="$KEYRING_DIR/data" XDG_RUNTIME_DIR="$KEYRING_DIR/run" FC_KEYCHAIN_TESTS=1 \
  dbus-run-session -- bash -c '
    echo -n "failover-console-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    printf "\n== unit tests (vitest)\n"
    npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"
    unit=$?
    printf "\n== end-to-end tests (playwright, %s)\n" "${CHROMIUM_PATH:-/usr/bin/chromium}"
    PLAYWRIGHT_JSON_OUTPUT_FILE="$REPORTS/playwright.json" npx playwright test --reporter=list,json
    e2e=$?
    [ $unit -eq 0 ] && [ $e2e -eq 0 ]
  ' 2> >(grep -v -e "Failed to set fd limit" -e "org.a11y.Bus" >&2)
status=$?
set -e
printf "\n== summary\n"
node scripts/test-summary.ts "$REPORTS/vitest.json" "$REPORTS/playwright.json" || status=1
exit $status
