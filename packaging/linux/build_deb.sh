#!/bin/sh
# Turn the one-folder bundle (dist/netcare) into dist/netcare_<version>_amd64.deb.
#
#   /opt/netcare/...                          the bundle
#   /usr/bin/netcare -> /opt/netcare/netcare  on the PATH (what the desktop entry runs)
#   /usr/share/applications/netcare.desktop   menu entry + file association (vCard)
#   /usr/share/icons/hicolor/*/apps/netcare.* icons 16-512 px and scalable
#
# Depends: lists what PyInstaller never bundles (libGL, libEGL, libxcb) and the common
# libraries the spec leaves to the system (see SYSTEM_LIBS in packaging/netcare.spec).
set -eu
cd "$(dirname "$0")/../.."
VERSION=$(${PYTHON:-.venv/bin/python} -c "import netcare_desktop; print(netcare_desktop.__version__)")
ARCH=amd64
BUNDLE=dist/netcare
[ -x "$BUNDLE/netcare" ] || { echo "build_deb: no bundle in $BUNDLE (run packaging/build_bundle.sh)" >&2; exit 1; }

root=build/deb/netcare_${VERSION}_${ARCH}
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/doc/netcare" "$root/usr/share/icons/hicolor/scalable/apps"
cp -a "$BUNDLE" "$root/opt/netcare"
ln -s /opt/netcare/netcare "$root/usr/bin/netcare"
install -m 0644 resources/netcare.desktop "$root/usr/share/applications/netcare.desktop"
for size in 16 24 32 48 64 128 256 512; do
    dir="$root/usr/share/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    install -m 0644 "resources/icons/netcare-$size.png" "$dir/netcare.png"
done
install -m 0644 resources/icons/netcare.svg "$root/usr/share/icons/hicolor/scalable/apps/netcare.svg"
cat > "$root/usr/share/doc/netcare/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: NetCare Desktop
License: GPL-3.0-or-later

Files: opt/netcare/_internal/PySide6/*
License: LGPL-3.0-only (Qt for Python, The Qt Company)

Files: opt/netcare/_internal/*
Comment: Python ${VERSION} runtime and libraries collected by PyInstaller, under their own licences.
COPYRIGHT
find "$root" -type d -exec chmod 0755 {} +

installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
# The glibc floor is the newest GLIBC_x.y symbol any bundled binary needs.
glibc=$(find "$BUNDLE" -type f \( -name "*.so*" -o -name netcare \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
[ -n "$glibc" ] || { echo "build_deb: could not read the glibc floor (objdump missing?)" >&2; exit 1; }
cat > "$root/DEBIAN/control" <<CONTROL
Package: netcare
Version: ${VERSION}
Architecture: ${ARCH}
Maintainer: NetCare developers <netcare@localhost>
Installed-Size: ${installed_kb}
Section: misc
Priority: optional
Depends: libc6 (>= ${glibc}), libstdc++6, libgcc-s1, zlib1g, libzstd1, liblzma5, libbz2-1.0, libexpat1, libffi8, libuuid1, libglib2.0-0, libdbus-1-3, libfontconfig1, libfreetype6, libpng16-16, libbrotli1, libgssapi-krb5-2, libgl1, libegl1, libxcb1, libwayland-client0, libwayland-cursor0, libwayland-egl1, libxkbcommon0, fonts-dejavu-core | fonts-liberation2 | fonts-freefont-ttf
Description: local-first personal CRM that keeps your career network healthy
 NetCare remembers who matters to your career, when you last gave them some
 attention (a congratulation, a shared article, a short check-in), and
 reminds you when a relationship needs care. Everything stays in one SQLite
 file on your computer: no account, no server, no telemetry.
CONTROL

mkdir -p dist
out=dist/netcare_${VERSION}_${ARCH}.deb
start=$(date +%s)
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
end=$(date +%s)
echo "deb: $out, $(du -m "$out" | cut -f1) MB ($(stat -c %s "$out") bytes), packed in $((end - start)) s, needs glibc >= $glibc"
