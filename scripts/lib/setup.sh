# Shared by the scripts in scripts/: installs every tool fumi needs, each only when the
# pinned version is missing, then pins Trunk to exactly those tools.
# Source it; do not run it.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"     # 0.22 needs rustc >= 1.96
WASM_OPT_VERSION="132"      # from the npm package `binaryen`, pinned in package.json
# wasm-bindgen-cli must match the wasm-bindgen crate the app links.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    step "installing trunk $TRUNK_VERSION (cold: ~10-15 min on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
  fi
}

ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cold: ~5-7 min)"
    # Not --locked: its lockfile names a crate version the registry mirror lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
}

ensure_node_modules() {
  # npm records what it installed in node_modules/.package-lock.json; reinstall only
  # when package-lock.json has changed since.
  if ! cmp -s package-lock.json node_modules/.fumi-installed-lock 2>/dev/null; then
    step "installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund
    cp package-lock.json node_modules/.fumi-installed-lock
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    step "installing Chromium and ChromeDriver from Debian"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q chromium chromium-driver
  fi
}

# nginx with the pre-compressed brotli module: the CDN-like host of the nginx hosting
# test and the bench (tests/e2e/nginx.mjs runs it as an ordinary process on a high
# port; the system service is never used).
ensure_nginx() {
  if [ ! -x /usr/sbin/nginx ] \
    || [ ! -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
    step "installing nginx and its brotli_static module from Debian"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q nginx libnginx-mod-http-brotli-static
  fi
}

# Java for the Nu HTML validator (npm vnu-jar), which checks every page of the build.
ensure_java() {
  if ! command -v java >/dev/null; then
    step "installing a Java runtime from Debian (for the HTML validator)"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q default-jre-headless
  fi
}

# A Japanese-capable font for the link-preview images the publishing tool draws
# (crates/publish/src/preview_images.rs reads this file; `preview_font` in fumi.toml
# names another), and for Japanese text in the browser tests' screenshots.
ensure_fonts() {
  if [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc ]; then
    step "installing Noto Sans CJK from Debian (for link-preview images)"
    as_root apt-get update -q
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q fonts-noto-cjk
  fi
}

ensure_clippy() {
  if ! cargo clippy --version >/dev/null 2>&1; then
    step "adding clippy to the Rust toolchain"
    rustup component add clippy
  fi
}

# Tools for building the site.
setup_build_tools() {
  ensure_fonts
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_node_modules
  export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  # Trunk uses exactly these versions and fails loudly instead of downloading others.
  export TRUNK_TOOLS_WASM_BINDGEN="$WASM_BINDGEN_VERSION"
  export TRUNK_TOOLS_WASM_OPT="version_$WASM_OPT_VERSION"
  if [ "$(wasm-opt --version)" != "wasm-opt version $WASM_OPT_VERSION (version_$WASM_OPT_VERSION)" ]; then
    echo "wasm-opt on PATH is not binaryen $WASM_OPT_VERSION: $(command -v wasm-opt)" >&2
    exit 1
  fi
  step "fetching crates"
  cargo fetch --locked --quiet
}

# Tools for building and testing.
setup_test_tools() {
  ensure_chromium
  ensure_nginx
  ensure_java
  ensure_clippy
  setup_build_tools
}
