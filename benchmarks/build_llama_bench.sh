#!/usr/bin/env bash
# Build one of llama.cpp's own programs, llama-bench (the default) or llama-server, from
# the llama.cpp source vendored in the llama-cpp-python sdist of the installed version,
# with the same defaults as that package's build (Release, native CPU flags, OpenMP),
# into .bench/llama.cpp/.
# Usage: bash benchmarks/build_llama_bench.sh [llama-bench|llama-server]
#        (about 10 minutes on 2 cores; a second target reuses the first one's libraries)
# Prints the path of the program as the last line of stdout; the build log goes to stderr.
set -euo pipefail
target=${1:-llama-bench}
case "$target" in
  llama-bench|llama-server) ;;
  *) echo "usage: $0 [llama-bench|llama-server]" >&2; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.bench/llama.cpp"
version=$(python -c "from importlib.metadata import version; print(version('llama-cpp-python'))")
if [ -x "$out/build/bin/$target" ] && [ "$(cat "$out/version" 2>/dev/null)" = "$version" ]; then
  echo "$out/build/bin/$target"; exit 0
fi
# Some virtual machines report Intel AMX but fault on its instructions (SIGILL in
# llama.cpp's matrix code); build without AMX there, as .ci/run does for the package.
if grep -qw amx_tile /proc/cpuinfo 2>/dev/null; then
  export CFLAGS="${CFLAGS:-} -mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  export CXXFLAGS="${CXXFLAGS:-} -mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
fi
# Ninja if there is one (on PATH or from `pip install ninja`), else Unix Makefiles.
if command -v ninja >/dev/null 2>&1; then generator=Ninja; else generator="Unix Makefiles"; fi
mkdir -p "$out"
tarball="$out/llama_cpp_python-$version.tar.gz"
if [ ! -f "$tarball" ]; then
  python -m pip download --quiet --no-deps --no-binary :all: "llama-cpp-python==$version" -d "$out"
fi
if [ -f "$out/version" ] && [ "$(cat "$out/version")" != "$version" ]; then
  rm -rf "$out/build" "$out/version"  # built for another version: its CMake cache names that source
fi
src="$out/llama_cpp_python-$version/vendor/llama.cpp"
[ -d "$src" ] || tar -xzf "$tarball" -C "$out"  # kept, so an interrupted build goes on
cmake -S "$src" -B "$out/build" -G "$generator" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON >&2
cmake --build "$out/build" --target "$target" -j "$(nproc)" >&2
echo "$version" > "$out/version"
echo "$out/build/bin/$target"
