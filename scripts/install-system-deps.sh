#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, if missing:
#   fonts-ipaexfont-gothic, fonts-noto-cjk, fontconfig, libpango — the PDFs (WeasyPrint) with a Japanese font
#   python3-venv (only when python3 lacks ensurepip)  — the .venv that make creates
#   chromium, poppler-utils, zbar-tools   — tests only (browser tests; pdftotext, pdffonts; QR decoding)
#   nodejs, npm (only when no `npm` is on PATH) — tests only (axe-core; Lighthouse for make bench)
# Usage: install-system-deps.sh [build|test]   (default: test, which includes build)
set -euo pipefail
packages=(fonts-ipaexfont-gothic fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0)
# Debian's python3 makes no virtual environment without python3-venv (ensurepip); a Python that has it is kept.
python3 -c "import ensurepip" >/dev/null 2>&1 || packages+=(python3-venv)
if [ "${1:-test}" = "test" ]; then
  packages+=(chromium poppler-utils zbar-tools)
  # A Node.js already on the machine (e.g. from NodeSource) is kept; Debian's is enough otherwise.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "error: missing Debian packages: ${missing[*]} (hint: run as root: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
