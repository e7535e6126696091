#!/usr/bin/env bash
# Runs a command with Node >= 22.18 first on PATH (fetched by node-env.sh where the machine's is older),
# so `npm start`, `npm run cli` and the rest work even when the system's npm runs on an older Node.
set -euo pipefail
. "$(dirname "$0")/node-env.sh"
exec "$@"
