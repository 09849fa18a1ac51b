#!/usr/bin/env bash
# Installs vigie's build dependencies (Debian packages only) when they are missing, then configures
# and builds into build/. Safe to run again: it installs nothing that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake make            # toolchain
  antlr4                    # the ANTLR tool (4.7.2), run at build time to generate the parser
  libantlr4-runtime-dev     # the ANTLR C++ runtime (4.9)
  default-jre-headless      # Java, to run the ANTLR tool
  uuid-dev                  # needed by the ANTLR runtime
  catch2                    # tests (Catch2 v2)
  libboost-dev              # Boost.Spirit X3, for data-import literal parsers
  libsqlite3-dev            # the indicator store
  libssl-dev                # SHA-256 (OpenSSL libcrypto) of imported files
  libsodium-dev             # Ed25519 signatures of reports (vigie key, run --sign, verify --public-key)
  libcpp-httplib-dev        # vigie serve: the HTTP server (and the HTTP tests' client); libsodium hashes its passwords (Argon2id)
  pkg-config                # finds libsodium and cpp-httplib
  nlohmann-json3-dev        # JSON output (diagnostics, reports)
  libzip-dev                # .xlsx workbooks: the zip container (engine/ingest/xlsx_reader.cpp)
  libexpat1-dev             # .xlsx workbooks: the XML parts, streamed (engine/ingest/xlsx_reader.cpp)
  libcli11-dev              # CLI11 (2.1, header-only): the command line, one parser per command (engine/cli/command_line.cpp)
  python3                   # tools/make_diagnostics_doc.py (docs check in the test suite), fuzz/seeds.py
  clang                     # the sanitized build and the fuzz targets (tools/sanitized_build.sh, tools/fuzz.sh)
  libclang-rt-14-dev        # clang's sanitizer and libFuzzer runtimes
  llvm                      # llvm-symbolizer: sanitizer reports name functions and lines
  chromium                  # vigie run --formats pdf prints report.html to report.pdf (headless); ctests pdf/report and browser/*
  poppler-utils             # pdftotext: ctest pdf/report reads the page numbers and hashes back from the PDF
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "vigie setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node.js and npm for the browser tests (ctest browser/report_layout and browser/serve_pages, tests/browser/): Debian's
# packages, unless a node and an npm are already installed (from any source). Then the test's own
# packages (playwright-core, pinned by tests/browser/package-lock.json; it downloads no browser: the
# test launches Debian's /usr/bin/chromium).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "vigie setup: installing nodejs npm"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ ! -d tests/browser/node_modules ]; then
  echo "vigie setup: npm ci in tests/browser"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE="${VIGIE_BUILD_TYPE:-RelWithDebInfo}" -DVIGIE_WERROR="${VIGIE_WERROR:-OFF}" >/dev/null
cmake --build build -j"${VIGIE_JOBS:-2}"
