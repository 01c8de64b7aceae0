#!/usr/bin/env bash
# Make sure a Chromium exists for the browser tests, without downloading one in CI.
# 1. CHROMIUM_PATH or a chromium on PATH: use it.
# 2. apt available (Debian/Ubuntu, as in CI): install Debian's `chromium` package.
# 3. Otherwise (a contributor's laptop): Playwright's own browser download.
set -euo pipefail
python=${1:-python3}
found=""
for candidate in "${CHROMIUM_PATH:-}" "$(command -v chromium || true)" "$(command -v chromium-browser || true)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    found=1
  fi
done
# The Chinese pages need a CJK font, or Chromium draws their text as empty boxes.
cjk_font=""
if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; then
  cjk_font=1
fi
if [ -n "$found" ] && [ -n "$cjk_font" ]; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing Debian's chromium and fonts (Latin and CJK) for the browser tests..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core \
    fonts-noto-cjk >/dev/null
  exit 0
fi
if [ -n "$found" ]; then
  echo "No CJK font found: Chinese pages will show empty boxes in browser screenshots." >&2
  exit 0
fi
if [ -n "${CI:-}" ]; then
  echo "No Chromium found and no apt-get: install Chromium and set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Playwright's Chromium for the browser tests..."
"$python" -m playwright install chromium
