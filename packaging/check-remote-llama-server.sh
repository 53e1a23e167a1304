#!/usr/bin/env bash
# The slow check of the remote engine against llama.cpp's own llama-server (not part of the
# test command): builds llama-server from the llama.cpp source vendored in the installed
# llama-cpp-python (benchmarks/build_llama_bench.sh, about 10 minutes on 2 cores the first
# time), then runs the remote engine's, the connections', the terminal's and the
# Connections page's tests with llama-server in place of llama-cpp-python's server
# (LLAMADESK_LLAMA_SERVER): listing models, streamed answers, Stop, a wrong key, a server
# down or killed mid-answer, a silent server, proxies, TLS, offline mode.
# Usage: bash packaging/check-remote-llama-server.sh [pytest options]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
server=$(bash benchmarks/build_llama_bench.sh llama-server | tail -n 1)
echo "llama-server: $server ($("$server" --version 2>&1 | grep -m1 -i version || true))" >&2
export LLAMADESK_LLAMA_SERVER="$server"
export PYTHONPATH="$root/app${PYTHONPATH:+:$PYTHONPATH}" QT_QPA_PLATFORM=offscreen
python -m pytest -q -p no:cacheprovider \
  tests/core/engine/test_remote.py \
  tests/core/connections \
  tests/cli/test_connections.py \
  tests/ui/model_manager/test_connections_page.py \
  "$@"
