#!/bin/sh
# Installs Debian's chromium package when /usr/bin/chromium is missing: the browser tests
# (test/web.e2e-spec.ts) and `npm run bench:web` drive it with playwright-core.
#
#   sh scripts/ensure-chromium.sh              # install, or fail saying why not
#   sh scripts/ensure-chromium.sh --if-possible  # (npm's pretest) warn instead of failing
#
# Runs apt-get as root, or through `sudo -n` (never waits for a password); `apt-get update`
# runs only when the first install attempt fails (a fresh image has no package lists yet).
# CHROMIUM_PATH names another, already installed Chromium and skips all of this.
set -eu

soft=false
[ "${1:-}" = "--if-possible" ] && soft=true

give_up() {
  echo "ensure-chromium: $1" >&2
  echo "ensure-chromium: the browser tests will fail until Chromium is at /usr/bin/chromium" >&2
  if $soft; then exit 0; else exit 1; fi
}

if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] && exit 0
  give_up "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
fi
[ -x /usr/bin/chromium ] && exit 0

command -v apt-get >/dev/null 2>&1 || give_up "no apt-get here: install Chromium and set CHROMIUM_PATH"
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  give_up "not root and no password-less sudo: run 'apt-get install -y chromium' as root"
fi

echo "ensure-chromium: installing Debian's chromium package"
install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
}
if ! install; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update || give_up "apt-get update failed"
  install || give_up "apt-get install chromium failed"
fi
/usr/bin/chromium --version
