#!/usr/bin/env bash
# tenantscan test control plane: etcd + kube-apiserver + kube-controller-manager as local
# processes on 127.0.0.1, built from Go modules (no Docker). See docs/test-cluster.md.
#
#   scripts/test-cluster.sh up       build once (cached), start, wait for /readyz, write .cluster/
#   scripts/test-cluster.sh up --seed   the same, then load the example cluster (examples/shared-cluster
#                                       and examples/live-seed) and say which kubeconfig is which identity
#   scripts/test-cluster.sh down     stop the processes this script started, remove .cluster/
#   scripts/test-cluster.sh status   show what is running (exit 0 = up and ready)
#
# Environment (all optional):
#   TENANTSCAN_CLUSTER_DIR   state dir (default <repo>/.cluster)
#   TENANTSCAN_BIN_DIR       binary cache (default ~/.cache/tenantscan/<k8s version>)
#   TENANTSCAN_ETCD_PORT / TENANTSCAN_ETCD_PEER_PORT / TENANTSCAN_APISERVER_PORT
#                            (defaults 23790 / 23800 / 26443)
#   TENANTSCAN_UNREACHABLE_PORT  closed port used by unreachable.kubeconfig (default 1)
#   TENANTSCAN_KEEP_LOGS=1   `down` keeps .cluster/*.log (and audit.log)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/cluster
. "$HERE/versions.env"
STATE=${TENANTSCAN_CLUSTER_DIR:-$ROOT/.cluster}
ETCD_PORT=${TENANTSCAN_ETCD_PORT:-23790}
ETCD_PEER_PORT=${TENANTSCAN_ETCD_PEER_PORT:-23800}
APISERVER_PORT=${TENANTSCAN_APISERVER_PORT:-26443}
UNREACHABLE_PORT=${TENANTSCAN_UNREACHABLE_PORT:-1}
SERVICE_CIDR=10.96.0.0/16
COMPONENTS=(etcd kube-apiserver kube-controller-manager)   # start order; stopped in reverse
PKI=$STATE/pki
SERVER=https://127.0.0.1:$APISERVER_PORT

say() { printf 'test-cluster: %s\n' "$*" >&2; }

# ------------------------------------------------------------------ process bookkeeping

# Prints the PID of a component if it is alive and is really ours (its command line names
# this state dir, so a recycled PID of an unrelated process is never reported or killed).
pid_of() {
  local f=$STATE/$1.pid pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  # Read once, then match in bash: a `… | grep -q` pipeline fails under pipefail when grep exits
  # first and the writer dies of SIGPIPE.
  local cmdline argv0
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
  [[ $cmdline == *"$STATE/"* ]] || return 1
  argv0=${cmdline%% *}
  [[ $argv0 == */"$1" ]] || return 1
  echo "$pid"
}

stop_component() {
  local c=$1 pid i
  pid=$(pid_of "$c") || { rm -f "$STATE/$c.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$c (pid $pid) did not exit after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  say "stopped $c (pid $pid)"
  rm -f "$STATE/$c.pid"
}

stop_all() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do stop_component "${COMPONENTS[$i]}"; done
}

admin_curl() {
  curl -sS --max-time 10 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$@"
}

