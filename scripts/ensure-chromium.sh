#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (playwright-core cannot download a browser here).
# Installs it when missing and this user may use apt; otherwise says so — the browser tests then fail
# with a clear message rather than pass without a browser.
# A Chinese font too: without one, screenshots show empty boxes instead of characters.
have_font() { fc-list 2>/dev/null | grep -qiE "wqy|noto.*cjk|droid.*fallback"; }
if [ -x /usr/bin/chromium ] && have_font; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium and a Chinese font for the browser tests …"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) || echo "could not install chromium"
else
  echo "chromium is missing: install Debian's chromium (apt-get install chromium) to run the browser tests"
fi
exit 0
