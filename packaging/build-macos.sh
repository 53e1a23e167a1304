#!/usr/bin/env bash
# Build LlamaDesk for macOS, from a checkout, into dist/:
#
#   dist/LlamaDesk.app                                  the application (PyInstaller BUNDLE)
#   dist/LlamaDesk-<version>-macos-<arch>[-<accel>].dmg   drag-to-Applications disk image
#
#   bash packaging/build-macos.sh
#
# Accelerated builds: on Apple Silicon llama.cpp is built with Metal (LLAMADESK_ACCEL=metal,
# the default there); LLAMADESK_ACCEL=cpu builds without it (the default on Intel Macs).
# llama-cpp-python is compiled for distribution (-DGGML_NATIVE=OFF) in a virtual environment
# under build/; the wheel is kept in build/wheels/macos-<accel>/ and reused.
#
# Code signing and notarization run only when their identities are in the environment:
#   APPLE_SIGNING_IDENTITY   "Developer ID Application: Name (TEAMID)" in the keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   notarization (an app-specific password)
# Without them the app is signed ad hoc (it runs here; on other Macs Gatekeeper asks the user
# to open it with right-click > Open the first time).
#
# Other settings: LLAMADESK_CMAKE_ARGS, LLAMA_CPP_VERSION (default 0.3.36),
# LLAMADESK_MACOS_MIN (deployment target, default 13.0), PYTHON (default python3).
set -euo pipefail

START=$(date +%s)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ARCH=$(uname -m)
if [ "$ARCH" = arm64 ]; then DEFAULT_ACCEL=metal; else DEFAULT_ACCEL=cpu; fi
ACCEL=${LLAMADESK_ACCEL:-$DEFAULT_ACCEL}
LLAMA_CPP_VERSION=${LLAMA_CPP_VERSION:-0.3.36}
PYTHON=${PYTHON:-python3}
export MACOSX_DEPLOYMENT_TARGET=${LLAMADESK_MACOS_MIN:-13.0}

BUILD=$ROOT/build
DIST=$ROOT/dist
VENV=$BUILD/venv-macos-$ACCEL
WHEELS=$BUILD/wheels/macos-$ACCEL
ICONS=$BUILD/icons
APP=$DIST/LlamaDesk.app

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

case "$ACCEL" in
    metal)
        [ "$ARCH" = arm64 ] || die "Metal builds are for Apple Silicon"
        CMAKE_ARGS_USED="-DGGML_NATIVE=OFF -DGGML_METAL=on -DGGML_METAL_EMBED_LIBRARY=on" ;;
    cpu) CMAKE_ARGS_USED="-DGGML_NATIVE=OFF -DGGML_METAL=off" ;;
    *) die "LLAMADESK_ACCEL must be metal or cpu on macOS, not '$ACCEL'" ;;
esac
CMAKE_ARGS_USED+="${LLAMADESK_CMAKE_ARGS:+ $LLAMADESK_CMAKE_ARGS}"
SUFFIX=""
[ "$ACCEL" = "$DEFAULT_ACCEL" ] || SUFFIX="-$ACCEL"

VERSION=$("$PYTHON" - <<'EOF'
import re
text = open("pyproject.toml", encoding="utf-8").read()
project = text.split("[project]", 1)[1].split("\n[", 1)[0]
print(re.search(r'^version\s*=\s*"([^"]+)"', project, re.M).group(1))
EOF
)
echo "LlamaDesk $VERSION for macOS $ARCH (>= $MACOSX_DEPLOYMENT_TARGET), llama.cpp: $ACCEL"

# ---------------------------------------------------------------------------------------------
say "Build environment: $VENV"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
export PATH="$VENV/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1
python -m pip install --quiet --upgrade pip wheel