apiserver_ready() { [ "$(admin_curl -o /dev/null -w '%{http_code}' "$SERVER/readyz" 2>/dev/null)" = 200 ]; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Called on any startup failure: show the log, stop what we started, keep logs for inspection.
fail() {
  local msg=$1 log=${2:-}
  say "ERROR: $msg"
  if [ -n "$log" ] && [ -f "$log" ]; then
    say "---- last 40 lines of $log ----"
    tail -n 40 "$log" >&2
    say "----"
  fi
  stop_all
  say "processes stopped; logs kept in $STATE/ (run '$0 down' to remove)"
  exit 1
}

wait_until() { # timeout_seconds description log command...
  local t=$1 what=$2 log=$3 start=$SECONDS
  shift 3
  until "$@"; do
    if (( SECONDS - start >= t )); then fail "timed out after ${t}s waiting for $what" "$log"; fi
    sleep 0.5
  done
}

alive() { pid_of "$1" >/dev/null || fail "$1 exited during startup" "$STATE/$1.log"; }

start_component() { # name args...
  local c=$1
  shift
  setsid "$BIN/$c" "$@" >"$STATE/$c.log" 2>&1 </dev/null 8>&- &   # 8>&-: do not inherit the lock
  echo $! >"$STATE/$c.pid"
  sleep 0.3
  alive "$c"
  say "started $c (pid $(cat "$STATE/$c.pid"))"
}

# ------------------------------------------------------------------ PKI + kubeconfigs

gen_pki() {
  mkdir -p "$PKI"
  (
    cd "$PKI"
    exec 2>"$STATE/pki.log"
    openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout ca.key -out ca.crt \
      -subj "/CN=tenantscan-test-ca" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    cat >ca.cnf <<'EOF'
[ ca ]
default_ca = test_ca
[ test_ca ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
organizationName = optional
[ server ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local
[ client ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
EOF
    : >index.txt
    echo 1000 >serial
    # sign NAME SUBJECT EXT [STARTDATE ENDDATE]
    sign() {
      local dates=(-days 3650)
      [ $# -ge 5 ] && dates=(-startdate "$4" -enddate "$5")
      openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
      openssl ca -batch -notext -config ca.cnf -cert ca.crt -keyfile ca.key -extensions "$3" \
        "${dates[@]}" -in "$1.csr" -out "$1.crt"
      rm -f "$1.csr"
    }
    sign apiserver "/CN=kube-apiserver" server
    sign admin "/O=system:masters/CN=tenantscan-admin" client
    sign kcm "/O=system:masters/CN=system:kube-controller-manager" client
    sign scanner "/O=auditors/CN=scanner" client
    sign alice "/O=team-a/CN=alice" client
    # Signed by the real CA, but valid only on 1-2 Jan 2020: the apiserver rejects it (401).
    sign expired "/O=auditors/CN=expired-user" client 20200101000000Z 20200102000000Z
    openssl genrsa -out sa.key 2048
    openssl rsa -in sa.key -pubout -out sa.pub
    printf '%s,scanner,uid-scanner-token,"auditors"\n' "$(openssl rand -hex 16)" >tokens.csv
    rm -f 10*.pem index.txt* serial*
    chmod 600 ./*.key tokens.csv
  ) || fail "PKI generation with openssl failed" "$STATE/pki.log"
}

b64() { base64 -w0 <"$1"; }

# kubeconfig FILE CURRENT_CONTEXT "ctx:user:server" ... ; user auth comes from user_auth()
user_auth() { # user-name -> YAML lines (indented 4)
  case $1 in
    admin | scanner | alice | expired | kcm)
      local f=$1
      printf '    client-certificate-data: %s\n    client-key-data: %s\n' "$(b64 "$PKI/$f.crt")" "$(b64 "$PKI/$f.key")"
      ;;
    scanner-token) printf '    token: %s\n' "$(cut -d, -f1 "$PKI/tokens.csv")" ;;
    wrong-token) printf '    token: tenantscan-this-token-is-not-known-to-the-server\n' ;;
  esac
}

kubeconfig() {
  local file=$1 current=$2 spec ctx user server
  shift 2
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "current-context: $current"
    echo "preferences: {}"
    echo "clusters:"
    declare -A seen=()
    for spec in "$@"; do
      server=${spec#*:*:}
      [ -n "${seen[$server]:-}" ] && continue
      seen[$server]=1
      echo "- name: $(cluster_name "$server")"
      echo "  cluster:"
      echo "    server: $server"
      echo "    certificate-authority-data: $(b64 "$PKI/ca.crt")"
    done
    echo "users:"
    for spec in "$@"; do
      user=$(echo "$spec" | cut -d: -f2)
      echo "- name: $user"
      echo "  user:"
      user_auth "$user"
    done
    echo "contexts:"
    for spec in "$@"; do
      ctx=${spec%%:*}
      user=$(echo "$spec" | cut -d: -f2)
      server=${spec#*:*:}
      echo "- name: $ctx"
      echo "  context:"
      echo "    cluster: $(cluster_name "$server")"
      echo "    user: $user"
    done
  } >"$STATE/$file"
  chmod 600 "$STATE/$file"
}

cluster_name() { if [ "$1" = "$SERVER" ]; then echo tenantscan-test; else echo tenantscan-unreachable; fi; }

write_kubeconfigs() {
  local dead=https://127.0.0.1:$UNREACHABLE_PORT
  kubeconfig admin.kubeconfig admin "admin:admin:$SERVER"
  kubeconfig kcm.kubeconfig kcm "kcm:kcm:$SERVER"
  kubeconfig scanner.kubeconfig scanner "scanner:scanner:$SERVER"
  kubeconfig scanner-token.kubeconfig scanner-token "scanner-token:scanner-token:$SERVER"
  kubeconfig tenant-a-admin.kubeconfig tenant-a "tenant-a:alice:$SERVER"
  kubeconfig wrong-token.kubeconfig wrong-token "wrong-token:wrong-token:$SERVER"
  kubeconfig expired.kubeconfig expired "expired:expired:$SERVER"
  kubeconfig unreachable.kubeconfig unreachable "unreachable:scanner:$dead"
  kubeconfig multi.kubeconfig scanner "admin:admin:$SERVER" "scanner:scanner:$SERVER" "tenant-a:alice:$SERVER"
}

# ------------------------------------------------------------------ commands

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do pid_of "$c" >/dev/null || return 1; done
}

cmd_status() {
  local c pid any=0 all=1
  for c in "${COMPONENTS[@]}"; do
    if pid=$(pid_of "$c"); then
      any=1
      printf '%-24s running  pid %s\n' "$c" "$pid"
    else
      all=0
      printf '%-24s stopped\n' "$c"
    fi
  done
  if ((any == 0)); then
    echo "cluster: down"
    return 3
  fi
  if ((all == 1)) && apiserver_ready; then
    echo "cluster: up and ready  apiserver $SERVER  etcd http://127.0.0.1:$ETCD_PORT  state $STATE"
    echo "kubeconfigs: $(cd "$STATE" && ls ./*.kubeconfig | sed 's#^\./##' | tr '\n' ' ')"
    return 0
  fi
  echo "cluster: degraded (run '$0 down' then '$0 up')"
  return 1
}

cmd_up() {
  local t0=$SECONDS
  if all_running && [ -f "$PKI/admin.crt" ]; then
    # Running: give a busy apiserver up to 60s to answer /readyz before declaring it broken.
    local i
    for i in $(seq 1 60); do
      if apiserver_ready; then
        say "already up ($SERVER); nothing to do"
        return 0
      fi
      all_running || break
      sleep 1
    done
  fi
  if [ -d "$STATE" ]; then
    say "found a stale or partial cluster in $STATE; stopping it and starting fresh"
    stop_all
    rm -rf "$STATE"
  fi
  mkdir -p "$STATE"
  for p in "$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT"; do
    if port_in_use "$p"; then
      say "ERROR: port 127.0.0.1:$p is already in use by another process (set TENANTSCAN_*_PORT to move)"
      exit 1
    fi
  done
  if port_in_use "$UNREACHABLE_PORT"; then
    say "ERROR: 127.0.0.1:$UNREACHABLE_PORT (for unreachable.kubeconfig) accepts connections; set TENANTSCAN_UNREACHABLE_PORT"
    exit 1
  fi
  command -v node >/dev/null || { say "ERROR: node (>= 20) is required"; exit 1; }

  # 1. binaries (cached; the first build takes a long time)
  local out
  if ! out=$(bash "$HERE/build.sh" 2> >(tee "$STATE/build.log" >&2)); then
    sleep 0.2
    fail "building the control plane binaries failed" "$STATE/build.log"
  fi
  BIN=$(echo "$out" | tail -n1)
  local tb=$SECONDS

  # 2. PKI, kubeconfigs, policy
  gen_pki
  write_kubeconfigs
  cp "$HERE/audit-policy.yaml" "$STATE/audit-policy.yaml"
  cp "$HERE/admission-config.yaml" "$STATE/admission-config.yaml"

  # 3. etcd
  start_component etcd --name=node0 --data-dir="$STATE/etcd-data" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="node0=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state=new \
    --unsafe-no-fsync=true --quota-backend-bytes=2147483648 --log-level=warn
  wait_until 30 "etcd /readyz" "$STATE/etcd.log" \
    eval 'alive etcd; curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_PORT/readyz" >/dev/null 2>&1'

  # 4. kube-apiserver
  start_component kube-apiserver \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --cert-dir="$STATE/apiserver-certs" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" --token-auth-file="$PKI/tokens.csv" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --admission-control-config-file="$STATE/admission-config.yaml" \
    --allow-privileged=true \
    --audit-policy-file="$STATE/audit-policy.yaml" --audit-log-path="$STATE/audit.log" \
    --audit-log-format=json --audit-log-mode=blocking --audit-log-maxsize=0 \
    --profiling=false
  wait_until 180 "kube-apiserver /readyz" "$STATE/kube-apiserver.log" \
    eval 'alive kube-apiserver; apiserver_ready'
  local ta=$SECONDS

  # 5. kube-controller-manager (Deployments -> Pods, default ServiceAccounts, GC, quota, PV binding, ...).
  #    Without kubelets, PodGC would delete every Pod bound to a (missing or fake) node after
  #    ~40s and the node lifecycle/taint controllers would taint fake Nodes and evict their
  #    Pods: those three are off so that seeded fixtures stay as they were created.
  start_component kube-controller-manager \
    --kubeconfig="$STATE/kcm.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port=0 \
    --leader-elect=false --use-service-account-credentials=false \
    --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --controllers='*,-pod-garbage-collector-controller,-node-lifecycle-controller,-taint-eviction-controller'
  wait_until 90 "kube-controller-manager to create the default ServiceAccount" "$STATE/kube-controller-manager.log" \
    eval 'alive kube-controller-manager; [ "$(admin_curl -o /dev/null -w "%{http_code}" "$SERVER/api/v1/namespaces/default/serviceaccounts/default")" = 200 ]'

  # 6. RBAC for the test identities
  node "$HERE/apply.mjs" --kubeconfig "$STATE/admin.kubeconfig" "$HERE/rbac" >"$STATE/rbac.log" 2>&1 \
    || fail "applying scripts/cluster/rbac failed" "$STATE/rbac.log"
  sed 's/^/  rbac: /' "$STATE/rbac.log" >&2
  # The reader role is aggregated by the controller manager: wait until the scanner can list pods.
  wait_until 60 "the scanner's aggregated ClusterRole" "$STATE/kube-controller-manager.log" \
    eval '[ "$(curl -sS -o /dev/null -w "%{http_code}" --cacert "$PKI/ca.crt" --cert "$PKI/scanner.crt" --key "$PKI/scanner.key" "$SERVER/api/v1/pods?limit=1")" = 200 ]'

  cat >"$STATE/cluster.env" <<EOF
K8S_VERSION=$K8S_VERSION
ETCD_VERSION=$ETCD_VERSION
APISERVER_URL=$SERVER
APISERVER_PORT=$APISERVER_PORT
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
UNREACHABLE_URL=https://127.0.0.1:$UNREACHABLE_PORT
BIN_DIR=$BIN
AUDIT_LOG=$STATE/audit.log
EOF
  say "up in $((SECONDS - t0))s (binaries ready at +$((tb - t0))s, apiserver ready at +$((ta - t0))s): $SERVER"
  say "kubeconfigs in $STATE: $(cd "$STATE" && ls ./*.kubeconfig | sed 's#^\./##' | tr '\n' ' ')"
}

cmd_down() {
  if [ ! -d "$STATE" ]; then
    say "not running (no $STATE)"
    return 0
  fi
  stop_all
  if [ "${TENANTSCAN_KEEP_LOGS:-}" = 1 ]; then
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name '*.log' -exec rm -rf {} +
    say "removed state, kept logs in $STATE"
  else
    rm -rf "$STATE"
    say "removed $STATE"
  fi
}

# up/down of the same state dir are serialized (concurrent `up`s: the later one waits, then
# finds the cluster up and does nothing).
lock() {
  exec 8>"${TMPDIR:-/tmp}/tenantscan-test-cluster.$(echo "$STATE" | sha256sum | cut -c1-12).lock"
  flock 8
}

# The example cluster, for a live demo: what `up --seed` applies as admin, in this order.
SEED_INPUTS=("$ROOT/examples/shared-cluster" "$ROOT/examples/live-seed")

cmd_seed() {
  say "loading the example cluster: ${SEED_INPUTS[*]#"$ROOT/"}"
  node "$HERE/apply.mjs" --kubeconfig "$STATE/admin.kubeconfig" "${SEED_INPUTS[@]}" >"$STATE/seed.log" 2>&1 \
    || fail "applying the example cluster failed" "$STATE/seed.log"
  say "applied $(grep -cE '^(created|replaced|applied) ' "$STATE/seed.log") objects (log: $STATE/seed.log)"
  cat >&2 <<EOF
test-cluster: identities (kubeconfigs in $STATE):
  admin.kubeconfig           cluster admin (system:masters): what loaded the example
  scanner.kubeconfig         read-only auditor: every kind but Secrets (ClusterRole tenantscan-reader)
  tenant-a-admin.kubeconfig  alice (group team-a), a tenant with no bindings: a scan with partial coverage
  multi.kubeconfig           contexts admin, scanner and tenant-a (current: scanner), for --context
Scan it:
  npx tenantscan scan --kubeconfig $STATE/scanner.kubeconfig
  npx tenantscan scan --kubeconfig $STATE/multi.kubeconfig --context tenant-a
Stop it:
  scripts/test-cluster.sh down
EOF
}

main() {
  case "${1:-}" in
    up)
      case "${2:-}" in
        '') lock && cmd_up ;;
        --seed) lock && cmd_up && cmd_seed ;;
        *)
          echo "usage: $0 up [--seed]|down|status" >&2
          exit 2
          ;;
      esac
      ;;
    down) lock && cmd_down ;;
    status) cmd_status ;;
    *)
      echo "usage: $0 up [--seed]|down|status" >&2
      exit 2
      ;;
  esac
}

# Everything above is only definitions; bash has read the whole file before main runs, so
# editing or `git pull`ing this script while a long `up` (cold build) runs is harmless.
main "$@"; exit $?
