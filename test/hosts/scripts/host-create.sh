#!/usr/bin/env bash
# Create one test host (not started): its own overlay over the shared root filesystem, its
# identity (hostname, machine-id, SSH host key), the login user's key, sudo rule and password,
# and its network namespace with a veth link to the runner (or, behind a bastion, to the
# bastion's namespace). Addresses are link-local; the namespace has no default route.
#
# Environment (set by the harness):
#   HOST_DIR       state directory of this host (created)
#   HOST_NAME      hostname
#   ROOTFS         root filesystem from build-rootfs.sh (read-only lower layer)
#   NETNS          network namespace to create for the host
#   LINK_OUTER     veth end on the uplink side; LINK_INNER: the end inside the host
#   UPLINK_NETNS   namespace of the uplink side; empty = this machine (the runner)
#   ADDR_OUTER     uplink-side address; ADDR_INNER: the host's address; PREFIX_LEN: their prefix
#   AUTHORIZED_KEY the test's SSH public key (one line)
#   SUDO_MODE      nopasswd (sudo -n works) or password (sudo asks for the password)
#   PASSWORD_FILE  file holding the login user's password (required for SUDO_MODE=password)
#   REAL           1: a host that runs a real kubelet and containerd (docs/test-hosts.md, "Real
#                  hosts"): /var on a plain directory of this machine's disk
#   LAN_BRIDGE     the run's bridge (created here with ADDR_OUTER when missing): the host's link
#                  is enslaved to it and ADDR_INNER is its address on the run's LAN, with a
#                  default route on that link (kubelet needs one) that leads nowhere else
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_root
need_var HOST_DIR HOST_NAME ROOTFS NETNS LINK_OUTER LINK_INNER ADDR_OUTER ADDR_INNER PREFIX_LEN AUTHORIZED_KEY SUDO_MODE
UPLINK_NETNS="${UPLINK_NETNS:-}"
REAL="${REAL:-0}"
LAN_BRIDGE="${LAN_BRIDGE:-}"
[ -z "$LAN_BRIDGE" ] || [ -z "$UPLINK_NETNS" ] || die "a host on the run's LAN cannot sit behind a bastion"
[ -f "$ROOTFS/.continuum-testhost-complete" ] || die "$ROOTFS is not a finished test-host root filesystem — run build-rootfs.sh"

mkdir -p "$HOST_DIR/upper" "$HOST_DIR/work" "$HOST_DIR/root"
save_host_env "$HOST_DIR"
root="$HOST_DIR/root"
if ! mountpoint -q "$root"; then
    mount -t overlay overlay -o "lowerdir=$ROOTFS,upperdir=$HOST_DIR/upper,workdir=$HOST_DIR/work" "$root"
fi

# Identity.
printf '%s\n' "$HOST_NAME" >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$HOST_NAME" >"$root/etc/hosts"
if [ ! -s "$root/etc/machine-id" ]; then
    tr -d '-' </proc/sys/kernel/random/uuid >"$root/etc/machine-id"
fi
if [ ! -f "$root/etc/ssh/ssh_host_ed25519_key" ]; then
    ssh-keygen -q -t ed25519 -N '' -C "root@$HOST_NAME" -f "$root/etc/ssh/ssh_host_ed25519_key"
fi
cut -d' ' -f1,2 "$root/etc/ssh/ssh_host_ed25519_key.pub" >"$HOST_DIR/host-key.pub"

# The login user: key, sudo rule, password.
install -d -m 0700 -o 1000 -g 1000 "$root/home/continuum/.ssh"
printf '%s\n' "$AUTHORIZED_KEY" >"$root/home/continuum/.ssh/authorized_keys"
chown 1000:1000 "$root/home/continuum/.ssh/authorized_keys"
chmod 0600 "$root/home/continuum/.ssh/authorized_keys"
case "$SUDO_MODE" in
    nopasswd) rule='continuum ALL=(ALL:ALL) NOPASSWD: ALL' ;;
    password) rule='continuum ALL=(ALL:ALL) ALL' ;;
    *) die "SUDO_MODE must be nopasswd or password, not '$SUDO_MODE'" ;;
esac
printf '%s\n' "$rule" >"$root/etc/sudoers.d/continuum"
chmod 0440 "$root/etc/sudoers.d/continuum"
if [ -n "${PASSWORD_FILE:-}" ]; then
    printf 'continuum:%s\n' "$(cat "$PASSWORD_FILE")" | chroot "$root" chpasswd
elif [ "$SUDO_MODE" = password ]; then
    die "SUDO_MODE=password needs PASSWORD_FILE"
fi

