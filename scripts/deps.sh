#!/usr/bin/env bash
# Installs the Debian 12 packages Cordon needs that are missing. Quiet and quick when
# nothing is missing; uses sudo when not run as root.
#   scripts/deps.sh [--no-gui] [--test-peers]
# --test-peers adds the real programs the tests talk to (Prometheus Alertmanager; logger is
# in bsdutils, which every Debian has).
set -euo pipefail

packages=(build-essential cmake ninja-build pkg-config
          libsqlite3-dev sqlite3 nlohmann-json3-dev libspdlog-dev libssl-dev
          libhttp-parser-dev wamerican wbritish qt6-base-dev)
if [[ " $* " != *" --no-gui "* ]]; then
    # Qt6Charts' CMake package needs Qt6OpenGL's, which qt6-charts-dev does not pull in.
    packages+=(qt6-charts-dev libqt6opengl6-dev libgl-dev qt6-qpa-plugins xauth xvfb)
fi
if [[ " $* " == *" --test-peers "* ]]; then
    packages+=(prometheus-alertmanager bsdutils)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
