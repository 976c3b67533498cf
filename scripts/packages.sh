# Debian 12 packages depeche needs, shared by scripts/demo and scripts/test.
# Sourced, not run.

# What building and running the portal needs.
DEPECHE_BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git ca-certificates
  libboost-dev libsqlite3-dev libpugixml-dev nlohmann-json3-dev libgumbo-dev
  libkainjow-mustache-dev libicu-dev libcli11-dev libtomlplusplus-dev libfmt-dev
  libspdlog-dev libcurl4-openssl-dev libxapian-dev libsodium-dev
  libpwquality-dev cracklib-runtime zlib1g-dev libbrotli-dev libpq-dev
)

# What the tests need on top: GoogleTest, Debian's Chromium for the
# accessibility, XSS and page checks, Node.js to drive it, Java for the Nu
# HTML checker (tests/browser/pages.mjs), sqlmap and wapiti for the attack
# scan (scripts/security-scan), clang 14 with its runtime for the libFuzzer
# targets (scripts/fuzz), xmllint to check sitemaps against their schemas and
# Debian's feedparser (for /usr/bin/python3) to read the feeds as a client,
# PostgreSQL for the store tests' second backend (scripts/postgres-cluster)
# and nginx to balance the two-node test.
DEPECHE_TEST_PACKAGES=(
  libgtest-dev libgmock-dev libbenchmark-dev chromium fonts-dejavu-core nodejs
  default-jre-headless sqlmap wapiti clang-14 libclang-rt-14-dev
  libxml2-utils python3-feedparser postgresql nginx
)

# Installs the given packages with apt-get (as root, or through sudo).
depeche_install_packages() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "depeche: run as root or install sudo to install: $*" >&2
      return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "$@"
  # Debian ships npm apart from nodejs; some nodejs builds already carry it.
  if ! command -v npm >/dev/null 2>&1; then
    "${sudo[@]}" apt-get install -y --no-install-recommends npm
  fi
}

# Configures and builds depeche in Release into $1 with warnings as errors.
depeche_build() {
  local root=$1 build=$2
  shift 2
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDEPECHE_WERROR=ON "$@"
  cmake --build "$build" --parallel "$(nproc)"
}
