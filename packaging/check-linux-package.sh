#!/usr/bin/env bash
# The slow packaging check (minutes; not part of the normal test command):
#
#   sudo bash packaging/check-linux-package.sh            # builds first if dist/ lacks a build
#   LLAMADESK_REBUILD=1 sudo bash packaging/check-linux-package.sh   # always rebuild
#
# 1. runs packaging/build-linux.sh if dist/ has no bundle, .tar.gz or .deb for this version;
# 2. the bundle and the unpacked .tar.gz pass --self-test offscreen, as a user who cannot
#    write to them, and are unchanged afterwards (the app writes nothing into its own folder);
# 3. the .deb installs with dpkg -i (apt-get install -f brings its dependencies), every
#    bundled library resolves, the installed /usr/bin/llamadesk passes --self-test, the desktop
#    entry and AppStream file validate, and (with Xvfb) the window opens from the desktop
#    entry's Exec command: a screenshot goes to dist/installed-app.png;
# 4. dpkg -r removes it and leaves nothing behind.
#
# Needs root (dpkg -i). It removes an installed llamadesk package first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
ACCEL=${LLAMADESK_ACCEL:-cpu}
SUFFIX=""; PACKAGE=llamadesk
[ "$ACCEL" = cpu ] || { SUFFIX="-$ACCEL"; PACKAGE=llamadesk-$ACCEL; }
VERSION=$(sed -n '/^\[project\]/,/^\[/s/^version *= *"\([^"]*\)"/\1/p' pyproject.toml)
BUNDLE=dist/llamadesk
TARBALL=dist/llamadesk-$VERSION-linux-$(uname -m)$SUFFIX.tar.gz
DEB=dist/${PACKAGE}_${VERSION}_$(dpkg --print-architecture).deb
WORK=$(mktemp -d /tmp/llamadesk-check.XXXXXX)
chmod 755 "$WORK"
FAILURES=0
XVFB_PID=""

