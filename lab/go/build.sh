#!/usr/bin/env bash
# Builds the lab's multi-call binary into $1. Called by lab/setup.sh; part of the cache key
# (with go.mod, go.sum and *.go), so changing how it builds rebuilds.
# Usage: GO=/path/to/go bash lab/go/build.sh OUTPUT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out="$1"
go_bin="${GO:-go}"

version_of() { awk -v m="$1" '$1 == m { print $2; exit }' go.mod; }
kube="$(version_of k8s.io/kubernetes)"
kwok="$(version_of sigs.k8s.io/kwok)"
minor="${kube#v1.}"; minor="${minor%%.*}"

# Upstream's release builds stamp versions with -X; without them /version says v0.0.0-master,
# which clients (and smm) would show or reject.
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$kube -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  ldflags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
done
ldflags+=" -X sigs.k8s.io/kwok/pkg/consts.Version=$kwok -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$kube"

# -mod=readonly: go.sum is a committed source, a build must not change it.
# GOTOOLCHAIN=local: never try to download a toolchain.
GOTOOLCHAIN=local GOFLAGS=-mod=readonly "$go_bin" build -trimpath -ldflags="$ldflags" -o "$out" .
