#!/usr/bin/env bash
# Install Debian packages when a program the tests need is missing. Idempotent: does nothing
# when the program is there. Used for Chromium (browser tests; Playwright drives it via
# executable_path, so no browser download is needed) and npm (axe-core).
#   scripts/ensure-debian-package.sh PROGRAM PACKAGE [PACKAGE ...]
set -euo pipefail

program="$1"
shift

if command -v "$program" >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo"
else
  echo "$program tidak ditemukan; memasangnya butuh root atau sudo tanpa kata sandi." >&2
  echo "$program is missing; installing it needs root or passwordless sudo. Run as root:" >&2
  echo "  apt-get update && apt-get install -y $*" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y "$@"
echo "Terpasang: $*"
