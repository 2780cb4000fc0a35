#!/usr/bin/env bash
# Install Debian's Chromium for screenshots and the end-to-end tests (Playwright drives it via
# executable_path, so no browser download is needed). Idempotent: does nothing when present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "Chromium sudah terpasang: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "Memasang Chromium butuh root atau sudo tanpa kata sandi." >&2
  echo "Installing Chromium needs root or passwordless sudo. Run as root:" >&2
  echo "  apt-get update && apt-get install -y chromium fonts-liberation2" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium fonts-liberation2
echo "Chromium terpasang: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
