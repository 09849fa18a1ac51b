#!/usr/bin/env bash
# The README's second command (and CI's): installs what is missing, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cd build
ctest -j"${VIGIE_JOBS:-2}" --output-on-failure
