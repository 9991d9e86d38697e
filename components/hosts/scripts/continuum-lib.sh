# shellcheck shell=bash
# continuum host library: sourced (never executed) by every host script.
#
# The runner (components/hosts/host-script.ts) copies this file next to the script and
# feeds the script's parameters on stdin as an env file:
#
#   (anything before the marker is ignored: a sudo password line sudo did not consume)
#   # continuum-params v1
#   KEY=value            a single-line value, taken literally (no shell expansion)
#   KEY:b64=base64text   a value that may span lines (config files), base64-encoded
#
# By hand (test hosts):  sudo bash k3s-install.sh < params.env
# Files a script needs (artifacts) lie next to it; for each one the params name the file
# (ARTIFACT_<NAME>=file) and its sha256 (ARTIFACT_<NAME>_SHA256=hex). continuum_init
# verifies every one of them before the script does anything, and rewrites ARTIFACT_<NAME>
# to the file's absolute path.

CONTINUUM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONTINUUM_MARKER="# continuum-params v1"

continuum_log() {
    printf 'continuum[%s]: %s\n' "${CONTINUUM_SCRIPT:-script}" "$*" >&2
}

# Stop with an error that names the host, the problem and the fix.
continuum_die() {
    local what="$1" fix="${2:-}"
    if [[ -n "$fix" ]]; then
        printf 'continuum[%s] on %s: %s — %s\n' "${CONTINUUM_SCRIPT:-script}" "$(hostname)" "$what" "$fix" >&2
    else
        printf 'continuum[%s] on %s: %s\n' "${CONTINUUM_SCRIPT:-script}" "$(hostname)" "$what" >&2
    fi
    exit 1
}

