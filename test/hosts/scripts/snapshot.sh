#!/usr/bin/env bash
# Runs INSIDE a test host (the harness feeds it to bash over nsenter): prints the host's state as
# sorted lines, so two snapshots can be compared — "a second run changed nothing", "destroy left
# the host as it was before":
#   file <path> <type> <mode> <owner> <size> <mtime>   regular files (directories: no size/mtime,
#                                                       their mtime moves when entries come and go)
#   link <path> -> <target>
#   unit <name> <enablement>                            every unit file systemd knows
#   active <name>                                       running services, sockets, timers, paths
#   pkg <name> <version> <status>                       every package dpkg knows
# Left out, because they change on their own while a host runs: logs, caches, apt lists, dpkg's
# and systemd's bookkeeping, sudo's lecture marks, shell histories.
set -euo pipefail

find /etc /usr /opt /var/lib /srv /home /root -xdev \
    \( -path /var/lib/systemd -o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/sudo \
       -o -path /var/lib/private -o -path /etc/ld.so.cache -o -name .bash_history -o -name .lesshst \) -prune -o \
    \( -type d -printf 'file %p d %m %u\n' \) -o \
    \( -type l -printf 'link %p -> %l\n' \) -o \
    \( -printf 'file %p %y %m %u %s %T@\n' \) 2>/dev/null | LC_ALL=C sort

systemctl list-unit-files --no-legend --no-pager 2>/dev/null | awk '{print "unit " $1 " " $2}' | LC_ALL=C sort
systemctl list-units --no-legend --no-pager --plain --state=active --type=service,socket,timer,path 2>/dev/null \
    | awk '{print "active " $1}' | LC_ALL=C sort
dpkg-query -W -f='pkg ${Package} ${Version} ${db:Status-Abbrev}\n' | LC_ALL=C sort
