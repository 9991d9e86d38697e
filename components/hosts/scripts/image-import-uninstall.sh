#!/usr/bin/env bash
# Undo image-import.sh: remove the archives it placed for K3s and the import markers. Images
# imported into containerd go with containerd's own uninstall (its content store is removed there).
# Params (stdin env file): IMAGES_MODE, ARTIFACT_IMAGE_<n> (+ _SHA256).
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init image-import-uninstall
for var in $(compgen -v ARTIFACT_IMAGE_ || true); do
    [[ "$var" == *_SHA256 || "$var" == *_SHA512 ]] && continue
    rm -f "/var/lib/rancher/k3s/agent/images/$(basename "${!var}")"
done
rm -rf /var/lib/continuum/images
