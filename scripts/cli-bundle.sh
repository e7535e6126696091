# Sourced (POSIX sh) by bin/failover-console and scripts/setup.sh: the one rule for "out/cli is current".
# The bundle is stale when it is missing or any file it is built from is newer: the engine's sources (specs
# are not bundled), the bundle's config and the dependency lock. Takes ~5 ms: a walk of src-main's names.
cli_bundle_stale() {
  [ -f "$1/out/cli/cli-main.js" ] && [ -f "$1/out/cli/web-main.js" ] || return 0
  [ -n "$(cd "$1" && find src-main vite.cli.config.ts package-lock.json -type f ! -name '*.spec.ts' -newer out/cli/cli-main.js -print -quit 2>/dev/null)" ]
}