say "llama-cpp-python $LLAMA_CPP_VERSION for distribution ($CMAKE_ARGS_USED)"
STAMP="$LLAMA_CPP_VERSION $CMAKE_ARGS_USED $MACOSX_DEPLOYMENT_TARGET"
[ "$(cat "$WHEELS/BUILT_WITH" 2>/dev/null)" = "$STAMP" ] || rm -rf "$WHEELS"
find_wheel() { find "$WHEELS" -maxdepth 1 -name "llama_cpp_python-$LLAMA_CPP_VERSION-*.whl" 2>/dev/null | head -1; }
WHEEL=$(find_wheel || true)
if [ -z "$WHEEL" ]; then
    echo "Compiling llama.cpp: this takes a while, once."
    mkdir -p "$WHEELS"
    CMAKE_ARGS="$CMAKE_ARGS_USED" CMAKE_BUILD_PARALLEL_LEVEL=$(sysctl -n hw.ncpu) \
        python -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
        "llama-cpp-python==$LLAMA_CPP_VERSION" -w "$WHEELS"
    echo "$STAMP" > "$WHEELS/BUILT_WITH"
    WHEEL=$(find_wheel)
    [ -n "$WHEEL" ] || die "pip built no wheel in $WHEELS"
else
    echo "Reusing $WHEEL"
fi
python -m pip install --quiet --no-deps --force-reinstall "$WHEEL"

say "LlamaDesk and PyInstaller"
python -m pip install --quiet ".[build]"
rm -rf "${BUILD:?}/lib" "${BUILD:?}"/bdist.*

say "Translations and icons (llamadesk.icns from the SVG)"
python packaging/translations.py release
QT_QPA_PLATFORM=offscreen python packaging/render_icons.py "$ICONS"

say "PyInstaller: $APP"
LLAMADESK_ICON_DIR="$ICONS" pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" packaging/llamadesk.spec
EXE="$APP/Contents/MacOS/llamadesk"
plutil -p "$APP/Contents/Info.plist" | grep -E 'CFBundleShortVersionString|LSMinimumSystemVersion'
"$EXE" --version

# ---------------------------------------------------------------------------------------------
# CODE SIGNING: only with APPLE_SIGNING_IDENTITY (a "Developer ID Application" certificate in
# the keychain). Inside out: every library and executable first, then the app, with the
# hardened runtime (required for notarization) and the entitlements Python needs.
ENTITLEMENTS=$ROOT/packaging/macos/entitlements.plist
if [ -n "${APPLE_SIGNING_IDENTITY:-}" ]; then
    say "Signing with '$APPLE_SIGNING_IDENTITY'"
    while IFS= read -r -d '' file; do
        if file -b "$file" | grep -q 'Mach-O'; then
            codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
                --sign "$APPLE_SIGNING_IDENTITY" "$file"
        fi
    done < <(find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0)
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
        --sign "$APPLE_SIGNING_IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
else
    say "Signing skipped (APPLE_SIGNING_IDENTITY not set): ad-hoc signature"
    codesign --force --deep --sign - "$APP"
fi

say "Self-test of the app"
QT_QPA_PLATFORM=offscreen "$EXE" --self-test

# ---------------------------------------------------------------------------------------------
DMG=$DIST/LlamaDesk-$VERSION-macos-$ARCH$SUFFIX.dmg
say "Disk image: $(basename "$DMG")"
STAGE=$BUILD/dmg
rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
hdiutil create -volname "LlamaDesk $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 -ov "$DMG"
if [ -n "${APPLE_SIGNING_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$APPLE_SIGNING_IDENTITY" "$DMG"
fi

# NOTARIZATION: only with APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (and a signed app).
# Apple checks the image and everything in it; the ticket is then stapled to the image so
# that Gatekeeper accepts it offline.
if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ] \
    && [ -n "${APPLE_SIGNING_IDENTITY:-}" ]; then
    say "Notarizing $(basename "$DMG")"
    xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
    xcrun stapler staple "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
else
    say "Notarization skipped (APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not set)"
fi

say "Self-test of the app inside the disk image"
MOUNT=$(mktemp -d /tmp/llamadesk-dmg.XXXXXX)
hdiutil attach -nobrowse -readonly -mountpoint "$MOUNT" "$DMG" >/dev/null
trap 'hdiutil detach "$MOUNT" -quiet || true' EXIT
QT_QPA_PLATFORM=offscreen "$MOUNT/LlamaDesk.app/Contents/MacOS/llamadesk" --self-test
hdiutil detach "$MOUNT" -quiet
trap - EXIT

ELAPSED=$(( $(date +%s) - START ))
say "Done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
printf '  %-48s %s\n' "dist/LlamaDesk.app" "$(du -sh "$APP" | cut -f1)" \
    "$(basename "$DMG")" "$(du -h "$DMG" | cut -f1)"
