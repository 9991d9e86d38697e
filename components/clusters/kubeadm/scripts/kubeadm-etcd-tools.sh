# shellcheck shell=bash
# Sourced by kubeadm-etcd-backup.sh and kubeadm-etcd-restore.sh (after continuum-lib.sh):
# kubeadm_etcd_tools ARCHIVE installs etcdctl and etcdutl from etcd's release archive (its
# etcd-<v>-linux-<arch>/ directory; sha256 checked by continuum_init before) into /usr/local/bin,
# each only when it differs.

kubeadm_etcd_tools() {
    local archive="$1" work b found
    work="$(mktemp -d)"
    tar -xzf "$archive" -C "$work" --no-same-owner --wildcards '*/etcdctl' '*/etcdutl' ||
        { rm -rf -- "$work"; continuum_die "$(basename "$archive") holds no etcdctl/etcdutl" "pin etcd's release archive (etcd-v<version>-linux-<arch>.tar.gz) as artifacts.etcd"; }
    for b in etcdctl etcdutl; do
        found="$(find "$work" -type f -name "$b" -print -quit)"
        [[ -n "$found" ]] || { rm -rf -- "$work"; continuum_die "$(basename "$archive") holds no $b" "pin etcd's release archive as artifacts.etcd"; }
        continuum_install_binary "$found" "/usr/local/bin/$b" >/dev/null
    done
    rm -rf -- "$work"
}
