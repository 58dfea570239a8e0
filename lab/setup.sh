#!/usr/bin/env bash
# Prepares everything the lab needs, once per machine: Debian packages (etcd, Prometheus,
# openssl), one multi-call binary with kube-apiserver, kube-controller-manager, kube-scheduler and
# kwok built from their Go modules, kwok's default Stages, and Istio's CRDs.
#
# Idempotent and quiet when everything is cached (well under 2 s), so `npm test` runs it every
# time. The cache lives outside the clone (${SMM_LAB_CACHE:-$HOME/.cache/smm-lab}) so a fresh
# clone (CI) reuses it; built binaries are keyed by a hash of lab/go's sources, so editing go.mod
# or a .go file rebuilds, and lab.ts computes the same key (lab/paths.ts) to find them.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GO_DIR="$LAB_DIR/go"
CACHE="${SMM_LAB_CACHE:-$HOME/.cache/smm-lab}"
MIN_GO_MINOR=26 # go.mod says go 1.26.0; an older Go would try to download a toolchain

say() { printf 'smm lab setup: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# --- prerequisites -------------------------------------------------------------------------

find_go() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  if [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go; return; fi
  return 1
}

require_go() {
  GO_BIN="$(find_go)" || die "Go 1.$MIN_GO_MINOR or newer is required to build the lab's Kubernetes components: install Go and put it on PATH (or set GO=/path/to/go), then run: bash lab/setup.sh"
  local v
  v="$(GOTOOLCHAIN=local "$GO_BIN" env GOVERSION 2>/dev/null)" ||
    die "cannot run Go at '$GO_BIN': install Go 1.$MIN_GO_MINOR or newer (or fix GO=...), then run: bash lab/setup.sh"
  local minor="${v#go1.}"; minor="${minor%%.*}"
  [[ "$minor" =~ ^[0-9]+$ && "$minor" -ge "$MIN_GO_MINOR" ]] ||
    die "Go 1.$MIN_GO_MINOR or newer is required, found $v at $GO_BIN: install a newer Go, then run: bash lab/setup.sh"
}

# Command -> Debian package. Checking the commands (not dpkg) keeps the cached path fast.
declare -A APT_FOR=([etcd]=etcd-server [prometheus]=prometheus [openssl]=openssl [flock]=util-linux)

install_debian_packages() {
  local missing=() cmd
  for cmd in "${!APT_FOR[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${APT_FOR[$cmd]}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0

  command -v apt-get >/dev/null 2>&1 ||
    die "missing programs from Debian packages ${missing[*]} and no apt-get: install them with your package manager, then run: bash lab/setup.sh"
  [[ "$(id -u)" -eq 0 ]] ||
    die "missing Debian packages: run 'sudo apt-get install -y ${missing[*]}', then: bash lab/setup.sh"

  say "installing Debian packages: ${missing[*]}"
  # The etcd and prometheus packages enable system services. The lab runs its own processes on
  # free loopback ports, so forbid service starts during the install (policy-rc.d is Debian's
  # switch for that; harmless where there is no init system, needed where there is one).
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; added_policy=1
  fi
  local rc=0
  { DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
    >"$CACHE/apt.log" 2>&1 || rc=$?
  [[ $added_policy -eq 1 ]] && rm -f "$policy"
  [[ $rc -eq 0 ]] || { tail -20 "$CACHE/apt.log" >&2; die "apt-get failed (log: $CACHE/apt.log)"; }
  # Stop any packaged service that an init system started anyway: ours must own the ports.
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    systemctl disable --now etcd prometheus >/dev/null 2>&1 || true
  fi
}

# --- Kubernetes components ------------------------------------------------------------------

# Same algorithm as sourceKey() in lab/paths.ts: sha256 over "name\n" + content of go.mod,
# go.sum, build.sh and the *.go files, in byte order of their names; first 16 hex digits.
source_key() {
  local f
  (
    cd "$GO_DIR"
    for f in $(printf '%s\n' go.mod go.sum build.sh *.go | LC_ALL=C sort); do
      printf '%s\n' "$f"; cat "$f"
    done
  ) | sha256sum | cut -c1-16
}

# Keeps the few most recently used builds (other clones may be on other commits), drops older
# ones: each is ~160 MB. A running lab keeps its binary even if it is deleted here.
prune_old_builds() {
  local keep=3 dir
  # shellcheck disable=SC2012 # names are ours: k8s-<hex>
  for dir in $(ls -1dt "$CACHE"/k8s-* 2>/dev/null | tail -n +$((keep + 1))); do
    rm -rf "$dir"
  done
}

build_components() {
  local out="$CACHE/k8s-$(source_key)"
  if [[ -x "$out/smm-lab-k8s" && -s "$out/kwok-stages.yaml" ]]; then
    touch "$out" # most recently used
    return 0
  fi
  require_go
  mkdir -p "$out"
  say "building kube-apiserver, kube-controller-manager, kube-scheduler and kwok from Go modules"
  say "(first build: about 6-10 minutes on 2 cores; log: $out/build.log)"
  local start=$SECONDS tmp="$out/smm-lab-k8s.tmp.$$"
  if ! GO="$GO_BIN" bash "$GO_DIR/build.sh" "$tmp" >"$out/build.log" 2>&1; then
    rm -f "$tmp"; tail -30 "$out/build.log" >&2; die "go build failed (log: $out/build.log)"
  fi
  "$tmp" kwok-stages >"$out/kwok-stages.yaml.tmp"
  mv "$out/kwok-stages.yaml.tmp" "$out/kwok-stages.yaml"
  mv "$tmp" "$out/smm-lab-k8s" # last: its presence marks a complete entry
  say "built in $((SECONDS - start)) s: $out/smm-lab-k8s"
  prune_old_builds
}

# --- Istio CRDs -------------------------------------------------------------------------------

# The version is pinned in lab/go/go.mod (see istio_crds.go), the checksum in go.sum.
fetch_istio_crds() {
  local version
  version="$(awk '$1 == "istio.io/api" { print $2; exit }' "$GO_DIR/go.mod")"
  [[ -n "$version" ]] || die "istio.io/api is not required in $GO_DIR/go.mod"
  local out="$CACHE/istio-api-$version/customresourcedefinitions.gen.yaml"
  [[ -s "$out" ]] && return 0
  require_go
  say "fetching Istio CRDs from the Go module istio.io/api@$version"
  local dir
  dir="$(cd "$GO_DIR" && GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$GO_BIN" mod download -json istio.io/api |
         sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  local src="$dir/kubernetes/customresourcedefinitions.gen.yaml"
  [[ -s "$src" ]] || die "istio.io/api@$version has no kubernetes/customresourcedefinitions.gen.yaml (looked in '$dir')"
  mkdir -p "$(dirname "$out")"
  cat "$src" >"$out.tmp" && mv "$out.tmp" "$out" # cat: the module cache is read-only
}

main() {
  mkdir -p "$CACHE"
  install_debian_packages
  # One setup at a time per cache: two clones (or a person and CI) must not build into the
  # same entry at once.
  exec 9>"$CACHE/.setup.lock"
  flock 9
  build_components
  fetch_istio_crds
}

main "$@"
