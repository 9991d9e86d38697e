#!/usr/bin/env bash
# Print the admin kubeconfig once the API answers (read-only; the runner keeps it secret and
# logs nothing). Params: WAIT_SECONDS; CERT_EPOCH (unused here: a new certificates.rotate epoch makes
# the step run again, after kubeadm-cert-rotate.sh renewed admin.conf). Uninstall: nothing.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init kubeadm-kubeconfig
continuum_wait "${WAIT_SECONDS:-600}" "the API server to answer" /usr/local/bin/kubectl --kubeconfig /etc/kubernetes/admin.conf get --raw /readyz
cat /etc/kubernetes/admin.conf
