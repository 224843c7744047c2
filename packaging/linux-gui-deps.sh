#!/bin/sh
# Qt's X11 plugin needs some X libraries that minimal Linux installs lack (libxcb-cursor0 and
# friends). `make run` calls this: it asks the dynamic loader what is missing and installs the
# Debian packages when it may (root with apt-get); otherwise it says what to run.
# Usage: linux-gui-deps.sh PYTHON
[ "$(uname -s)" = "Linux" ] || exit 0
[ -n "${QT_QPA_PLATFORM:-}" ] && [ "${QT_QPA_PLATFORM}" != "xcb" ] && exit 0
python=${1:-python3}
plugin=$("$python" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")' 2>/dev/null)
[ -f "$plugin" ] || exit 0
missing=$(ldd "$plugin" 2>/dev/null | grep 'not found' | awk '{print $1}' | sort -u)
# Qt also loads libxcb-cursor at run time (not a link-time dependency, so ldd cannot see it).
ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor\.so\.0' || missing="$missing libxcb-cursor.so.0"
[ -z "$(echo $missing)" ] && exit 0
packages="libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
libxcb-xkb1 libxkbcommon-x11-0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 \
libxcb-sync1 libxcb-shm0 libxcb-render0 libxcb-xinput0 libx11-xcb1 libegl1 libgl1 \
libfontconfig1 libdbus-1-3 libxkbcommon0"
echo "Qt's X11 support is missing:" $missing
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the X11 libraries Qt needs…"
  # shellcheck disable=SC2086
  apt-get install -y -q $packages >/dev/null 2>&1 || {
    apt-get update -q >/dev/null 2>&1 && apt-get install -y -q $packages >/dev/null 2>&1
  } || echo "Could not install them; the window may not open." >&2
else
  echo "Install them with: sudo apt-get install $packages" >&2
fi
exit 0
