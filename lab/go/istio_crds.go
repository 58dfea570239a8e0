//go:build istiocrds

package main

// Never compiled (the build tag is never set). It only makes `go mod tidy` keep istio.io/api in
// go.mod and its checksum in go.sum, so the Istio version whose CRDs the lab installs is pinned
// and verified like any other dependency. setup.sh takes
// kubernetes/customresourcedefinitions.gen.yaml from that module's directory.
import _ "istio.io/api/networking/v1"