# This kernel has no loadable modules: everything is built in. List the built-in ones the
# toolkit asks modprobe for in modules.builtin, as a Debian kernel package does, so that
# `modprobe overlay` succeeds here exactly when the kernel has the feature.
kver="$(uname -r)"
builtin_list=""
if [ -r /proc/config.gz ]; then
    config="$(zcat /proc/config.gz)"
    while read -r option path; do
        if grep -qx "$option=y" <<<"$config"; then
            builtin_list+="$path"$'\n'
        fi
    done <<'MODULES'
CONFIG_OVERLAY_FS kernel/fs/overlayfs/overlay.ko
CONFIG_BRIDGE kernel/net/bridge/bridge.ko
CONFIG_BRIDGE_NETFILTER kernel/net/bridge/br_netfilter.ko
CONFIG_NF_CONNTRACK kernel/net/netfilter/nf_conntrack.ko
CONFIG_NF_TABLES kernel/net/netfilter/nf_tables.ko
CONFIG_IP_NF_IPTABLES kernel/net/ipv4/netfilter/ip_tables.ko
CONFIG_IP_NF_FILTER kernel/net/ipv4/netfilter/iptable_filter.ko
CONFIG_IP_NF_NAT kernel/net/ipv4/netfilter/iptable_nat.ko
CONFIG_NETFILTER_XT_MATCH_CONNTRACK kernel/net/netfilter/xt_conntrack.ko
CONFIG_VXLAN kernel/drivers/net/vxlan/vxlan.ko
CONFIG_VETH kernel/drivers/net/veth.ko
CONFIG_KVM kernel/arch/x86/kvm/kvm.ko
MODULES
fi
if [ -n "$builtin_list" ] && [ ! -d "/lib/modules/$kver/kernel" ]; then
    mkdir -p "$root/lib/modules/$kver"
    printf '%s' "$builtin_list" >"$root/lib/modules/$kver/modules.builtin"
    : >"$root/lib/modules/$kver/modules.order"
    : >"$root/lib/modules/$kver/modules.builtin.modinfo"
    chroot "$root" depmod "$kver"
fi

# A host on the run's LAN names a resolver, as a real host does: the runner's address there,
# where nothing answers DNS (queries fail at once; nothing leaves the LAN). CoreDNS refuses to
# start with "no nameservers found" when the node's resolv.conf is empty.
if [ -n "$LAN_BRIDGE" ]; then
    printf 'nameserver %s\n' "$ADDR_OUTER" >"$root/etc/resolv.conf"
fi

# A real host: containerd's overlayfs snapshotter cannot use an overlay upper directory, so /var
# (containerd, kubelet, etcd, pod logs) is a plain directory on this machine's disk, bound in by
# host-start.sh and seeded from the image.
if [ "$REAL" = 1 ] && [ ! -d "$HOST_DIR/var" ]; then
    mkdir -p "$HOST_DIR/var.new"
    cp -a "$ROOTFS/var/." "$HOST_DIR/var.new/"
    mv "$HOST_DIR/var.new" "$HOST_DIR/var"
fi

# Network: a veth pair, inner end in the host's namespace, outer end on the uplink side.
[ -e "/run/netns/$NETNS" ] || ip netns add "$NETNS"
ip -n "$NETNS" link set lo up
if ! ip -n "$NETNS" link show "$LINK_INNER" >/dev/null 2>&1; then
    ip link add "$LINK_OUTER" type veth peer name "$LINK_INNER" netns "$NETNS"
    if [ -n "$UPLINK_NETNS" ]; then
        ip link set "$LINK_OUTER" netns "$UPLINK_NETNS"
    fi
    if [ -n "$LAN_BRIDGE" ]; then
        # The run's LAN: one bridge on this machine, which holds ADDR_OUTER (the runner's address
        # there). Bridging needs no IP forwarding, so nothing from a host is routed further.
        if ! ip link show "$LAN_BRIDGE" >/dev/null 2>&1; then
            ip link add "$LAN_BRIDGE" type bridge
            ip addr add "$ADDR_OUTER/$PREFIX_LEN" dev "$LAN_BRIDGE"
            ip link set "$LAN_BRIDGE" up
        fi
        ip link set "$LINK_OUTER" master "$LAN_BRIDGE"
    else
        in_netns "$UPLINK_NETNS" ip addr add "$ADDR_OUTER/$PREFIX_LEN" dev "$LINK_OUTER"
    fi
    in_netns "$UPLINK_NETNS" ip link set "$LINK_OUTER" up
    ip -n "$NETNS" addr add "$ADDR_INNER/$PREFIX_LEN" dev "$LINK_INNER"
    ip -n "$NETNS" link set "$LINK_INNER" up
    if [ -n "$LAN_BRIDGE" ]; then
        ip -n "$NETNS" route add default dev "$LINK_INNER"
    fi
fi
log "created $HOST_NAME at $ADDR_INNER"
