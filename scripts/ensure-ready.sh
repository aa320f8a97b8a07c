#!/usr/bin/env bash
# Brings this machine to the state gossiplab needs, then runs the given command.
# Each step is skipped when it is already done, so a ready machine pays a few
# hundred milliseconds. A step that cannot be done prints what the user must
# do and exits 2. If this script started dockerd, it stops it when the command ends.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

say() { printf 'gossiplab setup: %s\n' "$*" >&2; }
die() { printf 'gossiplab setup: %s\n' "$*" >&2; exit 2; }

debian_packages=(docker.io iptables iproute2 util-linux libfaketime
  libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev
  pkg-config chromium serf redis-server)

need_root_or_die() {
  [ "$(id -u)" = 0 ] && return 0
  die "this step needs root: $1
  Run as root, or do it yourself and run again:
    sudo apt-get install -y ${debian_packages[*]}
    sudo dockerd &        # or: sudo systemctl start docker"
}

ensure_packages() {
  local missing=()
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    die "this machine has no apt-get (gossiplab installs its system packages on Debian 12).
  Install the equivalents of: ${missing[*]}
  then run again."
  fi
  need_root_or_die "installing Debian packages: ${missing[*]}"
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/gossiplab-apt.log 2>&1; then
    apt-get update >>/tmp/gossiplab-apt.log 2>&1 || true
    apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/gossiplab-apt.log 2>&1 \
      || die "apt-get install failed for: ${missing[*]} (log: /tmp/gossiplab-apt.log)
  Install them yourself and run again."
  fi
}

started_dockerd=""
docker_answers() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

ensure_docker() {
  [ "${GOSSIPLAB_NO_DOCKER:-}" = 1 ] && return 0
  docker_answers && return 0
  command -v dockerd >/dev/null 2>&1 || die "no Docker engine answers and dockerd is not installed.
  Install it (apt-get install docker.io) or start your engine, then run again."
  need_root_or_die "starting the Docker engine"
  say "starting dockerd (log: /tmp/gossiplab-dockerd.log)"
  dockerd >/tmp/gossiplab-dockerd.log 2>&1 &
  started_dockerd=$!
  for _ in $(seq 1 60); do
    docker_answers && { say "dockerd is up (pid $started_dockerd)"; return 0; }
    kill -0 "$started_dockerd" 2>/dev/null || break
    sleep 0.5
  done
  die "dockerd did not come up within 30 s; see /tmp/gossiplab-dockerd.log.
  Start a Docker engine yourself and run again."
}

stop_dockerd() {
  [ -n "$started_dockerd" ] || return 0
  say "stopping the dockerd this run started (pid $started_dockerd)"
  kill -TERM "$started_dockerd" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$started_dockerd" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL "$started_dockerd" 2>/dev/null || true
}

ensure_npm() {
  local stamp=node_modules/.gossiplab-lock-hash want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >/tmp/gossiplab-npm.log 2>&1 \
    || die "npm ci failed (log: /tmp/gossiplab-npm.log). If canvas failed to build, the cairo/pango -dev packages are missing."
  echo "$want" >"$stamp"
}

ensure_build() {
  local stamp=dist/.gossiplab-src-hash want
  want=$(find src nodes faults checkers reports scripts tsconfig.json package-lock.json -type f \
           \( -name '*.ts' -o -name '*.json' -o -name '*.mjs' \) -print0 2>/dev/null \
         | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  say "building"
  npm run --silent build >/tmp/gossiplab-build.log 2>&1 || { cat /tmp/gossiplab-build.log >&2; die "build failed"; }
  echo "$want" >"$stamp"
}

[ -r /etc/debian_version ] || say "warning: not Debian; package installation may not work here"
ensure_packages
ensure_npm
ensure_build
ensure_docker
trap stop_dockerd EXIT
if [ "${GOSSIPLAB_NO_DOCKER:-}" != 1 ]; then
  node dist/src/cli.js image --quiet || die "could not assemble the node image"
fi

[ $# -eq 0 ] && exit 0
"$@" &
child=$!
trap 'kill -INT $child 2>/dev/null' INT
trap 'kill -TERM $child 2>/dev/null' TERM
wait $child; rc=$?
# wait again if a signal interrupted the first wait while the child is still cleaning up
while kill -0 $child 2>/dev/null; do wait $child; rc=$?; done
exit $rc
