#!/bin/sh
# Installs tesseract with Korean and English data (Debian packages) for the legibility
# test; the test skips when they are missing. Needs root; skipped when already there.
set -e
if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>&1 | grep -qx kor \
   && tesseract --list-langs 2>&1 | grep -qx eng; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "the OCR test needs: apt-get install tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng (skipped)" >&2
  exit 0
fi
echo "installing tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng >/dev/null
