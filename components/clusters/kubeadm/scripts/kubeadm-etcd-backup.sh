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
continuum_etcd_backup_check

# shellcheck source=kubeadm-etcd-tools.sh
source "$(dirname "${BASH_SOURCE[0]}")/kubeadm-etcd-tools.sh"
kubeadm_etcd_tools "$ARTIFACT_ETCD"
snapshot=/usr/local/lib/continuum/kubeadm-etcd-snapshot.sh
mkdir -p /usr/local/lib/continuum
continuum_install_binary "$ARTIFACT_SNAPSHOT_SCRIPT" "$snapshot" >/dev/null

continuum_etcd_snapshot_timer "kubeadm control plane" "After=kubelet.service" \
    "ExecStart=$snapshot continuum $NODE_NAME $BACKUP_KEEP"
ready=no
if [[ -f /etc/kubernetes/continuum-kubeadm.done ]]; then ready=yes; fi
continuum_etcd_snapshot_before_change "$ready" \
    "read etcdctl's message above (crictl ps --name etcd; journalctl -u kubelet), fix etcd, and run pulumi up again" \
    "$snapshot" continuum-pre-change "$NODE_NAME" "$BACKUP_KEEP"
echo "etcd snapshots on $NODE_NAME: $BACKUP_SCHEDULE, keeping $BACKUP_KEEP"
