#!/usr/bin/env bash
# Builds the Go tools the tests use, from the Go module proxy, into
# $TENANTSCAN_TOOLS_DIR (default ~/.cache/tenantscan/tools/): kubectl from the control plane's pinned
# Kubernetes release (scripts/cluster/versions.env) and Helm (scripts/tools/versions.env), each
# through its committed wrapper module (scripts/tools/<tool>/go.mod). A stamp per tool (hash of its
# wrapper module and the recipe) decides whether the cached binary is current; a flock makes a
# parallel call wait for one build.
#   bash scripts/tools/build.sh [kubectl] [helm]     # default: both; prints the bin dir last
set -euo pipefail
main() {
  HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  . "$HERE/../cluster/versions.env"
  . "$HERE/versions.env"
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
  BIN=${TENANTSCAN_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tenantscan/tools}
  mkdir -p "$BIN"
  local tools=("$@")
  [ ${#tools[@]} -gt 0 ] || tools=(kubectl helm)
  for tool in "${tools[@]}"; do build_one "$tool"; done
  echo "$BIN"
}

build_one() {
  local tool=$1 pkg ld version
  # Bump RECIPE when the go build flags below change, so cached binaries get rebuilt.
  local RECIPE=1
  case "$tool" in
    kubectl)
      version=$K8S_VERSION pkg=k8s.io/kubernetes/cmd/kubectl
      ld="-s -w"
      for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X $p.gitTreeState=clean"
      done ;;
    helm)
      version=$HELM_VERSION pkg=helm.sh/helm/${HELM_VERSION%%.*}/cmd/helm
      ld="-s -w -X helm.sh/helm/${HELM_VERSION%%.*}/internal/version.version=$HELM_VERSION" ;;
    *) echo "build.sh: unknown tool '$tool' (kubectl, helm)" >&2; exit 2 ;;
  esac
  local stamp
  stamp=$( (echo "recipe=$RECIPE version=$version"; cat "$HERE/$tool/go.mod" "$HERE/$tool/go.sum") | sha256sum | cut -c1-16)
  current() { [ -x "$BIN/$tool" ] && [ "$(cat "$BIN/.$tool.stamp" 2>/dev/null)" = "$stamp" ]; }
  if current; then return 0; fi
  command -v go >/dev/null || { echo "build.sh: 'go' not found on PATH (need Go >= 1.26)" >&2; exit 1; }
  exec 9>"$BIN/.$tool.lock"
  flock 9
  if current; then exec 9>&-; return 0; fi
  local start tmp
  start=$(date +%s)
  tmp=$(mktemp -d "$BIN/.tmp.XXXXXX")
  echo "build.sh: building $tool $version -> $BIN" >&2
  if ! (cd "$HERE/$tool" && go build -trimpath -ldflags "$ld" -o "$tmp/$tool" "$pkg") >&2; then
    rm -rf "$tmp"; exit 1
  fi
  mv -f "$tmp/$tool" "$BIN/$tool"
  rm -rf "$tmp"
  echo "$stamp" > "$BIN/.$tool.stamp"
  echo "build.sh: $tool built in $(( $(date +%s) - start ))s" >&2
  exec 9>&-
}

# Parsed completely before it runs: editing this file during a long build is harmless.
main "$@"; exit $?
