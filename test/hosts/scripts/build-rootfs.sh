#!/usr/bin/env bash
# Build (once) the Debian bookworm root filesystem the test hosts boot from, and print its path.
#
# Cached under $CONTINUUM_CACHE/testhost-rootfs-<hash>, the hash covering the suite, both package
# lists and IMAGE_FORMAT (bump it when a build step below changes), so a change to any of them
# builds a new one and older images nobody has mounted are removed. A lock keeps concurrent
# callers from building twice. Needs network to the Debian mirror only while building.
#
# Two package sets:
#   BASE_PACKAGES are installed: what a freshly installed Debian server has, plus sshd and sudo.
#   REPO_PACKAGES are NOT installed but sit, with their dependencies, in an offline apt repository
#   inside the image (/srv/continuum-testhost-apt, the only apt source), so install scripts that call
#   apt-get run unchanged with no route outward, and removal tests can see what they added.
#
# Environment (all optional):
#   CONTINUUM_CACHE          cache root (default ~/.cache/continuum)
#   CONTINUUM_DEBIAN_MIRROR  mirror to build from (default http://deb.debian.org/debian)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITE="bookworm"
MIRROR="${CONTINUUM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_PACKAGES="systemd systemd-sysv dbus openssh-server sudo iproute2 ca-certificates kmod procps curl iptables conntrack less"
REPO_PACKAGES="containerd runc crun containernetworking-plugins socat ebtables ethtool"
REPO_DIR="/srv/continuum-testhost-apt"
IMAGE_FORMAT=1

need_root
ensure_host_tools

key="$(printf '%s\n' "$IMAGE_FORMAT" "$SUITE" "$BASE_PACKAGES" "$REPO_PACKAGES" | sha256sum | cut -c1-16)"
dest="$TESTHOST_CACHE/testhost-rootfs-$key"
mkdir -p "$TESTHOST_CACHE"

exec 9>"$TESTHOST_CACHE/testhost-rootfs.lock"
flock 9

if [ -f "$dest/.continuum-testhost-complete" ]; then
    printf '%s\n' "$dest"
    exit 0
fi

tmp="$dest.building"
if [ -d "$tmp" ]; then
    unmount_tree "$tmp"
    rm -rf "$tmp"
fi
log "building the test-host root filesystem ($SUITE) in $dest — about a minute, once"

debootstrap --variant=minbase --include="${BASE_PACKAGES// /,}" "$SUITE" "$tmp" "$MIRROR" >"$TESTHOST_CACHE/testhost-rootfs-$key.log" 2>&1 \
    || die "debootstrap failed — see $TESTHOST_CACHE/testhost-rootfs-$key.log"

in_root() {
    chroot "$tmp" env DEBIAN_FRONTEND=noninteractive LC_ALL=C "$@"
}

# The offline repository: download REPO_PACKAGES and whatever they need that the base lacks.
cp /etc/resolv.conf "$tmp/etc/resolv.conf"
printf 'deb %s %s main\n' "$MIRROR" "$SUITE" >"$tmp/etc/apt/sources.list"
in_root apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
in_root apt-get install -y -qq --download-only --no-install-recommends $REPO_PACKAGES >/dev/null
mkdir -p "$tmp$REPO_DIR"
mv "$tmp"/var/cache/apt/archives/*.deb "$tmp$REPO_DIR/"
(cd "$tmp$REPO_DIR" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null >Packages)
[ -s "$tmp$REPO_DIR/Packages" ] || die "the offline apt repository is empty"
printf 'deb [trusted=yes] file:%s ./\n' "$REPO_DIR" >"$tmp/etc/apt/sources.list"
rm -rf "$tmp"/var/lib/apt/lists/*
in_root apt-get update -qq
in_root apt-get clean

# Hosts have no resolver and no route outward.
rm -f "$tmp/etc/resolv.conf"
: >"$tmp/etc/resolv.conf"

# sshd: one host key, generated per host when it is created (none in the image); keys only.
rm -f "$tmp"/etc/ssh/ssh_host_*
cat >"$tmp/etc/ssh/sshd_config.d/continuum-testhost.conf" <<'EOF'
HostKey /etc/ssh/ssh_host_ed25519_key
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UseDNS no
EOF

# The unprivileged login user; its sudo rule, password and authorized key are set per host.
in_root useradd --create-home --shell /bin/bash --uid 1000 continuum

# Nothing in a host reaches out or runs on a timer during a test.
in_root systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
    dpkg-db-backup.timer systemd-tmpfiles-clean.timer >/dev/null 2>&1 || true
mkdir -p "$tmp/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=16M\n' >"$tmp/etc/systemd/journald.conf.d/continuum-testhost.conf"

# Each host gets its own machine-id when it is created.
: >"$tmp/etc/machine-id"
rm -f "$tmp/var/lib/dbus/machine-id"

printf '%s\n' "$SUITE" "$BASE_PACKAGES" "$REPO_PACKAGES" >"$tmp/.continuum-testhost-complete"
mv "$tmp" "$dest"
log "test-host root filesystem ready: $dest ($(du -sh "$dest" | cut -f1))"

# Older images no mounted host uses.
for old in "$TESTHOST_CACHE"/testhost-rootfs-*; do
    if [ ! -d "$old" ] || [ "$old" = "$dest" ]; then
        continue
    fi
    if ! findmnt -rn -t overlay -o OPTIONS | grep -q "lowerdir=${old}[,:]"; then
        log "removing the older image $old"
        rm -rf --one-file-system "$old" "$old.log"
    fi
done
printf '%s\n' "$dest"
