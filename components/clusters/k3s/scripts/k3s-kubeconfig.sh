#!/usr/bin/env bash
# Print the K3s admin kubeconfig once the API answers (read-only). The runner marks the output
# secret and logs nothing. Params: WAIT_SECONDS (default 300). Uninstall: nothing to undo.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init k3s-kubeconfig
continuum_wait "${WAIT_SECONDS:-300}" "the K3s API to answer" /usr/local/bin/k3s kubectl get --raw /readyz
cat /etc/rancher/k3s/k3s.yaml
