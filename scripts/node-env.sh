# Sourced by the set-up, start and test scripts: puts a Node >= 22.18 first on PATH.
# The machine's Node may be older (Debian's is 20, end of life); the npm registry ships Node itself in the
# `node` package, so we install Node 24 LTS into a per-user cache without root and without touching /usr.
# NODE_WANTED, NODE_PREFIX and node_ok: shared with bin/failover-console, which finds Node the same way.
. "$(dirname "${BASH_SOURCE[0]}")/node-locate.sh"
if [ -x "$NODE_PREFIX/node_modules/.bin/node" ]; then
  PATH="$NODE_PREFIX/node_modules/.bin:$PATH"
elif ! node_ok; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "failover-console: no npm found. Install Node.js >= 22.18 (https://nodejs.org) or Debian's nodejs + npm, then run this again." >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "failover-console: Node $(node --version 2>/dev/null || echo none) is older than 22.18; fetching Node $NODE_WANTED from the npm registry into $NODE_PREFIX" >&2
  mkdir -p "$NODE_PREFIX"
  printf '{"private":true,"allowScripts":{"node":true}}\n' > "$NODE_PREFIX/package.json"
  if ! npm install --prefix "$NODE_PREFIX" --no-audit --no-fund --strict-allow-scripts "node@$NODE_WANTED" >&2; then
    echo "failover-console: could not fetch Node $NODE_WANTED from the npm registry. Install Node.js >= 22.18 yourself and run this again." >&2
    return 1 2>/dev/null || exit 1
  fi
  PATH="$NODE_PREFIX/node_modules/.bin:$PATH"
fi
export PATH
# node-gyp (keytar) must build against the headers of the Node that runs it, shipped inside the package,
# not fetch them from the internet nor use a system nodedir set for an older Node.
_nodedir="$NODE_PREFIX/node_modules/node/node_modules/node-$(node -p 'process.platform+"-"+process.arch')"
[ -f "$_nodedir/include/node/node.h" ] || _nodedir="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -f "$_nodedir/include/node/node.h" ]; then export npm_config_nodedir="$_nodedir"; fi
unset _nodedir
