#!/bin/sh
# Install the Debian packages listed in scripts/apt-packages.txt (and, with an argument,
# scripts/apt-<name>.txt too) that are not installed yet. Idempotent and quiet when
# everything is present.
set -eu
cd "$(dirname "$0")"
lists="apt-packages.txt"
for extra in "$@"; do lists="$lists apt-$extra.txt"; done
missing=""
for pkg in $(cat $lists | sed 's/#.*//' | tr -s ' \n' '\n' | sed '/^$/d'); do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
		echo "error: missing packages:$missing (run as root or install them)" >&2; exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
