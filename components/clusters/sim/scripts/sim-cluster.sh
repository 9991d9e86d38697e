#!/usr/bin/env bash
# One simulated cluster: a real kube-apiserver, etcd, kube-controller-manager and
# kube-scheduler plus kwok's controller (which plays every node's kubelet), run by
# `kwokctl --runtime binary` from local binaries only — never a container runtime.
#
# Usage: sim-cluster.sh up|start|down|status   (parameters on stdin as KEY=VALUE lines)
#   CLUSTER        kwok cluster name (lowercase DNS label)
#   STATE_DIR      absolute directory everything is written to (KWOK_WORKDIR)
#   API_PORT       kube-apiserver port on 127.0.0.1
#   ETCD_PORT, ETCD_PEER_PORT, CONTROLLER_MANAGER_PORT, SCHEDULER_PORT, KWOK_CONTROLLER_PORT
#                  the other components' ports (kwokctl would pick the same "free" ports for
#                  clusters created at the same time, and they would share one etcd)
#   SERVICE_CIDR   --service-cluster-ip-range of kube-apiserver and kube-controller-manager
#   POD_CIDR       range kwok hands pod IPs out of
#   KUBE_VERSION   version the binaries must report (v1.36.3); empty: accept any
#   READY_SECONDS  how long to wait for the API (default 300)
#
#   up      create the cluster, or start it again if it exists but is stopped; wait until
#           the API answers and the default ServiceAccount exists; print the kubeconfig
#           (client key included: the caller keeps it secret) on stdout. Idempotent.
#   start   like up, for a cluster that must already exist (after a reboot).
#   down    the uninstall: stop every process of the cluster, remove its directory, and
#           the state directory too once no cluster is left in it. Idempotent.
#   status  exit 0 when the cluster's API answers, 1 otherwise.
#
# Binaries come from PATH (`npm run toolchain -- --kube` puts them in .tools/bin):
# kwokctl, kwok, kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kubectl.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=sim-lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sim-lib.sh"

read_params() {
    sim_read_params "CLUSTER, STATE_DIR, *_PORT, SERVICE_CIDR, POD_CIDR, KUBE_VERSION, READY_SECONDS" \
        CLUSTER STATE_DIR API_PORT ETCD_PORT ETCD_PEER_PORT CONTROLLER_MANAGER_PORT SCHEDULER_PORT \
        KWOK_CONTROLLER_PORT SERVICE_CIDR POD_CIDR KUBE_VERSION READY_SECONDS=300
    sim_check_cluster_and_state_dir
    local port
    for port in API_PORT ETCD_PORT ETCD_PEER_PORT CONTROLLER_MANAGER_PORT SCHEDULER_PORT KWOK_CONTROLLER_PORT; do
        [[ ${!port} =~ ^[0-9]+$ ]] || die "$port '${!port}' is not a port number"
    done
    [[ $READY_SECONDS =~ ^[0-9]+$ ]] || die "READY_SECONDS '$READY_SECONDS' is not a number"
    CLUSTER_DIR="$STATE_DIR/clusters/$CLUSTER"
}

# Resolve a binary on PATH or fail saying how to get it.
need() {
    command -v "$1" 2>/dev/null || die "$1 is not on PATH — build the Kubernetes tools with \`npm run toolchain -- --kube\` (it links them into .tools/bin)"
}

