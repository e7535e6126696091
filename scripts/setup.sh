#!/usr/bin/env bash
# One-time (and idempotent) set-up for a fresh Debian/Ubuntu machine: a Node >= 22.18, the apt packages
# the console and its tests need (when run as root), then `npm ci`. Quick when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/node-env.sh

APT_PACKAGES=(chromium libsecret-1-dev gnome-keyring dbus dbus-bin pkg-config python3 make g++)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these packages are missing: ${missing[*]}" >&2
    echo "setup: install them with:  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    echo "setup: (the desktop app runs without them; the keychain and the browser tests need them)" >&2
  fi
fi

# Electron's binary comes from GitHub releases, which may be unreachable; the console falls back to the
# web host where it is missing, so never let its download fail the install.
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
stamp=node_modules/.setup-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ "$(cat "$stamp")" != "$(node --version)" ]; then
  npm ci --no-audit --no-fund
  node --version > "$stamp"
fi
# bin/failover-console runs the CLI and web host bundles in out/cli/: built here when missing or older than the
# sources (~2 s), so the executable answers at once straight after set-up (docs/decisions.md).
. scripts/cli-bundle.sh
if cli_bundle_stale "$PWD"; then npm run --silent build:cli; fi
echo "setup: ready (node $(node --version))"
