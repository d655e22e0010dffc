#!/usr/bin/env bash
# Installs code-server (VS Code 1.100 workbench + Node extension host) into .cache/code-server/ for the
# integration and e2e suites, following docs/e2e.md. Idempotent: a marker file records a finished install.
set -euo pipefail

VERSION="4.100.3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${CODE_SERVER_DIR:-$ROOT/.cache/code-server}"
MARKER="$DEST/.installed-$VERSION"
ENTRY="$DEST/node_modules/code-server/out/node/entry.js"

if [[ -f "$MARKER" && -f "$ENTRY" ]]; then
  echo "code-server $VERSION already installed in $DEST (skipping)"
  exit 0
fi

RG="$(command -v rg || true)"
if [[ -z "$RG" ]]; then
  echo "ripgrep (rg) not found: install the Debian package 'ripgrep' first" >&2
  exit 1
fi

# Root installs need unsafe-perm; node-pty's install script calls npx, which must not prompt.
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false
export npm_config_update_notifier=false npm_config_loglevel=error

START=$SECONDS
phase() { echo "[install-code-server] $1 ($((SECONDS - START))s)"; }

mkdir -p "$DEST"
rm -f "$DEST"/.installed-*
cd "$DEST"
[[ -f package.json ]] || npm init -y >/dev/null

phase "npm install --ignore-scripts code-server@$VERSION"
npm install --ignore-scripts --no-save "code-server@$VERSION" >/dev/null

phase "npm rebuild argon2"
npm rebuild argon2 >/dev/null

VSC="$DEST/node_modules/code-server/lib/vscode"
cd "$VSC"
phase "lib/vscode: npm install --omit=dev --ignore-scripts"
npm install --omit=dev --ignore-scripts >/dev/null

phase "lib/vscode: ripgrep from $RG"
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG" node_modules/@vscode/ripgrep/bin/rg

phase "lib/vscode: npm rebuild (node-pty, spdlog, watcher, kerberos...)"
npm rebuild >/dev/null

phase "lib/vscode: symlinks"
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)

phase "lib/vscode/extensions: npm install --omit=dev --ignore-scripts && npm rebuild"
cd extensions
npm install --omit=dev --ignore-scripts >/dev/null
npm rebuild >/dev/null

phase "check: code-server --version"
XDG_CONFIG_HOME="$DEST/.xdg-config" XDG_DATA_HOME="$DEST/.xdg-data" node "$ENTRY" --version | head -n 1

touch "$MARKER"
phase "done: code-server $VERSION installed in $DEST"
