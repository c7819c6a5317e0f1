# Sourced by the install scripts: Debian's packages, installed quietly, as root.

# Whether this shell may install packages: root, on a system with apt-get.
can_apt() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
}

# apt_install WHAT PACKAGE...: says "installing WHAT", then installs the packages.
apt_install() {
  echo "installing $1"
  shift
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
