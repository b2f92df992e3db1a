#!/bin/sh
# Make Debian's chromium available for the browser tests (tests/test_web_browser.py).
# Installs it with apt when missing and we are root; otherwise says why those tests
# will skip. Never fails the build: the browser tests skip without a browser.
set -u

browser="${BACKCHANNEL_CHROMIUM:-}"
if [ -n "$browser" ]; then
    if [ -x "$browser" ]; then
        echo "ensure-chromium: using $browser (BACKCHANNEL_CHROMIUM)"
    else
        echo "ensure-chromium: BACKCHANNEL_CHROMIUM=$browser is not an executable; browser tests will skip"
    fi
    exit 0
fi
if command -v chromium >/dev/null 2>&1; then
    echo "ensure-chromium: $(command -v chromium) present"
    exit 0
fi
if [ "$(id -u)" != "0" ]; then
    echo "ensure-chromium: chromium is not installed and we are not root; browser tests will skip (sudo apt-get install chromium)"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: chromium is not installed and there is no apt-get; browser tests will skip"
    exit 0
fi
echo "ensure-chromium: installing Debian's chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq chromium >/dev/null 2>&1; then
    # A fresh container has no package lists yet.
    apt-get update -qq >/dev/null 2>&1 || true
    apt-get install -y -qq chromium >/dev/null 2>&1 || true
fi
if command -v chromium >/dev/null 2>&1; then
    echo "ensure-chromium: installed $(command -v chromium)"
else
    echo "ensure-chromium: could not install chromium with apt-get; browser tests will skip"
fi
exit 0