cleanup() {
    [ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

say() { printf '\n==> %s\n' "$*"; }
ok() { printf '  ok: %s\n' "$*"; }
fail() { printf '  FAILED: %s\n' "$*"; FAILURES=$((FAILURES + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
any_file() { compgen -G "$1" >/dev/null; }

[ "$(id -u)" = 0 ] || { echo "run as root (dpkg -i): sudo bash $0" >&2; exit 2; }

# Run a command as an unprivileged user (who cannot write to the app's folder) with empty
# user folders, like a user's first start. Falls back to root where nobody cannot reach the
# checkout (e.g. under /root).
USER_PREFIX=(runuser -u nobody --)
if ! runuser -u nobody -- test -x "$ROOT/packaging/build-linux.sh" 2>/dev/null; then
    echo "note: the user nobody cannot reach $ROOT: the checks run as root"
    USER_PREFIX=()
fi
as_user() {
    local home
    home=$(mktemp -d "$WORK/home.XXXXXX")
    chown nobody "$home"
    "${USER_PREFIX[@]}" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" \
        LANG=C.UTF-8 QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" \
        ${DISPLAY:+DISPLAY=$DISPLAY} "$@"
}

snapshot() { find "$1" -printf '%P %s %m %T@\n' | sort; }

self_test_in() {  # folder, command: passes --self-test and leaves the folder as it was
    local folder=$1; shift
    snapshot "$folder" > "$WORK/before"
    local started=$SECONDS
    if as_user "$@" --self-test > "$WORK/selftest.log" 2>&1; then
        sed 's/^/    /' "$WORK/selftest.log"
        ok "$* --self-test ($((SECONDS - started)) s)"
    else
        sed 's/^/    /' "$WORK/selftest.log"
        fail "$* --self-test"
    fi
    snapshot "$folder" > "$WORK/after"
    if diff -q "$WORK/before" "$WORK/after" >/dev/null; then
        ok "nothing written inside $folder"
    else
        fail "files changed inside $folder:"; diff "$WORK/before" "$WORK/after" | head -20
    fi
}

# ---------------------------------------------------------------------------------------------
if [ "${LLAMADESK_REBUILD:-0}" = 1 ] || [ ! -x "$BUNDLE/llamadesk" ] || [ ! -f "$TARBALL" ] \
    || [ ! -f "$DEB" ]; then
    say "Building (bash packaging/build-linux.sh)"
    bash packaging/build-linux.sh
fi

say "The bundle: $BUNDLE"
chmod -R go+rX "$BUNDLE"
self_test_in "$ROOT/$BUNDLE" "$ROOT/$BUNDLE/llamadesk"

say "The portable archive: $TARBALL"
mkdir "$WORK/portable"
tar -C "$WORK/portable" -xzf "$TARBALL"
self_test_in "$WORK/portable" "$WORK/portable/llamadesk-$VERSION/llamadesk"

# ---------------------------------------------------------------------------------------------
say "Installing $DEB"
if dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q "ok installed"; then
    echo "  removing the installed $PACKAGE first"
    dpkg -r "$PACKAGE" >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
if ! dpkg -i "$DEB"; then
    echo "  dpkg -i left dependencies to install: apt-get install -f"
    apt-get install -f -y -q || { apt-get update -q && apt-get install -f -y -q; }
fi
if dpkg-query -W -f='${Status}' "$PACKAGE" | grep -q "install ok installed"; then
    ok "$PACKAGE $(dpkg-query -W -f='${Version}' "$PACKAGE") installed"
else
    fail "$PACKAGE is not installed"; exit 1
fi
dpkg -L "$PACKAGE" > "$WORK/files"

say "Every bundled binary finds its libraries"
UNRESOLVED=0
while IFS= read -r -d '' file; do
    head -c 4 "$file" | grep -q 'ELF' || continue
    missing=$(LD_LIBRARY_PATH=/opt/llamadesk/_internal ldd "$file" 2>/dev/null \
        | awk '/not found/ {print $1}' | tr '\n' ' ')
    [ -n "$missing" ] || continue
    case "$file" in
        *platformthemes/libqgtk3.so)  # GTK: only in Recommends
            echo "  note: ${file#/opt/llamadesk/} needs $missing(recommended, not required)" ;;
        *) echo "  ${file#/opt/llamadesk/}: $missing"; UNRESOLVED=$((UNRESOLVED + 1)) ;;
    esac
done < <(find /opt/llamadesk -type f \( -name '*.so*' -o -perm -u+x \) -print0)
if [ "$UNRESOLVED" = 0 ]; then ok "no missing libraries"; else fail "$UNRESOLVED binaries"; fi

say "The installed launcher"
check "/usr/bin/llamadesk leads to /opt/llamadesk/llamadesk" \
    test "$(readlink -f /usr/bin/llamadesk)" = /opt/llamadesk/llamadesk
VERSION_OUT=$(as_user llamadesk --version || true)
check "llamadesk --version: $VERSION_OUT" test "$VERSION_OUT" = "llamadesk $VERSION"
self_test_in /opt/llamadesk /usr/bin/llamadesk

say "Desktop entry and AppStream metadata"
DESKTOP=/usr/share/applications/llamadesk.desktop
if command -v desktop-file-validate >/dev/null; then
    check "desktop-file-validate $DESKTOP" desktop-file-validate "$DESKTOP"
else
    echo "  skipped desktop-file-validate (apt-get install desktop-file-utils)"
fi
METAINFO=/usr/share/metainfo/io.github.llamadesk.LlamaDesk.metainfo.xml
if command -v appstreamcli >/dev/null; then
    check "appstreamcli validate $METAINFO" appstreamcli validate --no-net "$METAINFO"
fi
ICON=$(sed -n 's/^Icon=//p' "$DESKTOP")
for size in scalable 256x256; do
    check "icon $size/apps/$ICON" any_file "/usr/share/icons/hicolor/$size/apps/$ICON.*"
done
read -ra EXEC <<< "$(sed -n 's/^Exec=//p' "$DESKTOP" | sed 's/ *%[fFuUick]//g')"
check "Exec=${EXEC[*]} finds /usr/bin/llamadesk on a plain PATH" test \
    "$(env -i PATH=/usr/local/bin:/usr/bin:/bin sh -c "command -v ${EXEC[0]}")" = /usr/bin/llamadesk

if command -v Xvfb >/dev/null; then
    say "The window, started from the desktop entry's Exec under Xvfb"
    DISPLAY_NUMBER=99
    while [ -e /tmp/.X11-unix/X$DISPLAY_NUMBER ]; do DISPLAY_NUMBER=$((DISPLAY_NUMBER + 1)); done
    Xvfb ":$DISPLAY_NUMBER" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$DISPLAY_NUMBER"
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUMBER" ] && break; sleep 0.1; done
    QT_QPA_PLATFORM=xcb as_user "${EXEC[@]}" > "$WORK/window.log" 2>&1 &
    APP_PID=$!
    WINDOW=""
    for _ in $(seq 60); do  # up to 30 s
        if command -v xwininfo >/dev/null; then
            WINDOW=$(xwininfo -root -tree 2>/dev/null | grep '"LlamaDesk' | grep -v ' 1x1+' \
                | head -1 || true)
        fi
        [ -n "$WINDOW" ] && break
        kill -0 "$APP_PID" 2>/dev/null || break
        sleep 0.5
    done
    sleep 2  # let it paint
    if kill -0 "$APP_PID" 2>/dev/null; then
        ok "the window is up${WINDOW:+: ${WINDOW#"${WINDOW%%[! ]*}"}}"
        if command -v import >/dev/null; then
            import -window root dist/installed-app.png && ok "screenshot: dist/installed-app.png"
        fi
        pkill -TERM -P "$APP_PID" 2>/dev/null || true
        kill "$APP_PID" 2>/dev/null || true
        wait "$APP_PID" 2>/dev/null || true
    else
        fail "the window did not stay up:"; sed 's/^/    /' "$WORK/window.log" | tail -20
    fi
    kill "$XVFB_PID" 2>/dev/null || true
    XVFB_PID=""
    unset DISPLAY
else
    echo "  skipped the window check (apt-get install xvfb x11-utils imagemagick)"
fi

# ---------------------------------------------------------------------------------------------
say "Removing: dpkg -r $PACKAGE"
dpkg -r "$PACKAGE" >/dev/null
LEFT=0
while IFS= read -r path; do
    [ -e "$path" ] || [ -L "$path" ] || continue
    [ -d "$path" ] && [ ! -L "$path" ] && [ "${path#/opt/llamadesk}" = "$path" ] && continue
    echo "  left behind: $path"; LEFT=$((LEFT + 1))
done < "$WORK/files"
for path in /opt/llamadesk /usr/bin/llamadesk "$DESKTOP" "$METAINFO"; do
    if [ -e "$path" ] || [ -L "$path" ]; then echo "  left behind: $path"; LEFT=$((LEFT + 1)); fi
done
check "nothing left of $PACKAGE after dpkg -r ($LEFT paths left)" test "$LEFT" = 0

# ---------------------------------------------------------------------------------------------
say "Summary"
BUILD_SECONDS=$(cat "build/build-linux-$ACCEL.seconds" 2>/dev/null || echo "")
printf '  %-34s %s\n' "bundle (dist/llamadesk)" "$(du -sh "$BUNDLE" | cut -f1)" \
    "$(basename "$TARBALL")" "$(du -h "$TARBALL" | cut -f1)" \
    "$(basename "$DEB")" "$(du -h "$DEB" | cut -f1)" \
    "installed size" "$(dpkg-deb -f "$DEB" Installed-Size) KiB" \
    "last build time" "${BUILD_SECONDS:+$((BUILD_SECONDS / 60)) min $((BUILD_SECONDS % 60)) s}"
if [ "$FAILURES" = 0 ]; then
    echo "packaging check passed"
else
    echo "packaging check FAILED: $FAILURES problem(s)"; exit 1
fi
