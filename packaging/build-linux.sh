#!/usr/bin/env bash
# Build LlamaDesk for Linux, from a checkout, into dist/:
#
#   dist/llamadesk/                                   the one-folder bundle (PyInstaller)
#   dist/llamadesk-<version>-linux-<arch>.tar.gz      portable: unpack anywhere, run llamadesk/llamadesk
#   dist/llamadesk_<version>_<debarch>.deb            /opt/llamadesk, /usr/bin/llamadesk, menu entry
#
#   bash packaging/build-linux.sh
#
# Everything it installs goes into a virtual environment under build/, never into the
# developer's own environment. llama-cpp-python is compiled for distribution
# (-DGGML_NATIVE=OFF: a build tuned with -march=native for this CPU crashes on older ones).
# The first run compiles llama.cpp (15-20 minutes on 2 cores); the wheel is kept in
# build/wheels/<accel>/ and reused while the CMake arguments stay the same. pip's cache is
# not used for it: a native wheel of the same name could come back from there.
#
# Environment:
#   LLAMADESK_ACCEL=cpu|cuda     which llama.cpp to bundle (default cpu). cuda needs the CUDA
#                                toolkit (nvcc) and gives a llamadesk-cuda package
#   LLAMADESK_CUDA_ARCHITECTURES GPU architectures for cuda (default "75;80;86;89;90")
#   LLAMADESK_CMAKE_ARGS         more CMake arguments for llama.cpp
#   LLAMA_CPP_VERSION            llama-cpp-python version (default 0.3.36)
#   PYTHON                       Python 3.10+ built with a shared libpython (default python3)
#   LLAMADESK_SKIP_SELFTEST=1    do not run the bundle's --self-test at the end
#   LLAMADESK_MAINTAINER         the .deb's Maintainer field
set -euo pipefail

START=$(date +%s)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

ACCEL=${LLAMADESK_ACCEL:-cpu}
LLAMA_CPP_VERSION=${LLAMA_CPP_VERSION:-0.3.36}
PYTHON=${PYTHON:-python3}
MAINTAINER=${LLAMADESK_MAINTAINER:-LlamaDesk developers <llamadesk@users.noreply.github.com>}

BUILD=$ROOT/build
DIST=$ROOT/dist
VENV=$BUILD/venv-linux-$ACCEL
WHEELS=$BUILD/wheels/$ACCEL
ICONS=$BUILD/icons

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "$1 is missing: $2"; }

case "$ACCEL" in
    cpu) CMAKE_ARGS_USED="-DGGML_NATIVE=OFF"; SUFFIX=""; PACKAGE=llamadesk ;;
    cuda)
        CMAKE_ARGS_USED="-DGGML_NATIVE=OFF -DGGML_CUDA=on"
        CMAKE_ARGS_USED+=" -DCMAKE_CUDA_ARCHITECTURES=${LLAMADESK_CUDA_ARCHITECTURES:-75;80;86;89;90}"
        SUFFIX="-cuda"; PACKAGE=llamadesk-cuda ;;
    *) die "LLAMADESK_ACCEL must be cpu or cuda, not '$ACCEL'" ;;
esac
CMAKE_ARGS_USED+="${LLAMADESK_CMAKE_ARGS:+ $LLAMADESK_CMAKE_ARGS}"
if [ "$ACCEL" = cuda ]; then
    CUDA_HOME=${CUDA_HOME:-${CUDA_PATH:-/usr/local/cuda}}
    export PATH="$CUDA_HOME/bin:$PATH"
    # So that PyInstaller finds (and bundles) libcudart and libcublas; the driver's libcuda
    # is never bundled: it must match the user's kernel module.
    export LD_LIBRARY_PATH="$CUDA_HOME/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

need "$PYTHON" "install Python 3.10 or newer"
need dpkg-deb "apt-get install dpkg-dev"
need objdump "apt-get install binutils (PyInstaller needs it)"
need ldd "apt-get install libc-bin"
"$PYTHON" - <<'EOF' || die "$PYTHON must be Python 3.10+ with venv and a shared libpython"
import sys, sysconfig, venv  # noqa: F401
assert sys.version_info >= (3, 10)
assert sysconfig.get_config_var("Py_ENABLE_SHARED"), "built without --enable-shared"
EOF

VERSION=$("$PYTHON" - <<'EOF'
import re
text = open("pyproject.toml", encoding="utf-8").read()
project = text.split("[project]", 1)[1].split("\n[", 1)[0]
print(re.search(r'^version\s*=\s*"([^"]+)"', project, re.M).group(1))
EOF
)
ARCH=$(uname -m)
DEB_ARCH=$(dpkg --print-architecture)
echo "LlamaDesk $VERSION for Linux $ARCH, llama.cpp: $ACCEL ($CMAKE_ARGS_USED)"

