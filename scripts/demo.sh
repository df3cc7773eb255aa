#!/usr/bin/env bash
# Installs what is missing, builds Cordon and opens the demo case (created once from the
# simulator's "mixed" scenario). Without a display it runs the same pipeline headless and
# says where the demo case and a screenshot of the main window were written.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake --preset release >/dev/null
cmake --build build/release --parallel "$(nproc)" --target cordon cordon-cli

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
    exec build/release/bin/cordon --demo
fi
shot="${TMPDIR:-/tmp}/cordon-demo-main-window.png"
QT_QPA_PLATFORM=offscreen build/release/bin/cordon --demo --screenshot "$shot"
