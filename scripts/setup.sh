#!/usr/bin/env bash
# System packages for the tests (Debian/Ubuntu): Chromium and ripgrep, used as they are, and the headers
# code-server's native modules build against (integration and end-to-end); PyTorch and the BLAS it runs on
# (the pytorch layer runs exported scripts with it); Inkscape, which the views layer renders an exported SVG
# with, to compare it with the preview. Idempotent: installs only what is missing. Run as root,
# or with sudo available; otherwise it prints the command to run.
set -euo pipefail

packages=(chromium ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev python3-torch libopenblas0-pthread inkscape)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all present (${packages[*]})"
  exit 0
fi

command="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  bash -c "$command"
elif command -v sudo >/dev/null 2>&1; then
  sudo bash -c "$command"
else
  echo "setup: not root and no sudo; run this as root:" >&2
  echo "  $command" >&2
  exit 1
fi

for tool in /usr/bin/chromium /usr/bin/rg /usr/bin/inkscape; do
  [ -x "$tool" ] || { echo "setup: $tool is still missing after the install" >&2; exit 1; }
done
echo "setup: done"
