# shellcheck shell=bash
# What the dashboard's browser test needs: Debian's Chromium and the
# e2e/ folder's npm packages (playwright-core only; no browser download).
#
#   source .ci/browser.sh     # installs what is missing, exports CHROMIUM
#
# Installs the `chromium` package (and a font, for readable screenshots) with apt-get when /usr/bin/chromium is
# missing (needs root), and runs `npm ci` in e2e/ (from its lock file) when
# e2e/node_modules/playwright-core is missing. When anything fails it says
# why; the test then skips with a printed reason, unless
# DYAD_BROWSER_REQUIRED=1 (CI), which makes that a failure.

_dyad_browser_log() { echo "browser.sh: $*" >&2; }

_dyad_browser_setup() {
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    if [ ! -x /usr/bin/chromium ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            _dyad_browser_log "installing chromium (apt-get)"
            { apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core \
                || { apt-get update -q && apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core; }; } >/dev/null 2>&1 \
                || { _dyad_browser_log "apt-get install chromium failed"; return 1; }
        else
            _dyad_browser_log "no /usr/bin/chromium and cannot install it (not root or no apt-get)"
            return 1
        fi
    fi
    export CHROMIUM=/usr/bin/chromium
    if [ ! -d "$root/e2e/node_modules/playwright-core" ]; then
        command -v npm >/dev/null 2>&1 || { _dyad_browser_log "npm is not installed"; return 1; }
        _dyad_browser_log "npm ci in e2e/"
        (cd "$root/e2e" && npm ci --no-audit --no-fund --loglevel=error) >/dev/null \
            || { _dyad_browser_log "npm ci failed"; return 1; }
    fi
    _dyad_browser_log "$("$CHROMIUM" --version 2>/dev/null), playwright-core $(node -p 'require("./e2e/node_modules/playwright-core/package.json").version' 2>/dev/null)"
}

_dyad_browser_setup || true
