#!/usr/bin/env bash
# Makes sure a Chromium-family browser is on this machine, without downloading one from the web:
# on Debian/Ubuntu as root it installs the distribution's chromium package; otherwise it says
# exactly what to run. Used by `npm run setup` and by CI.
set -euo pipefail

have_browser() {
  if [ -n "${RATSDECK_BROWSER:-}" ] && [ -x "${RATSDECK_BROWSER}" ]; then return 0; fi
  for name in chromium chromium-browser google-chrome google-chrome-stable microsoft-edge microsoft-edge-stable; do
    if command -v "$name" >/dev/null 2>&1; then return 0; fi
  done
  for path in /usr/bin/chromium /snap/bin/chromium /opt/google/chrome/chrome /opt/microsoft/msedge/msedge \
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" \
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge" \
    "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
    if [ -x "$path" ]; then return 0; fi
  done
  return 1
}

if have_browser; then
  exit 0
fi

if [ "$(uname -s)" = "Linux" ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    echo "ratsdeck: no browser found; installing the distribution's chromium package" >&2
    apt-get update -qq
    # Debian calls the package chromium; Ubuntu's chromium-browser is a snap wrapper.
    if apt-cache show chromium >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    else
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-browser >/dev/null
    fi
    exit 0
  fi
  echo "ratsdeck: no Chromium, Chrome or Edge found. Install one, for example:" >&2
  echo "  sudo apt-get install chromium      # Debian" >&2
  echo "  sudo apt-get install chromium-browser   # Ubuntu" >&2
  echo "or set RATSDECK_BROWSER to the browser's path. HTML decks build without a browser." >&2
  exit 0
fi

echo "ratsdeck: no Chromium, Chrome or Edge found; PDFs need one (Windows has Edge; on macOS install Chrome or Edge)," >&2
echo "or set RATSDECK_BROWSER to the browser's path. HTML decks build without a browser." >&2
exit 0
