#!/usr/bin/env bash
# Makes sure Debian's `chromium` package is installed, for the debug module's headless-browser test
# (DebugPageChromiumTest). Run by the debug module's build in the process-test-classes phase
# (exec-maven-plugin, debug/pom.xml), so a fresh machine installs it before the tests run.
#
# Idempotent: does nothing (but say so) when the binary is already there. Installs as root
# directly, otherwise through sudo. Prints what it did. Exits non-zero if it cannot install;
# the build then stops here rather than later in a test that cannot find the browser.
#
# Override the binary the test uses with -Dgort.chromium=/path/to/chromium (this script still
# checks Debian's path, /usr/bin/chromium, unless GORT_CHROMIUM names an existing file).
set -euo pipefail

bin="${GORT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$bin" ]; then
  echo "ensure-chromium: $bin is installed ($("$bin" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  echo "ensure-chromium: $bin is missing, and this user is not root and has no sudo:" >&2
  echo "ensure-chromium: install Debian's chromium package (apt-get install chromium)" >&2
  exit 1
fi

echo "ensure-chromium: $bin is missing; installing Debian's chromium package and a font (apt-get, a few minutes)"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "ensure-chromium: installed $("$bin" --version 2>/dev/null || echo "$bin")"
