#!/usr/bin/env bash
# Installs what is missing, builds Cordon with warnings as errors, proves the engine builds
# without the GUI, and runs every test. Safe to run again; only changed files rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh --test-peers
jobs=$(nproc)

# The engine, CLI, benchmarks and core tests with the GUI switched off.
cmake --preset headless >/dev/null
cmake --build build/headless --parallel "$jobs" -- -k 0

# Everything, GUI included, and the whole test suite on it.
cmake --preset ci >/dev/null
cmake --build build/ci --parallel "$jobs" -- -k 0
QT_QPA_PLATFORM=offscreen ctest --test-dir build/ci --output-on-failure --timeout 900 -j 2
