#!/bin/sh
# Installs the Debian packages that Qt needs for a real window (and Xvfb for
# the window test, chromium for the interactive page's browser test), when
# they are missing.  Quiet when all is there; never
# fatal on a machine without apt (macOS, Windows, other Linux).
set -u
PKGS="chromium xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libxcb-image0 \
libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxcb-randr0 libxcb-xfixes0 libxcb-shm0 libegl1 \
libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core desktop-file-utils shared-mime-info \
libx11-6 libxtst6 x11-utils"
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "note: please install these packages for a real window:$missing" >&2; exit 0; fi
echo "installing system packages:$missing"
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null \
  || echo "note: could not install:$missing" >&2
