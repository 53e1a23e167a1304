#!/usr/bin/env bash
# Build llama.cpp's own llama-bench from the llama.cpp source vendored in the
# llama-cpp-python sdist of the installed version, with the same defaults as that
# package's build (Release, native CPU flags, OpenMP), into .bench/llama.cpp/.
# Usage: bash benchmarks/build_llama_bench.sh   (about 10 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/.bench/llama.cpp"
version=$(python -c "from importlib.metadata import version; print(version('llama-cpp-python'))")
if [ -x "$out/build/bin/llama-bench" ] && [ "$(cat "$out/version" 2>/dev/null)" = "$version" ]; then
  echo "$out/build/bin/llama-bench"; exit 0
fi
mkdir -p "$out"
python -m pip download --quiet --no-deps --no-binary :all: "llama-cpp-python==$version" -d "$out"
tar -xzf "$out/llama_cpp_python-$version.tar.gz" -C "$out"
src="$out/llama_cpp_python-$version/vendor/llama.cpp"
cmake -S "$src" -B "$out/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF >&2
cmake --build "$out/build" --target llama-bench -j "$(nproc)" >&2
echo "$version" > "$out/version"
echo "$out/build/bin/llama-bench"