# Everything kwokctl reads: the local binaries (so nothing is downloaded), their versions
# (kwokctl picks component flags by version), and the work directory.
kwok_env() {
    local apiserver etcd_bin version etcd_version
    apiserver=$(need kube-apiserver)
    etcd_bin=$(need etcd)
    KWOKCTL=$(need kwokctl)
    KUBECTL=$(need kubectl)
    version=$("$apiserver" --version | awk '{print $2}')
    [[ $version == v* ]] || die "cannot read the version of $apiserver (got '$version') — rebuild it with \`npm run toolchain -- --kube\`"
    if [[ -n $KUBE_VERSION && $version != "$KUBE_VERSION" && $version != "$KUBE_VERSION"[+-]* ]]; then
        die "$apiserver is $version but the cluster wants $KUBE_VERSION — run \`npm run toolchain -- --kube\` or change versions.kubernetes in the spec"
    fi
    etcd_version=$("$etcd_bin" --version | awk '/^etcd Version:/ {print $3}')
    [[ -n $etcd_version ]] || die "cannot read the version of $etcd_bin — rebuild it with \`npm run toolchain -- --kube\`"
    export KWOK_WORKDIR=$STATE_DIR
    # kubectl (ours and kwokctl's) keeps its discovery cache here instead of ~/.kube/cache.
    export KUBECACHEDIR=$CLUSTER_DIR/kubectl-cache
    export KWOK_KUBE_VERSION=$version
    export KWOK_ETCD_VERSION=$etcd_version
    KWOK_KUBE_APISERVER_BINARY=$apiserver
    KWOK_KUBE_CONTROLLER_MANAGER_BINARY=$(need kube-controller-manager)
    KWOK_KUBE_SCHEDULER_BINARY=$(need kube-scheduler)
    KWOK_CONTROLLER_BINARY=$(need kwok)
    KWOK_ETCD_BINARY=$etcd_bin
    KWOK_KUBECTL_BINARY=$KUBECTL
    export KWOK_KUBE_APISERVER_BINARY KWOK_KUBE_CONTROLLER_MANAGER_BINARY KWOK_KUBE_SCHEDULER_BINARY \
        KWOK_CONTROLLER_BINARY KWOK_ETCD_BINARY KWOK_KUBECTL_BINARY
}

have_toolchain() {
    local b
    for b in kwokctl kwok kube-apiserver kube-controller-manager kube-scheduler etcd kubectl; do
        command -v "$b" >/dev/null 2>&1 || return 1
    done
}

exists() { [[ -f $CLUSTER_DIR/kwok.yaml ]]; }

