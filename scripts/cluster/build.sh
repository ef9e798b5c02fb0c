#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kube-controller-manager from the Go module proxy into
# $TENANTSCAN_BIN_DIR (default ~/.cache/tenantscan/<k8s version>/), once. A stamp file
# (hash of the wrapper go.mod/go.sum files) decides whether the cached binaries are current.
# Prints the bin dir on the last line of stdout.
set -euo pipefail
main() {
  HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  . "$HERE/versions.env"
  export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false

  BIN=${TENANTSCAN_BIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tenantscan/$K8S_VERSION}
  mkdir -p "$BIN"
  # Bump RECIPE when the go build flags below change, so cached binaries get rebuilt.
  RECIPE=1
  STAMP=$( (echo "recipe=$RECIPE"; cat "$HERE/versions.env" "$HERE/k8s/go.mod" "$HERE/k8s/go.sum" \
               "$HERE/etcd/go.mod" "$HERE/etcd/go.sum") | sha256sum | cut -c1-16)

  current() {
    [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -x "$BIN/etcd" ] \
      && [ "$(cat "$BIN/.stamp" 2>/dev/null)" = "$STAMP" ]
  }
  if current; then echo "$BIN"; exit 0; fi

  command -v go >/dev/null || { echo "build.sh: 'go' not found on PATH (need Go >= 1.26)" >&2; exit 1; }

  # One build at a time per machine (a parallel `up` waits here, then reuses the result).
  exec 9>"$BIN/.build.lock"
  flock 9
  if current; then echo "$BIN"; exit 0; fi

  MINOR=$(echo "$K8S_VERSION" | cut -d. -f2)
  NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  LD="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    LD="$LD -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$MINOR"
    LD="$LD -X $p.gitTreeState=clean -X $p.buildDate=$NOW"
  done

  TMP=$(mktemp -d "$BIN/.tmp.XXXXXX")
  trap 'rm -rf "$TMP"' EXIT
  start=$(date +%s)
  echo "build.sh: building etcd $ETCD_VERSION -> $BIN" >&2
  (cd "$HERE/etcd" && go build -trimpath -ldflags "-s -w" -o "$TMP/etcd" go.etcd.io/etcd/server/v3) >&2
  echo "build.sh: etcd done after $(( $(date +%s) - start ))s; building kube-apiserver + kube-controller-manager $K8S_VERSION (cold Go caches: ~8 min on 2 cores)" >&2
  (cd "$HERE/k8s" && go build -trimpath -ldflags "$LD" -o "$TMP/" \
      k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager) >&2
  for b in etcd kube-apiserver kube-controller-manager; do mv -f "$TMP/$b" "$BIN/$b"; done
  echo "$STAMP" > "$BIN/.stamp"
  echo "build.sh: built in $(( $(date +%s) - start ))s" >&2
  "$BIN/kube-apiserver" --version >&2
  # Not `etcd --version | head -1`: under pipefail, head closing the pipe early kills etcd with
  # SIGPIPE and fails a build that succeeded.
  local etcd_version
  etcd_version=$("$BIN/etcd" --version)
  echo "${etcd_version%%$'\n'*}" >&2
  echo "$BIN"
}

# Parsed completely before it runs: editing this file during a long build is harmless.
main "$@"; exit $?
