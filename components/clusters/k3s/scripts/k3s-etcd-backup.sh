#!/usr/bin/env bash
# etcd snapshots of a K3s server (issue 23): a systemd timer that runs `k3s etcd-snapshot save`
# on the spec's schedule and prunes to the spec's count, and an on-demand snapshot before a
# change (an upgrade, a control-plane removal) when the change's description differs from the
# one recorded at the last run. Idempotent: units are written only when they differ; a second run
# with the same parameters changes nothing and takes no snapshot.
#
# Params (stdin env file):
#   NODE_NAME          the node, for messages
#   BACKUP_SCHEDULE    systemd OnCalendar= expression (checked with systemd-analyze when present)
#   BACKUP_KEEP        snapshots kept (the timer prunes older ones)
#   SNAPSHOT_REASON    what is about to change (empty: nothing); a new value takes a snapshot
#                      named continuum-pre-change when K3s already runs here
# Uninstall: k3s-etcd-backup-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-etcd-backup
continuum_require NODE_NAME BACKUP_SCHEDULE BACKUP_KEEP
continuum_etcd_backup_check

bin=/usr/local/bin/k3s
continuum_etcd_snapshot_timer "K3s server" $'After=k3s.service\nRequisite=k3s.service' \
    "ExecStart=$bin etcd-snapshot save --name continuum
ExecStartPost=$bin etcd-snapshot prune --name continuum --snapshot-retention $BACKUP_KEEP"
ready=no
if [[ -x "$bin" ]] && systemctl is-active --quiet k3s; then ready=yes; fi
continuum_etcd_snapshot_before_change "$ready" \
    "read K3s's message above (journalctl -u k3s), fix etcd, and run pulumi up again" \
    "$bin" etcd-snapshot save --name continuum-pre-change
echo "etcd snapshots on $NODE_NAME: $BACKUP_SCHEDULE, keeping $BACKUP_KEEP"
