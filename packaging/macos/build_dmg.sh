#!/bin/sh
# macOS: NetCare.app (from packaging/netcare.spec) -> signed, notarized NetCare-<version>.dmg.
# Runs on a macOS machine (PyInstaller cannot cross-build). Identities come from the
# environment; without them the app and the .dmg are built unsigned (fine for testing,
# Gatekeeper will refuse it on other Macs).
#
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)"   codesign
#   MACOS_NOTARY_PROFILE  a `xcrun notarytool store-credentials` profile name, or
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD                      notarytool credentials
set -eu
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
VERSION=$("$PY" -c "import netcare_desktop; print(netcare_desktop.__version__)")
APP=dist/NetCare.app
DMG=dist/NetCare-${VERSION}.dmg

"$PY" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/netcare.spec
"$APP/Contents/MacOS/netcare" --version

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --timestamp --options runtime \
        --entitlements packaging/macos/entitlements.plist \
        --sign "$MACOS_SIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    echo "build_dmg: MACOS_SIGN_IDENTITY not set: the app is not signed" >&2
fi

rm -f "$DMG"
staging=$(mktemp -d)
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "NetCare ${VERSION}" -srcfolder "$staging" -ov -format UDZO "$DMG"
rm -rf "$staging"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
    if [ -n "${MACOS_NOTARY_PROFILE:-}" ]; then
        xcrun notarytool submit "$DMG" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
    elif [ -n "${APPLE_ID:-}" ]; then
        xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
            --password "$APPLE_APP_PASSWORD" --wait
    else
        echo "build_dmg: no notarization credentials: the .dmg is signed, not notarized" >&2
    fi
    xcrun stapler staple "$DMG" || true
fi
echo "dmg: $DMG"
