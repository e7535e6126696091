# Sourced (POSIX sh) by node-env.sh and by bin/failover-console: which Node the console wants and where the
# set-up caches it. Reading `node --version` instead of running a script keeps the check to a few
# milliseconds, which the launcher pays on every command.
NODE_WANTED=24.21.0
NODE_PREFIX="${XDG_CACHE_HOME:-${HOME:-}/.cache}/failover-console/node-$NODE_WANTED"
node_ok() {
  _v=$(node --version 2>/dev/null) || return 1
  _v=${_v#v}
  _major=${_v%%.*}
  _minor=${_v#*.}
  _minor=${_minor%%.*}
  # 22.18 is the first 22 that runs .ts sources without a flag (the launcher falls back to them).
  [ "$_major" -gt 22 ] 2>/dev/null || { [ "$_major" -eq 22 ] && [ "$_minor" -ge 18 ]; } 2>/dev/null
}
