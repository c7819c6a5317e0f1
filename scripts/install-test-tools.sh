#!/bin/sh
# Installs the programs some tests look through, from Debian's packages, when missing:
# chromium (draws the SVG and the watch preview) and poppler-utils (reads the PDF).
# Without root or apt-get the tests that need them skip.
. "$(dirname "$0")/apt.sh"
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v pdffonts >/dev/null 2>&1 || need="$need poppler-utils"
[ -z "$need" ] && exit 0
if ! can_apt; then
  echo "note: tests that need$need will skip (apt-get install$need)" >&2
  exit 0
fi
apt_install "test tools:$need" $need || echo "note: could not install$need; their tests will skip" >&2
