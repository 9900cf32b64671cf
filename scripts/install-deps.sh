#!/usr/bin/env bash
# Installs what gridops needs from Debian 12's packages, and nothing else.
# `--test` adds the test-only packages. Idempotent and non-interactive: when
# every package is present it prints nothing and returns in well under a
# second. apt-get as root, sudo otherwise.
set -euo pipefail

# One package a line; README.md says why each is here.
packages=(
  build-essential cmake pkg-config       # g++ 12, CMake, pkg-config
  libgdal-dev gdal-bin                   # OGR vector sources; ogrinfo for cross-checks
  libproj-dev proj-bin                   # coordinate transforms; cs2cs as the test oracle
  libgeos-dev                            # GEOS: benchmark peer, make-valid through OGR
  libboost-dev                           # Boost.Geometry rtree: benchmark peer
  libsqlite3-dev                         # the operations store
  libcpp-httplib-dev                     # the ingest API's HTTP server and the simulator's client
  libexpat1-dev                          # CAP 1.2 XML, parsed with entities refused
  curl                                   # trying the API by hand, as the README shows
  libglfw3-dev libgl-dev libgl1-mesa-dri # window, OpenGL 3.3 core, Mesa llvmpipe
  libimgui-dev                           # Dear ImGui 1.86 and its backend sources
  libstb-dev                             # stb_image_write for PNG output
  fonts-wqy-microhei                     # CJK font for Chinese labels
  nlohmann-json3-dev                     # JSON (inspect --json, grid sets, API)
  libfmt-dev                             # text formatting (g++ 12 has no std::format)
  libcli11-dev                           # command-line parsing
  libgtest-dev libgmock-dev              # tests
  libbenchmark-dev                       # bench/
  xvfb xauth                             # headless rendering in tests and CI
)
# `--test` adds what only the tests need.
test_packages=(
  postgresql-15 postgresql-15-postgis-3  # a real PostGIS source on loopback
)
[[ "${1:-}" == "--test" ]] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then sudo_cmd=(); else sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