# Read the env-file parameters from stdin (nothing is evaluated as shell).
continuum_read_params() {
    local line key value seen=0
    if [[ -t 0 ]]; then
        return 0
    fi
    while IFS= read -r line || [[ -n "$line" ]]; do
        if [[ "$seen" -eq 0 ]]; then
            [[ "$line" == "$CONTINUUM_MARKER" ]] && seen=1
            continue
        fi
        [[ -z "$line" || "$line" == \#* ]] && continue
        if [[ "$line" =~ ^([A-Z][A-Z0-9_]*):b64=(.*)$ ]]; then
            key="${BASH_REMATCH[1]}"
            value="$(printf '%s' "${BASH_REMATCH[2]}" | base64 -d)" || continuum_die "parameter $key is not valid base64" "re-render the parameters (a bug in the caller)"
        elif [[ "$line" =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]]; then
            key="${BASH_REMATCH[1]}"
            value="${BASH_REMATCH[2]}"
        else
            continuum_die "malformed parameter line (expected KEY=value)" "fix the env file fed on stdin"
        fi
        printf -v "$key" '%s' "$value"
        # shellcheck disable=SC2163 # exporting the variable whose name is in $key
        export "$key"
    done
}

# Fail unless every named parameter is set and non-empty.
continuum_require() {
    local name
    for name in "$@"; do
        if [[ -z "${!name:-}" ]]; then
            continuum_die "parameter $name is missing" "pass $name=<value> in the env file on stdin"
        fi
    done
}

# The digest of a file with the algorithm a pinned hex value implies (64 hex: sha256, 128: sha512).
continuum_digest_of() {
    local file="$1" want="$2"
    if [[ "$want" =~ ^[0-9a-f]{128}$ ]]; then sha512sum "$file" | cut -d' ' -f1
    else sha256sum "$file" | cut -d' ' -f1
    fi
}

# Verify every artifact named in the params (ARTIFACT_<NAME> + ARTIFACT_<NAME>_SHA256 or _SHA512,
# checked with that algorithm).
continuum_verify_artifacts() {
    local var base file want got algo
    for var in $(compgen -v ARTIFACT_ || true); do
        case "$var" in
            *_SHA256) algo=sha256 base="${var%_SHA256}" ;;
            *_SHA512) algo=sha512 base="${var%_SHA512}" ;;
            *) continue ;;
        esac
        want="${!var}"
        file="${!base:-}"
        [[ -n "$file" ]] || continuum_die "$var is set but $base (the file name) is not" "pass both $base and $var"
        [[ "$file" == /* ]] || file="$CONTINUUM_DIR/$file"
        if [[ "$algo" == sha256 ]]; then
            [[ "$want" =~ ^[0-9a-f]{64}$ ]] || continuum_die "$var is not a sha256 (64 lowercase hex): '$want'" "fix the pin (artifacts.<name>.<arch>.sha256 in the stack)"
        else
            [[ "$want" =~ ^[0-9a-f]{128}$ ]] || continuum_die "$var is not a sha512 (128 lowercase hex): '$want'" "fix the pin (artifacts.<name>.<arch>.sha512 in the stack)"
        fi
        [[ -f "$file" ]] || continuum_die "artifact $file is missing" "copy it next to the script (the runner pushes it over SFTP)"
        got="$("${algo}sum" "$file" | cut -d' ' -f1)"
        if [[ "$got" != "$want" ]]; then
            continuum_die "artifact $(basename "$file") has $algo $got, expected $want — nothing was installed on this host" \
                "delete the cached copy (airgap dir or ~/.cache/continuum/artifacts) and fetch the pinned file again"
        fi
        printf -v "$base" '%s' "$file"
        # shellcheck disable=SC2163
        export "$base"
    done
}

# Airgap images (airgap.images): import every verified ARTIFACT_IMAGE_<n> archive (OCI or
# docker-archive tar) so init/join never pulls. IMAGES_MODE=containerd: `ctr -n k8s.io images import`
# into the running containerd, once per archive digest (a marker under /var/lib/continuum/images);
# IMAGES_MODE=k3s: copy into /var/lib/rancher/k3s/agent/images/, which K3s imports when it starts.
# No ARTIFACT_IMAGE_* parameter: nothing to do. Idempotent.
continuum_import_images() {
    local var file digest marker mode="${IMAGES_MODE:-containerd}"
    local markers=/var/lib/continuum/images k3s_dir=/var/lib/rancher/k3s/agent/images
    for var in $(compgen -v ARTIFACT_IMAGE_ || true); do
        [[ "$var" == *_SHA256 || "$var" == *_SHA512 || "$var" == *_ORIGIN ]] && continue
        file="${!var}"
        [[ -f "$file" ]] || continuum_die "image archive $file is missing" "run pulumi up again (the runner pushes it)"
        case "$mode" in
            k3s)
                mkdir -p "$k3s_dir"
                if ! cmp -s "$file" "$k3s_dir/$(basename "$file")"; then
                    install -m 0644 "$file" "$k3s_dir/$(basename "$file")"
                    continuum_log "image archive $(basename "$file") placed in $k3s_dir"
                fi
                ;;
            containerd)
                digest="$(sha256sum "$file" | cut -d' ' -f1)"
                marker="$markers/$digest.imported"
                [[ -f "$marker" ]] && continue
                mkdir -p "$markers"
                ctr --address /run/containerd/containerd.sock -n k8s.io images import "$file" >/dev/null \
                    || continuum_die "ctr could not import $(basename "$file")" "check the archive is an uncompressed OCI or docker-archive tar of the image for this node's arch"
                printf '%s\n' "$(basename "$file")" >"$marker"
                continuum_log "image archive $(basename "$file") imported into containerd (k8s.io)"
                ;;
            *) continuum_die "IMAGES_MODE '$mode' is neither containerd nor k3s" "pass IMAGES_MODE=containerd or IMAGES_MODE=k3s" ;;
        esac
    done
}

# Must run as root (the runner uses sudo -n, or sudo -S with the password on stdin).
continuum_require_root() {
    [[ "$(id -u)" -eq 0 ]] || continuum_die "must run as root" "run through sudo (ssh.sudo.mode nopasswd or password)"
}

# One continuum run at a time on a host: the lock file (flock) is held on fd 9 by the outermost
# script of a run and inherited by everything it starts (a converge's steps, kubeadm, keadm), so a
# run that lost its SSH connection (pulumi cancelled, a local timeout) keeps the lock for as long
# as any of its processes runs (the runner bounds it with `timeout` on the host). A second run waits
# up to LOCK_WAIT_SECONDS (default 300), then fails naming the holder. The lock file holds the
# holder's description (script, pid, start time), for that message and for people.
CONTINUUM_LOCK_FILE=/run/continuum/converge.lock

continuum_lock() {
    local wait_s="${LOCK_WAIT_SECONDS:-300}" holder
    # Already held by this run (a step of a converge, a script started by a locked script).
    if [[ -n "${CONTINUUM_LOCK_HELD:-}" && "$(readlink /proc/$$/fd/9 2>/dev/null)" == "$CONTINUUM_LOCK_FILE" ]]; then
        return 0
    fi
    [[ "$wait_s" =~ ^[0-9]+$ ]] || continuum_die "LOCK_WAIT_SECONDS '$wait_s' is not a number of seconds" "pass a whole number"
    mkdir -p "$(dirname "$CONTINUUM_LOCK_FILE")"
    exec 9<>"$CONTINUUM_LOCK_FILE"
    if ! flock -n 9; then
        holder="$(head -c 300 "$CONTINUUM_LOCK_FILE" 2>/dev/null | tr -s '\n' ' ')"
        continuum_log "another continuum run holds $CONTINUUM_LOCK_FILE on $(hostname) (${holder% }); waiting up to ${wait_s}s"
        if ! flock -w "$wait_s" 9; then
            holder="$(head -c 300 "$CONTINUUM_LOCK_FILE" 2>/dev/null | tr -s '\n' ' ')"
            continuum_die "another continuum run still holds $CONTINUUM_LOCK_FILE after ${wait_s}s: ${holder% }" \
                "wait for it to finish and run pulumi up again; if that process is stuck, stop it on this host (kill <pid>) first"
        fi
    fi
    printf '%s (pid %s, started %s)\n' "${CONTINUUM_SCRIPT:-script}" "$$" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$CONTINUUM_LOCK_FILE"
    export CONTINUUM_LOCK_HELD="$$"
}

# Read params, check root, take the host lock, verify artifacts: call first in every script.
continuum_init() {
    CONTINUUM_SCRIPT="$1"
    continuum_read_params
    continuum_require_root
    continuum_lock
    continuum_verify_artifacts
}

# The systemd unit of a containerd installed from the pinned release archive into /usr/local/bin
# (kubeadm nodes, KubeEdge edge nodes).
continuum_containerd_unit() {
    cat <<'UNIT'
[Unit]
Description=containerd container runtime (installed by continuum)
After=network.target local-fs.target

[Service]
ExecStartPre=-/sbin/modprobe overlay
ExecStart=/usr/local/bin/containerd
Type=notify
Delegate=yes
KillMode=process
Restart=always
RestartSec=5
LimitNPROC=infinity
LimitCORE=infinity
TasksMax=infinity
OOMScoreAdjust=-999

[Install]
WantedBy=multi-user.target
UNIT
}

# Write a file only when its content differs (idempotent); prints "changed" when it did.
continuum_write_file() {
    local path="$1" mode="$2" content="$3" tmp
    mkdir -p "$(dirname "$path")"
    if [[ -f "$path" ]] && [[ "$(cat "$path")" == "$content" ]]; then
        chmod "$mode" "$path"
        return 0
    fi
    tmp="$(mktemp "$(dirname "$path")/.continuum.XXXXXX")"
    printf '%s\n' "$content" >"$tmp"
    chmod "$mode" "$tmp"
    mv -f "$tmp" "$path"
    echo changed
}

# A service restart owed because its files changed. Recorded before the files are written and
# cleared after the restart: a run killed in between (the files new, the service still on the
# old ones) restarts it the next time, although the files then no longer differ.
continuum_restart_owed() {
    [[ -f "/var/lib/continuum/restart-owed-$1" ]]
}
continuum_restart_record() {
    mkdir -p /var/lib/continuum
    : >"/var/lib/continuum/restart-owed-$1"
}
continuum_restart_clear() {
    rm -f "/var/lib/continuum/restart-owed-$1"
}

# Install a binary when it differs from the one in place.
continuum_install_binary() {
    local src="$1" dest="$2"
    if [[ -f "$dest" ]] && cmp -s "$src" "$dest"; then
        return 0
    fi
    install -m 0755 "$src" "$dest.continuum-new"
    mv -f "$dest.continuum-new" "$dest"
    echo changed
}

# Load a kernel module unless it is loaded or built in (containers cannot load modules).
continuum_module() {
    local mod="$1"
    [[ -d "/sys/module/$mod" ]] && return 0
    modprobe "$mod" 2>/dev/null && return 0
    continuum_die "kernel module $mod is not loaded and cannot be loaded" "load it on the host (modprobe $mod) and add it to /etc/modules-load.d/"
}

# Set sysctls from KEY=VALUE words; tolerate a read-only /proc/sys when the value is already right.
continuum_sysctls() {
    local file="$1" kv key want have content=""
    shift
    for kv in "$@"; do content+="${kv%%=*} = ${kv#*=}"$'\n'; done
    continuum_write_file "$file" 0644 "${content%$'\n'}" >/dev/null
    sysctl -q -p "$file" >/dev/null 2>&1 || true
    for kv in "$@"; do
        key="${kv%%=*}"
        want="${kv#*=}"
        have="$(sysctl -n "$key" 2>/dev/null || echo unset)"
        [[ "$have" == "$want" ]] || continuum_die "sysctl $key is $have, needs $want" "set it on the host (sysctl -w $key=$want); in a container set it from outside"
    done
}

# Wait until a command succeeds, up to N seconds.
continuum_wait() {
    local seconds="$1" what="$2"
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            continuum_die "timed out after ${seconds}s waiting for $what" "check the service logs on this host (journalctl -u <service>)"
        fi
        sleep 2
    done
}

# Record what continuum installed here (preflight skips port checks for our own services).
continuum_mark_installed() {
    continuum_write_file /etc/continuum/installed 0644 "$1" >/dev/null
}

continuum_unmark_installed() {
    rm -f /etc/continuum/installed
    rmdir /etc/continuum 2>/dev/null || true
}

# kubectl with cluster-admin credentials on a control-plane node: KUBECTL_FLAVOR=k3s|kubeadm.
# KUBECTL_BIN overrides the binary (a kubectl elsewhere than /usr/local/bin).
continuum_kubectl() {
    case "${KUBECTL_FLAVOR:-}" in
        k3s) "${KUBECTL_BIN:-/usr/local/bin/k3s}" kubectl --request-timeout=30s "$@" ;;
        kubeadm) "${KUBECTL_BIN:-/usr/local/bin/kubectl}" --kubeconfig /etc/kubernetes/admin.conf --request-timeout=30s "$@" ;;
        *) continuum_die "KUBECTL_FLAVOR '${KUBECTL_FLAVOR:-}' is not k3s or kubeadm" "pass KUBECTL_FLAVOR=k3s or kubeadm" ;;
    esac
}

# "v1.35.1+k3s1" / "1.35.1" → "35" (the minor number).
continuum_minor() {
    local v="${1#v}"
    v="${v#*.}"
    printf '%s\n' "${v%%.*}"
}

# Refuse a downgrade of the minor version or a skipped minor (Kubernetes version skew policy).
continuum_check_minor_step() {
    local from="$1" to="$2" what="$3" a b
    a="$(continuum_minor "$from")"
    b="$(continuum_minor "$to")"
    [[ "$a" =~ ^[0-9]+$ && "$b" =~ ^[0-9]+$ ]] || continuum_die "cannot compare versions '$from' and '$to' of $what" "check the pinned version"
    if ((b < a)); then
        continuum_die "$what runs $from; going back to $to is a minor downgrade" "Kubernetes does not support minor downgrades — pin $from or newer"
    fi
    if ((b > a + 1)); then
        continuum_die "$what runs $from; $to skips a minor version" "upgrade one minor at a time: first to 1.$((a + 1)).x, then to $to"
    fi
}

# Drain a node with a timeout (forced, without eviction, when it is unreachable or eviction
# stalls), then delete its Node object. Never blocks: an unreachable API or a missing Node is a
# warning. Used when a node leaves the spec (node-remove.sh, node-pool.sh).
continuum_remove_node() {
    local node="$1" timeout_s="${2:-120}" ready
    if ! continuum_kubectl get --raw /readyz >/dev/null 2>&1; then
        continuum_log "WARNING: the API does not answer here; not draining $node (its Node object may remain)"
        return 0
    fi
    if ! continuum_kubectl get node "$node" >/dev/null 2>&1; then
        continuum_log "node $node is not registered; nothing to drain"
        return 0
    fi
    ready="$(continuum_kubectl get node "$node" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' || true)"
    local common=(--ignore-daemonsets --delete-emptydir-data --force)
    if [[ "$ready" == "True" ]]; then
        if ! continuum_kubectl drain "$node" "${common[@]}" --timeout="${timeout_s}s"; then
            continuum_log "WARNING: drain of $node did not finish in ${timeout_s}s (a PodDisruptionBudget?); deleting its pods without eviction"
            continuum_kubectl drain "$node" "${common[@]}" --disable-eviction --timeout=60s || \
                continuum_log "WARNING: forced drain of $node failed; deleting the node anyway"
        fi
    else
        # Unreachable: its kubelet cannot confirm terminations, so do not wait for them.
        continuum_log "node $node is not Ready (unreachable?): draining without eviction and without waiting"
        continuum_kubectl drain "$node" "${common[@]}" --disable-eviction --skip-wait-for-delete-timeout=1 --timeout=60s || \
            continuum_log "WARNING: drain of unreachable $node failed; deleting the node anyway"
    fi
    continuum_kubectl delete node "$node" --wait=false --ignore-not-found >/dev/null
    echo "node $node drained and deleted"
}

# Undo a node's pod networking on uninstall: unmount everything whose path matches the ERE $1
# (deepest first), delete the network links LINK..., and drop the iptables/ip6tables
# rules matching the ERE $2. Usage: continuum_teardown_network MOUNTS_ERE RULES_ERE LINK...
continuum_teardown_network() {
    local mounts="$1" rules="$2" m link tool
    shift 2
    awk -v re="$mounts" '$2 ~ re {print $2}' /proc/self/mounts \
        | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    for link in "$@"; do
        if ip link show "$link" >/dev/null 2>&1; then ip link delete "$link" || true; fi
    done
    for tool in iptables ip6tables; do
        if command -v "$tool-save" >/dev/null 2>&1 && command -v "$tool-restore" >/dev/null 2>&1; then
            "$tool-save" | grep -v -E "$rules" | "$tool-restore" || true
        fi
    done
}

# The etcd quorum guard of a control-plane change (k3s- and kubeadm-etcd-quorum-guard.sh; the
# same test as components/day2/quorum.ts): the live members (one a line) are compared with the
# control planes the spec lists (comma-separated); dies when the members that stay are fewer than
# a quorum of the members now, or, with the new ones joined, of the membership at its largest.
# NOUN names a control node in the hint ("server"). Usage: continuum_etcd_quorum_guard
# CLUSTER MEMBERS_TEXT CONTROL_PLANES NOUN
continuum_etcd_quorum_guard() {
    local cluster="$1" members_text="$2" control_planes="$3" noun="$4" m w n q list
    local kept=0 added=0
    local -a members=() wanted=() removed=()
    local -A is_member=() is_wanted=()
    mapfile -t members < <(printf '%s\n' "$members_text" | sed '/^$/d' | sort -u)
    IFS=, read -r -a wanted <<<"$control_planes"
    for m in "${members[@]}"; do is_member[$m]=1; done
    for w in "${wanted[@]}"; do is_wanted[$w]=1; done
    for w in "${wanted[@]}"; do
        if [[ -n "${is_member[$w]:-}" ]]; then kept=$((kept + 1)); else added=$((added + 1)); fi
    done
    for m in "${members[@]}"; do
        [[ -n "${is_wanted[$m]:-}" ]] || removed+=("$m")
    done
    n=${#members[@]}
    q=$((n / 2 + 1))
    if ((${#removed[@]} > 0)) && { ((kept < q)) || ((kept + added < (n + added) / 2 + 1)); }; then
        list="$(IFS=,; echo "${removed[*]}")"
        continuum_die "cluster $cluster: removing ${#removed[@]} of $n control planes at once (${list//,/, }) leaves $kept of $n etcd members, fewer than the $q etcd needs for quorum while the change runs; nothing was changed" \
            "do it in steps: add new ${noun}s first (one pulumi up), then remove at most $((n - q)) ${noun}(s) per pulumi up (docs/day2.md)"
    fi
    echo "cluster $cluster: $n etcd members, $kept stay, $added join, ${#removed[@]} leave — quorum kept"
}

# The etcd backup parameters (k3s- and kubeadm-etcd-backup.sh): BACKUP_KEEP and BACKUP_SCHEDULE.
continuum_etcd_backup_check() {
    [[ "$BACKUP_KEEP" =~ ^[1-9][0-9]{0,3}$ ]] ||
        continuum_die "BACKUP_KEEP '$BACKUP_KEEP' is not a count 1–9999" "set clusters[].backup.keep to a whole number"
    [[ "$BACKUP_SCHEDULE" =~ ^[A-Za-z0-9*:,/.\ ~+-]+$ ]] ||
        continuum_die "BACKUP_SCHEDULE '$BACKUP_SCHEDULE' is not a systemd calendar expression" "set clusters[].backup.schedule to one like daily or '*-*-* 02:00:00'"
    if command -v systemd-analyze >/dev/null 2>&1 && ! systemd-analyze calendar "$BACKUP_SCHEDULE" >/dev/null 2>&1; then
        continuum_die "systemd on $NODE_NAME does not accept the calendar expression '$BACKUP_SCHEDULE'" \
            "fix clusters[].backup.schedule (check it with: systemd-analyze calendar '$BACKUP_SCHEDULE')"
    fi
}

# The etcd snapshot timer of a control node (k3s- and kubeadm-etcd-backup.sh):
# continuum-etcd-snapshot.service (Description "etcd snapshot of this TITLE", the [Unit]
# dependencies DEPS, the [Service] commands EXEC, lines each) and its timer on BACKUP_SCHEDULE
# written when they differ, the timer enabled and (re)started.
# Usage: continuum_etcd_snapshot_timer TITLE DEPS EXEC
continuum_etcd_snapshot_timer() {
    local title="$1" deps="$2" exec="$3" service timer changed=""
    service="[Unit]
Description=etcd snapshot of this $title (installed by continuum)
$deps

[Service]
Type=oneshot
$exec"
    timer="[Unit]
Description=etcd snapshots of this $title on schedule (installed by continuum)

[Timer]
OnCalendar=$BACKUP_SCHEDULE
Persistent=true
RandomizedDelaySec=60

[Install]
WantedBy=timers.target"
    [[ -z "$(continuum_write_file /etc/systemd/system/continuum-etcd-snapshot.service 0644 "$service")" ]] || changed=yes
    [[ -z "$(continuum_write_file /etc/systemd/system/continuum-etcd-snapshot.timer 0644 "$timer")" ]] || changed=yes
    if [[ -n "$changed" ]]; then
        systemctl daemon-reload
    fi
    systemctl enable --quiet continuum-etcd-snapshot.timer
    if [[ -n "$changed" ]] && systemctl is-active --quiet continuum-etcd-snapshot.timer; then
        systemctl restart continuum-etcd-snapshot.timer
    else
        systemctl start continuum-etcd-snapshot.timer
    fi
}

# The snapshot before a change, once per change: when SNAPSHOT_REASON is set and differs from the
# one recorded at the last run, COMMAND... runs (only when READY is "yes": etcd runs here), then
# the reason is recorded. HINT is what to do when the snapshot fails.
# Usage: continuum_etcd_snapshot_before_change READY HINT COMMAND...
continuum_etcd_snapshot_before_change() {
    local ready="$1" hint="$2" reason_file=/var/lib/continuum/etcd-snapshot-reason reason="${SNAPSHOT_REASON:-}"
    shift 2
    [[ -n "$reason" && "$(cat "$reason_file" 2>/dev/null || true)" != "$reason" ]] || return 0
    if [[ "$ready" == yes ]]; then
        continuum_log "snapshot before the change on $NODE_NAME: $reason"
        "$@" >&2 || continuum_die "the snapshot before the change failed on $NODE_NAME; nothing was changed" "$hint"
    fi
    continuum_write_file "$reason_file" 0600 "$reason" >/dev/null
}

# Undo continuum_etcd_snapshot_timer and the recorded change; FILE... removed too.
# Usage: continuum_etcd_snapshot_timer_remove FILE...
continuum_etcd_snapshot_timer_remove() {
    if [[ -f /etc/systemd/system/continuum-etcd-snapshot.timer ]]; then
        systemctl disable --now --quiet continuum-etcd-snapshot.timer 2>/dev/null || true
    fi
    rm -f /etc/systemd/system/continuum-etcd-snapshot.timer /etc/systemd/system/continuum-etcd-snapshot.service \
        /var/lib/continuum/etcd-snapshot-reason "$@"
}
