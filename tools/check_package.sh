#!/usr/bin/env bash
# Builds the .deb (CPack, cmake/VigiePackage.cmake) from build/, installs it into a scratch folder
# as dpkg would lay it out, and runs the installed vigie: --version, then `check` on the installed
# catalogs and contracts. Fails if any step does. CI's last stage (tools/test.sh).
#
#   tools/check_package.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"

rm -f "$build"/vigie_*.deb
cmake --build "$build" --target package -j"${VIGIE_JOBS:-2}" >"$build/package.log" 2>&1 || {
  tail -20 "$build/package.log"
  echo "package: cpack failed (log: $build/package.log)"
  exit 1
}
deb=$(ls "$build"/vigie_*.deb)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Architecture Depends | sed 's/^/   /'

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb --extract "$deb" "$root"
vigie="$root/usr/bin/vigie"
"$vigie" --version
"$vigie" check "$root/usr/share/vigie/rulesets" "$root/usr/share/vigie/contracts" >/dev/null
for page in "$root"/usr/share/man/man1/vigie.1*; do
  [ -e "$page" ] && echo "package: man page $(basename "$page")"
done
echo "package: installs and runs"