answers() {
    [[ -f $CLUSTER_DIR/kubeconfig.yaml ]] &&
        "$KUBECTL" --kubeconfig "$CLUSTER_DIR/kubeconfig.yaml" --request-timeout=5s get --raw /readyz >/dev/null 2>&1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_ready() {
    local deadline=$((SECONDS + READY_SECONDS))
    until answers; do
        ((SECONDS < deadline)) || die "the API of '$CLUSTER' did not answer within ${READY_SECONDS}s — logs: $CLUSTER_DIR/logs/"
        sleep 1
    done
    # Pods are admitted only once kube-controller-manager has created the default ServiceAccount.
    until "$KUBECTL" --kubeconfig "$CLUSTER_DIR/kubeconfig.yaml" --request-timeout=5s -n default get serviceaccount default >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "kube-controller-manager of '$CLUSTER' did not create the default ServiceAccount within ${READY_SECONDS}s — logs: $CLUSTER_DIR/logs/"
        sleep 1
    done
}

print_kubeconfig() {
    "$KWOKCTL" get kubeconfig --name "$CLUSTER"
}

create() {
    local port config
    for port in "$API_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" "$CONTROLLER_MANAGER_PORT" "$SCHEDULER_PORT" "$KWOK_CONTROLLER_PORT"; do
        if port_in_use "$port"; then
            die "port $port on 127.0.0.1 is already in use — stop what listens there, or give cluster '$CLUSTER' another apiEndpoint.port (it takes that port and the next five)"
        fi
    done
    log "creating '$CLUSTER' (kube-apiserver $KWOK_KUBE_VERSION, etcd $KWOK_ETCD_VERSION) on 127.0.0.1:$API_PORT in $CLUSTER_DIR"
    mkdir -p "$STATE_DIR"
    # Every port explicit (etcd's peer port has no flag: a KwokctlConfiguration carries them).
    config="$STATE_DIR/$CLUSTER.kwokctl.yaml"
    cat >"$config" <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  kubeApiserverPort: $API_PORT
  etcdPort: $ETCD_PORT
  etcdPeerPort: $ETCD_PEER_PORT
  kubeControllerManagerPort: $CONTROLLER_MANAGER_PORT
  kubeSchedulerPort: $SCHEDULER_PORT
  kwokControllerPort: $KWOK_CONTROLLER_PORT
  # kwok's heartbeats, 30x a kubelet's instead of kwokctl's default 5x (docs/lab.md *Nodes*): a
  # node's status every 300 s, its lease for 1,200 s (renewed every 300 s), and Unknown after
  # 1,200 s without one (kube-controller-manager's --node-monitor-grace-period). 10,000 simulated
  # nodes heartbeat ~70 writes a second instead of ~400, which two shared cores could not keep up with.
  # kwokctl does not scale --node-startup-grace-period (1 min): a node kwok has not taken over
  # within a minute of its registration went Unknown (NodeStatusNeverUpdated) while kwok worked
  # through 10,000 new nodes; kube-controller-manager's patch below gives it the same 20 minutes.
  heartbeatFactor: 30
# Each component's extra flags (not kwokctl's --extra-args: v0.8.0 indexes them wrongly once a
# component has two and a later one follows, and panics). The CIDRs: docs/lab.md *CIDRs*.
# disable-admission-plugins=TaintNodesByCondition: that plugin taints every new Node
# node.kubernetes.io/not-ready:NoSchedule, and kube-controller-manager's node lifecycle controller
# lifts the taint once the node reports Ready, one GET and one PATCH per node with 8 workers: ~15
# nodes a second on two shared cores, and a DaemonSet's pods wait for it (10,000 edge nodes: 234 s of
# EdgeMesh's agents, bench/README.md). kwok reports a simulated node Ready as it takes it over, so
# the taint only delays it; a node that reports NotReady is still tainted by the controller.
# controllers=*,-ttl-controller: the TTL controller annotates every Node with how long a kubelet may
# cache Secrets (node.alpha.kubernetes.io/ttl) and patches every node again each time the cluster
# grows past 100, 500, 1,000 and 2,000 nodes: tens of thousands of writes while 10,000 nodes
# register. kwok caches nothing; every other controller stays on.
componentsPatches:
  - name: kube-apiserver
    extraArgs:
      - { key: service-cluster-ip-range, value: "$SERVICE_CIDR" }
      - { key: disable-admission-plugins, value: TaintNodesByCondition }
  - name: kube-controller-manager
    extraArgs:
      - { key: service-cluster-ip-range, value: "$SERVICE_CIDR" }
      - { key: node-startup-grace-period, value: 20m }
      - { key: controllers, value: "*,-ttl-controller" }
  - name: kwok-controller
    extraArgs:
      - { key: cidr, value: "$POD_CIDR" }
---
# kwok's controller takes a new node over (its lease, its status: Ready) four nodes at a time by
# default: ~6 nodes a second at load 15, so 10,000 new nodes took half an hour to be Ready; 32 at a
# time took ~38 a second on the same machine (docs/lab.md *Scale*). Its pods (a DaemonSet's on
# every node: EdgeMesh's agent) 128 at a time: each play is one status PATCH (~0.35 s under load),
# so 32 made ~90 pods a second Ready while kube-controller-manager created ~105. The other values
# are kwok's defaults, which a KwokConfiguration must repeat (a missing one is zero or false; kwok
# refuses a zero parallelism).
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  nodePlayStageParallelism: 32
  nodeLeaseParallelism: 16
  podPlayStageParallelism: 128
  podsOnNodeSyncParallelism: 1
  enableDebuggingHandlers: true
  enableProfilingHandler: true
  enablePodsOnNodeSyncListPager: true
EOF
    local rc=0
    # --disable-qps-limits: kube-controller-manager, kube-scheduler and kwok's controller pace their
    # requests (tens a second) by default; with thousands of simulated nodes a DaemonSet's pods and
    # the nodes' heartbeats then queue for minutes (10,000 edge nodes: 1,945 of EdgeMesh's agents
    # ready after 8 minutes, bench/README.md).
    "$KWOKCTL" --config "$config" create cluster \
        --name "$CLUSTER" \
        --runtime binary \
        --kubeconfig "" \
        --disable-qps-limits \
        --timeout "${READY_SECONDS}s" >&2 || rc=$?
    rm -f "$config"
    ((rc == 0)) || die "kwokctl could not create '$CLUSTER' (exit $rc) — logs: $CLUSTER_DIR/logs/"
}

up() {
    if exists; then
        # A cluster made before sim-lib.sh's umask holds world-readable keys.
        chmod -R go= "$CLUSTER_DIR"
        if answers; then
            log "'$CLUSTER' is running"
        else
            log "starting '$CLUSTER' again"
            # Whatever is left of it (a component that outlived the others) would hold its port.
            stop_processes "$(cluster_pids)"
            # A stopped process can linger as a zombie until init reaps it, and kwokctl counts a
            # pid that still exists as running: without the pid files it starts every component.
            rm -f "$CLUSTER_DIR"/pids/*.pid
            "$KWOKCTL" start cluster --name "$CLUSTER" --timeout "${READY_SECONDS}s" >&2
        fi
    else
        [[ ${1:-} != start ]] || die "cluster '$CLUSTER' does not exist in $STATE_DIR — run \`npm run lab\` to create it"
        create
    fi
    wait_ready
    print_kubeconfig
}

# Processes kwokctl started for this cluster, by the pid files it keeps — only those whose
# command line still names this cluster's directory (a recycled pid is left alone).
cluster_pids() {
    local f pid
    [[ -d $CLUSTER_DIR/pids ]] || return 0
    for f in "$CLUSTER_DIR"/pids/*.pid; do
        [[ -f $f ]] || continue
        pid=$(<"$f")
        if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then echo "$pid"; fi
    done
    return 0
}

# Whether pid still runs one of this cluster's binaries.
alive() {
    local cmd
    # Not `tr | grep -q`: grep leaving early kills tr with SIGPIPE, and pipefail then says "no"
    # for exactly the long command lines (kube-apiserver's).
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
    [[ $cmd == *"$CLUSTER_DIR"* ]]
}

# Stop the given processes of this cluster: TERM, up to 10 s, then KILL.
stop_processes() {
    local pid left
    for pid in $1; do if alive "$pid"; then kill "$pid" 2>/dev/null || true; fi; done
    for _ in $(seq 1 40); do
        left=""
        for pid in $1; do if alive "$pid"; then left=1; fi; done
        [[ -n $left ]] || return 0
        sleep 0.25
    done
    for pid in $1; do if alive "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi; done
}

down() {
    local pids
    # Remember the processes first: kwokctl removes the pid files with the directory, and
    # kube-apiserver may still be finishing requests when it returns.
    pids=$(cluster_pids)
    if exists && [[ -n ${KWOKCTL:-} ]]; then
        log "deleting '$CLUSTER'"
        # kwokctl removes the cluster's context from --kubeconfig (default ~/.kube/config): point it
        # at the cluster's own kubeconfig, which goes away with the cluster.
        "$KWOKCTL" delete cluster --name "$CLUSTER" --kubeconfig "$CLUSTER_DIR/kubeconfig.yaml" >&2 ||
            log "kwokctl could not delete '$CLUSTER' cleanly; stopping what is left"
    fi
    stop_processes "$pids"
    rm -rf "$CLUSTER_DIR" "$STATE_DIR/$CLUSTER.kwokctl.yaml"
    # Leave the state directory only while other clusters live in it.
    if [[ -d $STATE_DIR/clusters ]] && [[ -z $(ls -A "$STATE_DIR/clusters") ]]; then
        rm -rf "$STATE_DIR/clusters" "$STATE_DIR/cache"
        rmdir "$STATE_DIR" 2>/dev/null || true
    fi
}

main() {
    local action=${1:-}
    case $action in
        up | start | down | status) ;;
        *) die "usage: sim-cluster.sh up|start|down|status (parameters on stdin)" ;;
    esac
    read_params
    if [[ $action == down ]]; then
        # The uninstall works without the toolchain too: it then stops the processes itself.
        if have_toolchain; then kwok_env; fi
    else
        kwok_env
    fi
    case $action in
        up) up ;;
        start) up start ;;
        down) down ;;
        status) answers ;;
    esac
}

main "$@"
