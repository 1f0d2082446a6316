#!/usr/bin/env bash
# Runs every test. Installs the system tools the tests drive (Chromium for
# the browser tests, poppler-utils for PDF text) when they are missing, and
# the test-only packages (npm, PyPI) into the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# qpdf checks the workbook PDFs lectern rewrites to add form fields.
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v npm >/dev/null 2>&1 || need+=(npm)
# LibreOffice Impress and its Python bridge: the PowerPoint round trip
# opens, edits and saves a built file in Impress by script, and the import
# reads what Impress writes. Without its recommends: no desktop, no Java.
lean=()
command -v soffice >/dev/null 2>&1 || lean+=(libreoffice-impress)
/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || lean+=(python3-uno)
# Neovim: its built-in LSP client is driven against `lectern lsp`.
command -v nvim >/dev/null 2>&1 || need+=(neovim)
if ((${#need[@]} + ${#lean[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "installing ${need[*]} ${lean[*]}" >&2
    apt-get update -qq
    if ((${#need[@]})); then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    fi
    if ((${#lean[@]})); then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
    fi
  else
    echo "missing ${need[*]} ${lean[*]}: install with 'sudo apt-get install ${need[*]} ${lean[*]}' (tests that need them will say so)" >&2
  fi
fi
# The CommonMark spec examples (npm package commonmark-spec) for the
# robustness test; fetched into the build folder, never vendored.
spec_dir="${CARGO_TARGET_DIR:-target}/commonmark-spec"
if [ ! -f "$spec_dir/spec.json" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$spec_dir"
  (cd "$spec_dir" && npm install --silent --no-audit --no-fund --prefix . commonmark-spec@0.31.2 >/dev/null 2>&1 \
    && node -e 'const s=require("./node_modules/commonmark-spec"); require("fs").writeFileSync("spec.json", JSON.stringify(s.tests))') \
    || echo "could not fetch commonmark-spec (npm); the CommonMark test will say so" >&2
fi
if [ -f "$spec_dir/spec.json" ]; then
  LECTERN_COMMONMARK_SPEC="$(cd "$spec_dir" && pwd)/spec.json"
  export LECTERN_COMMONMARK_SPEC
fi
# axe-core (npm) for the accessibility test, the same way: fetched, not
# vendored; its folder named by its version, so a new pin is fetched anew.
axe_version=4.14.1
axe_dir="${CARGO_TARGET_DIR:-target}/axe-core-$axe_version"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$axe_dir"
  (cd "$axe_dir" && npm install --silent --no-audit --no-fund --prefix . "axe-core@$axe_version" >/dev/null 2>&1) \
    || echo "could not fetch axe-core (npm); the accessibility test will say so" >&2
fi
if [ -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  LECTERN_AXE="$(cd "$axe_dir" && pwd)/node_modules/axe-core/axe.min.js"
  export LECTERN_AXE
fi
# python-pptx (PyPI) for the PowerPoint test: a real reader of what
# `--format pptx` writes, and pypdf, which fills the workbook's form
# fields; in a virtual environment in the build folder.
py_dir="${CARGO_TARGET_DIR:-target}/py"
if ! "$py_dir/bin/python" -c 'import pptx, pypdf' >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  (python3 -m venv "$py_dir" && "$py_dir/bin/python" -m pip install --quiet --disable-pip-version-check python-pptx==1.0.2 pypdf==6.1.1) >/dev/null 2>&1 \
    || echo "could not install python-pptx or pypdf (pip); the PowerPoint and form tests will say so" >&2
fi
if "$py_dir/bin/python" -c 'import pptx' >/dev/null 2>&1; then
  LECTERN_PYTHON="$(cd "$py_dir" && pwd)/bin/python"
  export LECTERN_PYTHON
fi
# python-pptx's own test files (PowerPoint wrote them; MIT), from the same
# pinned release's source package on PyPI: files the import must read.
pptx_files="${CARGO_TARGET_DIR:-target}/pptx-files"
if [ ! -d "$pptx_files/python_pptx-1.0.2" ] && [ -x "$py_dir/bin/python" ]; then
  mkdir -p "$pptx_files"
  ("$py_dir/bin/python" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
      --dest "$pptx_files" python-pptx==1.0.2 >/dev/null 2>&1 \
    && tar -xzf "$pptx_files/python_pptx-1.0.2.tar.gz" -C "$pptx_files") \
    || echo "could not fetch python-pptx's source package (pip); its files' test will say so" >&2
fi
if [ -d "$pptx_files/python_pptx-1.0.2" ]; then
  LECTERN_PPTX_FILES="$(cd "$pptx_files/python_pptx-1.0.2" && pwd)"
  export LECTERN_PPTX_FILES
fi
# The VS Code extension (editors/vscode) packaged as a .vsix with
# @vscode/vsce, its npm packages installed into the build folder as its
# package-lock.json pins them; built again only when its sources change.
vsix_dir="${CARGO_TARGET_DIR:-target}/vscode"
vsix_stamp="$(cat editors/vscode/package*.json editors/vscode/tsconfig.json editors/vscode/src/*.ts | sha256sum | cut -c1-16)"
if [ "$(cat "$vsix_dir/stamp" 2>/dev/null)" != "$vsix_stamp" ] && command -v npm >/dev/null 2>&1; then
  rm -rf "$vsix_dir/out" "$vsix_dir/lectern.vsix"
  mkdir -p "$vsix_dir"
  cp -r editors/vscode/. "$vsix_dir/"
  (cd "$vsix_dir" && npm ci --silent --no-audit --no-fund >/dev/null 2>&1 \
    && npx tsc -p . && npx vsce package --allow-missing-repository -o lectern.vsix >/dev/null 2>&1 \
    && echo "$vsix_stamp" > stamp) \
    || echo "could not build the VS Code extension (npm, tsc, vsce); its test will say so" >&2
fi
if [ -f "$vsix_dir/lectern.vsix" ]; then
  LECTERN_VSIX="$(cd "$vsix_dir" && pwd)/lectern.vsix"
  export LECTERN_VSIX
fi
# Tests run in the release profile: they reuse everything the README's first
# command compiled (the Typst tree is built once, not twice), and Typst runs
# at full speed.
cargo test --release --locked "$@"
