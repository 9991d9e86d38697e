#!/usr/bin/env bash
# etcd snapshots of a kubeadm control plane (issue 23): etcdctl and etcdutl from the pinned etcd
# release archive into /usr/local/bin, the snapshot script into /usr/local/lib/continuum, a
# systemd timer that runs it on the spec's schedule (keeping the spec's count), and an on-demand
# snapshot before a change (an upgrade, a control-plane removal) when the change's description
# differs from the one recorded at the last run. Idempotent: files are written only when they
# differ; a second run with the same parameters changes nothing and takes no snapshot.
#
# Params (stdin env file):
#   NODE_NAME                 the node (messages, snapshot names)
#   BACKUP_SCHEDULE           systemd OnCalendar= expression (checked with systemd-analyze when present)
#   BACKUP_KEEP               snapshots kept (older ones are deleted)
#   SNAPSHOT_REASON           what is about to change (empty: nothing); a new value takes a snapshot
#                             named continuum-pre-change-… when kubeadm runs here
#   ARTIFACT_ETCD             etcd's release archive (etcdctl, etcdutl) (+ _SHA256)
#   ARTIFACT_SNAPSHOT_SCRIPT  kubeadm-etcd-snapshot.sh (+ _SHA256)
# Uninstall: kubeadm-etcd-backup-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-etcd-backup
continuum_require NODE_NAME BACKUP_SCHEDULE BACKUP_KEEP ARTIFACT_ETCD ARTIFACT_SNAPSHOT_SCRIPT

[[ "$BACKUP_KEEP" =~ ^[1-9][0-9]{0,3}$ ]] || continuum_die "BACKUP_KEEP '$BACKUP_KEEP' is not a count 1–9999" "set clusters[].backup.keep to a whole number"
[[ "$BACKUP_SCHEDULE" =~ ^[A-Za-z0-9*:,/.\ ~+-]+$ ]] ||
    continuum_die "BACKUP_SCHEDULE '$BACKUP_SCHEDULE' is not a systemd calendar expression" "set clusters[].backup.schedule to one like daily or '*-*-* 02:00:00'"
if command -v systemd-analyze >/dev/null 2>&1 && ! systemd-analyze calendar "$BACKUP_SCHEDULE" >/dev/null 2>&1; then
    continuum_die "systemd on $NODE_NAME does not accept the calendar expression '$BACKUP_SCHEDULE'" \
        "fix clusters[].backup.schedule (check it with: systemd-analyze calendar '$BACKUP_SCHEDULE')"
fi

# shellcheck source=kubeadm-etcd-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/kubeadm-etcd-tools.sh"
kubeadm_etcd_tools "$ARTIFACT_ETCD"
snapshot=/usr/local/lib/continuum/kubeadm-etcd-snapshot.sh
mkdir -p /usr/local/lib/continuum
continuum_install_binary "$ARTIFACT_SNAPSHOT_SCRIPT" "$snapshot" >/dev/null

service="[Unit]
Description=etcd snapshot of this kubeadm control plane (installed by continuum)
After=kubelet.service

[Service]
Type=oneshot
ExecStart=$snapshot continuum $NODE_NAME $BACKUP_KEEP"
timer="[Unit]
Description=etcd snapshots of this kubeadm control plane on schedule (installed by continuum)

[Timer]
OnCalendar=$BACKUP_SCHEDULE
Persistent=true
RandomizedDelaySec=60

[Install]
WantedBy=timers.target"
changed=""
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

# On demand, before a change: once per change (its description is recorded after the snapshot).
reason_file=/var/lib/continuum/etcd-snapshot-reason
reason="${SNAPSHOT_REASON:-}"
if [[ -n "$reason" && "$(cat "$reason_file" 2>/dev/null || true)" != "$reason" ]]; then
    if [[ -f /etc/kubernetes/continuum-kubeadm.done ]]; then
        continuum_log "snapshot before the change on $NODE_NAME: $reason"
        "$snapshot" continuum-pre-change "$NODE_NAME" "$BACKUP_KEEP" >&2 ||
            continuum_die "the snapshot before the change failed on $NODE_NAME; nothing was changed" \
                "read etcdctl's message above (crictl ps --name etcd; journalctl -u kubelet), fix etcd, and run pulumi up again"
    fi
    continuum_write_file "$reason_file" 0600 "$reason" >/dev/null
fi
echo "etcd snapshots on $NODE_NAME: $BACKUP_SCHEDULE, keeping $BACKUP_KEEP"
