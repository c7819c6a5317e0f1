#!/bin/sh
# Installs the fonts pilgi draws with, from Debian's packages, when they are missing.
# Fonts are never kept in the repository. Users without root can instead put the
# files in ~/.local/share/fonts or a folder named by PILGI_FONT_DIR.
set -e
. "$(dirname "$0")/apt.sh"
need=""
fc_has() { [ -n "$(find /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" ${PILGI_FONT_DIR:-} -name "$1" 2>/dev/null | head -n 1)" ]; }
fc_has NanumBarunpenR.ttf || need="$need fonts-nanum-extra"
fc_has NanumGothicCoding.ttf || need="$need fonts-nanum"
fc_has NotoColorEmoji.ttf || need="$need fonts-noto-color-emoji"
fc_has DejaVuSans.ttf || need="$need fonts-dejavu-core"
[ -z "$need" ] && exit 0
if ! can_apt; then
  echo "pilgi needs these font packages:$need (apt-get install$need)" >&2
  exit 1
fi
apt_install "fonts:$need" $need
