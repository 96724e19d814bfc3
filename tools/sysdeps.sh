#!/bin/sh
# Make sure the Debian/Ubuntu libraries Qt needs are present.
# usage: tools/sysdeps.sh run|test
# As root it installs what is missing; otherwise it prints the exact apt-get line and fails.
set -eu

RUN_PACKAGES="libgl1 libegl1 libfontconfig1 fonts-dejavu-core libxkbcommon0 libxkbcommon-x11-0 \
libdbus-1-3 libglib2.0-0 libxcb1 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
libxcb-xfixes0 libxcb-xkb1 libxrender1 libwayland-client0 libwayland-cursor0 libwayland-egl1 \
libgssapi-krb5-2 libfreetype6"
# dbus-daemon, python3-dbus and python3-gi: a private session bus with a fake desktop
# (tests/ui/fake_desktop.py: a StatusNotifierWatcher and a notification server, for
# test_notification_markup.py and test_desktop_notifications.py); util-linux: setpriv
# (single-instance tests).
TEST_PACKAGES="xvfb xauth trayer nsis desktop-file-utils binutils dbus-daemon python3-dbus python3-gi util-linux"

want="$RUN_PACKAGES"
[ "${1:-run}" = "test" ] && want="$want $TEST_PACKAGES"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "sysdeps: not a Debian-based system; make sure Qt 6's xcb libraries are installed." >&2
    exit 0
fi

missing=""
for p in $want; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
# Debian's own python3 needs python3-venv to create the .venv.
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing="$missing python3-venv"
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ]; then
    echo "sysdeps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "NetCare needs these system packages. Install them with:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
