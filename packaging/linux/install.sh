#!/bin/sh
# Registers cld-editor with the desktop for the current user (no root needed):
# the menu entry, the application/x-cld-diagram type for *.cld files, the
# application and document icons, and cld-editor as the default program for
# .cld files, so that a double-click on a diagram opens it.
#
#   sh packaging/linux/install.sh            # register (the cld-editor command must be on PATH,
#                                            # or pass --exec /path/to/cld-editor)
#   sh packaging/linux/install.sh --uninstall
#
# Everything goes under ${XDG_DATA_HOME:-~/.local/share}.  Uses xdg-utils when
# present and falls back to copying the files and updating the caches itself.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
ICONS="$ROOT/resources/app/hicolor"
MODE=install
EXEC=""

while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) MODE=uninstall ;;
    --exec) shift; EXEC="$1" ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "error: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

have() { command -v "$1" >/dev/null 2>&1; }

refresh() {
  have update-mime-database && update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
  have update-desktop-database && update-desktop-database "$DATA/applications" >/dev/null 2>&1 || true
  have gtk-update-icon-cache && gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" >/dev/null 2>&1 || true
}

if [ "$MODE" = uninstall ]; then
  rm -f "$DATA/applications/cld-editor.desktop" "$DATA/mime/packages/cld-editor-mime.xml"
  for dir in "$ICONS"/*/; do
    size=$(basename "$dir")
    rm -f "$DATA/icons/hicolor/$size/apps/cld-editor.png" "$DATA/icons/hicolor/$size/mimetypes/cld-file.png"
  done
  rm -f "$DATA/icons/hicolor/scalable/apps/cld-editor.svg" "$DATA/icons/hicolor/scalable/mimetypes/cld-file.svg"
  refresh
  echo "cld-editor unregistered from $DATA"
  exit 0
fi

mkdir -p "$DATA/applications" "$DATA/mime/packages" "$DATA/icons/hicolor/scalable/apps" \
  "$DATA/icons/hicolor/scalable/mimetypes"

# The MIME type first, so the desktop entry's MimeType= names a known type.
cp "$HERE/cld-editor-mime.xml" "$DATA/mime/packages/cld-editor-mime.xml"

for dir in "$ICONS"/*/; do
  size=$(basename "$dir")
  mkdir -p "$DATA/icons/hicolor/$size/apps" "$DATA/icons/hicolor/$size/mimetypes"
  cp "$dir/apps/cld-editor.png" "$DATA/icons/hicolor/$size/apps/cld-editor.png"
  cp "$dir/mimetypes/cld-file.png" "$DATA/icons/hicolor/$size/mimetypes/cld-file.png"
done
cp "$ROOT/resources/app/cld-editor.svg" "$DATA/icons/hicolor/scalable/apps/cld-editor.svg"
cp "$ROOT/resources/app/cld-file.svg" "$DATA/icons/hicolor/scalable/mimetypes/cld-file.svg"

# A bundle or a venv is often not on PATH: write its full path into Exec=.
if [ -z "$EXEC" ] && ! have cld-editor; then
  for guess in "$ROOT/dist/cld-editor/cld-editor" "$ROOT/.venv/bin/cld-editor"; do
    [ -x "$guess" ] && EXEC="$guess" && break
  done
fi
if [ -n "$EXEC" ]; then
  sed -e "s|^Exec=cld-editor |Exec=\"$EXEC\" |" -e "s|^TryExec=cld-editor$|TryExec=$EXEC|" \
    "$HERE/cld-editor.desktop" > "$DATA/applications/cld-editor.desktop"
else
  cp "$HERE/cld-editor.desktop" "$DATA/applications/cld-editor.desktop"
fi

refresh
# Make the editor the default for .cld files (xdg-mime writes mimeapps.list).
have xdg-mime && xdg-mime default cld-editor.desktop application/x-cld-diagram 2>/dev/null || true

echo "cld-editor registered in $DATA: double-click a .cld file to open it"
[ -n "$EXEC" ] && echo "  (runs $EXEC)"
exit 0
