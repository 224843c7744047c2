#!/bin/sh
# Adds Clinic Front Desk to the desktop's application menu, pointing at this bundle.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/scalable/apps"
mkdir -p "$apps" "$icons"
cp "$here/frontdesk.svg" "$icons/frontdesk.svg"
sed "s|^Exec=.*|Exec=\"$here/frontdesk-gui\"|" "$here/frontdesk.desktop" > "$apps/frontdesk.desktop"
echo "installed $apps/frontdesk.desktop"