# ---------------------------------------------------------------------------------------------
say "Build environment: $VENV"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
export PATH="$VENV/bin:$PATH"
export PIP_DISABLE_PIP_VERSION_CHECK=1
python -m pip install --quiet --upgrade pip wheel

# ---------------------------------------------------------------------------------------------
say "llama-cpp-python $LLAMA_CPP_VERSION for distribution"
STAMP="$LLAMA_CPP_VERSION $CMAKE_ARGS_USED"
if [ "$(cat "$WHEELS/BUILT_WITH" 2>/dev/null)" != "$STAMP" ]; then
    rm -rf "$WHEELS"
fi
find_wheel() { find "$WHEELS" -maxdepth 1 -name "llama_cpp_python-$LLAMA_CPP_VERSION-*.whl" 2>/dev/null | head -1; }
WHEEL=$(find_wheel || true)
if [ -z "$WHEEL" ]; then
    need cmake "apt-get install cmake"
    need c++ "apt-get install build-essential"
    [ "$ACCEL" != cuda ] || need nvcc "install the CUDA toolkit"
    echo "Compiling llama.cpp: this takes 15-20 minutes on 2 cores, once."
    mkdir -p "$WHEELS"
    CMAKE_ARGS="$CMAKE_ARGS_USED" CMAKE_BUILD_PARALLEL_LEVEL=$(nproc) \
        python -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
        "llama-cpp-python==$LLAMA_CPP_VERSION" -w "$WHEELS"
    echo "$STAMP" > "$WHEELS/BUILT_WITH"
    WHEEL=$(find_wheel)
    [ -n "$WHEEL" ] || die "pip built no wheel in $WHEELS"
else
    echo "Reusing $WHEEL"
fi
# --force-reinstall of that one package only: a wheel from another build must not stay.
python -m pip install --quiet --no-deps --force-reinstall "$WHEEL"

say "LlamaDesk and PyInstaller"
# Installed (not editable) so that its metadata, which --version reads, is bundled.
python -m pip install --quiet ".[build]"
rm -rf "${BUILD:?}/lib" "${BUILD:?}"/bdist.*  # what setuptools leaves in build/
python - <<'EOF'
from importlib import metadata
import llama_cpp
print("llama-cpp-python", metadata.version("llama-cpp-python"), "from", llama_cpp.__file__)
print("PySide6-Essentials", metadata.version("PySide6-Essentials"))
print("PyInstaller", metadata.version("pyinstaller"))
EOF

# ---------------------------------------------------------------------------------------------
say "Translations and icons"
python packaging/translations.py release
QT_QPA_PLATFORM=offscreen python packaging/render_icons.py "$ICONS"

for lib in libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxkbcommon-x11.so.0; do
    if ! ldconfig -p | grep -q "$lib"; then
        echo "note: $lib is not installed here, so the portable .tar.gz will not carry it" \
             "(the .deb depends on it). apt-get install libxcb-cursor0 libxcb-icccm4" \
             "libxcb-keysyms1 libxkbcommon-x11-0 before building to bundle it."
    fi
done

say "PyInstaller: dist/llamadesk/"
LLAMADESK_ICON_DIR="$ICONS" pyinstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/pyinstaller" packaging/llamadesk.spec
BUNDLE=$DIST/llamadesk
# Python from pyenv and similar builds carries debug information (libpython: 23 MB -> 6 MB).
# Only those files are touched: wheels' libraries are already stripped, and some of them
# (auditwheel's *.libs) must not be rewritten.
while IFS= read -r -d '' file; do
    if readelf -S "$file" 2>/dev/null | grep -q '\.debug_info'; then
        strip --strip-debug "$file"
    fi
done < <(find "$BUNDLE" -type f \( -name '*.so*' -o -name llamadesk \) -print0)
"$BUNDLE/llamadesk" --version

if [ "${LLAMADESK_SKIP_SELFTEST:-0}" != 1 ]; then
    say "Self-test of the bundle"
    SELFTEST_ENV=(QT_QPA_PLATFORM=offscreen)
    if [ "$ACCEL" = cuda ] && ! ldconfig -p | grep -q 'libcuda\.so\.1'; then
        # No NVIDIA driver here (a CI machine): the toolkit's stub libcuda lets the CUDA build
        # start; it finds no GPU and runs the test on the CPU.
        mkdir -p "$BUILD/cuda-stub"
        ln -sf "$CUDA_HOME/lib64/stubs/libcuda.so" "$BUILD/cuda-stub/libcuda.so.1"
        SELFTEST_ENV+=(LD_LIBRARY_PATH="$BUILD/cuda-stub")
    fi
    env "${SELFTEST_ENV[@]}" "$BUNDLE/llamadesk" --self-test
fi

