#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and runs vigie on the shipped
# rulesets and contracts (the real Hospi Diag catalog and contracts written against it).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
echo
echo "$ vigie check rulesets contracts"
build/engine/vigie check rulesets contracts
