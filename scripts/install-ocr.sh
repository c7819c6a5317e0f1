#!/bin/sh
# Installs tesseract with Korean and English data (Debian packages) for the legibility
# test; the test skips when they are missing. Needs root; skipped when already there.
set -e
. "$(dirname "$0")/apt.sh"
if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx kor \
   && tesseract --list-langs 2>&1 | grep -qx eng; then
  exit 0
fi
packages="tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng"
if ! can_apt; then
  echo "the OCR test needs: apt-get install $packages (skipped)" >&2
  exit 0
fi
apt_install "$packages" $packages