# ---------------------------------------------------------------------------------------------
TARBALL=$DIST/llamadesk-$VERSION-linux-$ARCH$SUFFIX.tar.gz
say "Portable archive: $(basename "$TARBALL")"
tar -C "$DIST" --sort=name --owner=0 --group=0 --numeric-owner \
    --transform "flags=r;s,^llamadesk,llamadesk-$VERSION," -cf - llamadesk | gzip -6 -n > "$TARBALL"

# ---------------------------------------------------------------------------------------------
DEB=$DIST/${PACKAGE}_${VERSION}_$DEB_ARCH.deb
say "Debian package: $(basename "$DEB")"
STAGE=$BUILD/deb/$PACKAGE
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$PACKAGE"
cp -a "$BUNDLE" "$STAGE/opt/llamadesk"
ln -s /opt/llamadesk/llamadesk "$STAGE/usr/bin/llamadesk"
install -m 644 resources/linux/llamadesk.desktop "$STAGE/usr/share/applications/"
install -D -m 644 resources/icons/llamadesk.svg \
    "$STAGE/usr/share/icons/hicolor/scalable/apps/llamadesk.svg"
for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "$ICONS/llamadesk-$size.png" \
        "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/llamadesk.png"
done
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" \
    resources/linux/io.github.llamadesk.LlamaDesk.metainfo.xml \
    > "$STAGE/usr/share/metainfo/io.github.llamadesk.LlamaDesk.metainfo.xml"
cat > "$STAGE/usr/share/doc/$PACKAGE/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: LlamaDesk

Files: *
Copyright: LlamaDesk developers
License: MIT

Files: opt/llamadesk/_internal/*
Comment: Bundled third-party components, each under its own licence: Python (PSF-2.0),
 Qt and PySide6 (LGPL-3.0-only), llama.cpp and llama-cpp-python (MIT), NumPy (BSD-3-Clause),
 Jinja2 (BSD-3-Clause), gguf (MIT), platformdirs (MIT), huggingface_hub (Apache-2.0).
EOF
find "$STAGE" -type d -exec chmod 755 {} +
chmod -R u+rwX,go+rX,go-w "$STAGE"

# The newest glibc symbol any bundled binary uses: the oldest system the package runs on.
GLIBC=$(find "$STAGE/opt" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
    | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' \
    | sort -uV | tail -1)
# What Qt's xcb and Wayland platform plugins link to that may not be bundled: PyInstaller
# leaves out libc, OpenGL/EGL, libxcb and libwayland-*; the others are bundled only when the
# build machine has them, so they are listed too.
DEPENDS="libc6 (>= $GLIBC), libgcc-s1, libstdc++6, libgomp1, libgl1, libegl1, libfontconfig1"
DEPENDS+=", libfreetype6, libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0"
DEPENDS+=", libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render0"
DEPENDS+=", libxcb-render-util0, libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-xfixes0"
DEPENDS+=", libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0"
DEPENDS+=", libwayland-client0, libwayland-cursor0, libwayland-egl1"  # Qt's Wayland platform
RECOMMENDS="libgtk-3-0"  # Qt's GTK theme plugin: native dialogs and colours on GNOME
if [ "$ACCEL" = cuda ]; then
    # llama.cpp's CUDA build links to the driver's libcuda.so.1: without an NVIDIA driver this
    # variant does not start (the CPU package is the one for everyone else).
    RECOMMENDS+=", libcuda1 | libnvidia-compute | nvidia-driver"
fi
CONFLICTS=""
[ "$PACKAGE" = llamadesk ] || CONFLICTS="Conflicts: llamadesk
Replaces: llamadesk
Provides: llamadesk
"
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $PACKAGE
Version: $VERSION
Architecture: $DEB_ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: $RECOMMENDS
${CONFLICTS}Section: utils
Priority: optional
Description: chat with LLaMA-family models on your own computer
 LlamaDesk runs large language models (GGUF files) locally with llama.cpp:
 offline and private once a model is downloaded. Streams answers, keeps
 searchable conversations, finds and downloads models from the Hugging Face
 Hub and shows which quantization fits this machine.
 .
 This package bundles its own Python, Qt and llama.cpp ($ACCEL build)
 under /opt/llamadesk.
EOF
rm -f "$DEB"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
dpkg-deb --info "$DEB" | sed -n '/Package:/,/Description:/p'

# ---------------------------------------------------------------------------------------------
ELAPSED=$(( $(date +%s) - START ))
echo "$ELAPSED" > "$BUILD/build-linux-$ACCEL.seconds"
say "Done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
printf '  %-52s %s\n' "dist/llamadesk/ (bundle)" "$(du -sh "$BUNDLE" | cut -f1)" \
    "$(basename "$TARBALL")" "$(du -h "$TARBALL" | cut -f1)" \
    "$(basename "$DEB")" "$(du -h "$DEB" | cut -f1)"
