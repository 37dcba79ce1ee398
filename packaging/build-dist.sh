#!/bin/sh
# Builds the one-folder desktop app with PyInstaller: dist/cld-editor/
# (run it through `make dist`).  Installs PyInstaller into the project's venv
# when it is missing, builds from packaging/cld-editor.spec, then checks the
# result: the bundled program must print the package's version and read a
# bundled example and open its window on it without a display.  Prints the
# build time and the size.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
if [ ! -x "$PY" ]; then
  echo "error: no $PY; run 'make install' first (or set PY=/path/to/python)" >&2
  exit 2
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "installing PyInstaller into the venv (needed only to build the app)"
  "$PY" -m pip install --quiet "pyinstaller>=6.0"
fi

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/cld-editor.spec
seconds=$(( $(date +%s) - start ))

APP=dist/cld-editor/cld-editor
[ -x "$APP" ] || { echo "error: the build made no $APP" >&2; exit 1; }

expected="cld-editor $("$PY" -c 'import cld_editor; print(cld_editor.__version__)')"
got=$("$APP" --version)
if [ "$got" != "$expected" ]; then
  echo "error: the built app says '$got', expected '$expected'" >&2
  exit 1
fi
example=$(ls dist/cld-editor/_internal/examples/*.cld 2>/dev/null | head -n 1 || true)
if [ -n "$example" ]; then
  QT_QPA_PLATFORM=offscreen "$APP" check "$example" >/dev/null
fi

# Open the window offscreen on an example: this imports everything the window
# needs (panels, plots), which --version and check never touch.
if [ -n "$example" ]; then
  ready="build/pyinstaller/ready.$$"
  rm -f "$ready"
  scratch="$PWD/build/pyinstaller/home"  # settings and autosaves of this run stay out of the user's
  mkdir -p "$scratch"
  XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" \
    CLD_EDITOR_READY_FILE="$ready" QT_QPA_PLATFORM=offscreen "$APP" "$example" >build/pyinstaller/window.log 2>&1 &
  pid=$!
  waited=0
  while [ ! -f "$ready" ] && kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 60 ]; do
    sleep 1; waited=$((waited + 1))
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ ! -f "$ready" ]; then
    echo "error: the built app did not open its window; see build/pyinstaller/window.log:" >&2
    tail -n 5 build/pyinstaller/window.log >&2
    exit 1
  fi
  rm -f "$ready"
  echo "the built app opened its window on $(basename "$example") in about ${waited}s"
fi

size=$(du -sh dist/cld-editor | cut -f1)
echo "built dist/cld-editor in ${seconds}s: $size; '$got'"
echo "run it with: dist/cld-editor/cld-editor [FILE]"
echo "register .cld files with the desktop (Linux): sh packaging/linux/install.sh --exec \"\$PWD/$APP\""
