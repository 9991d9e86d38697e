#!/usr/bin/env bash
# Airgap images on a node (airgap.images): every pushed archive (ARTIFACT_IMAGE_<n>, each verified
# against its pinned sha256 by continuum_init before anything happens) is made available to the
# node's container runtime before it initialises or joins:
#   IMAGES_MODE=k3s         copied into /var/lib/rancher/k3s/agent/images/ (K3s imports it at start);
#                           runs before k3s-install.sh
#   IMAGES_MODE=containerd  `ctr -n k8s.io images import` into the running containerd; runs after the
#                           step that installs containerd (edge-runtime.sh) and before keadm join
# Idempotent: an archive already placed or imported (marker per digest) is skipped.
# Params (stdin env file): IMAGES_MODE, ARTIFACT_IMAGE_<n> (+ _SHA256).
# Uninstall: image-import-uninstall.sh.
set -euo pipefail
# shellcheck source=continuum-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/continuum-lib.sh"
continuum_init image-import
continuum_require IMAGES_MODE
if [[ "$IMAGES_MODE" == containerd ]]; then
    command -v ctr >/dev/null 2>&1 || continuum_die "ctr is not installed, so no image can be imported" "the containerd step must run before image-import.sh"
    continuum_wait 60 "containerd to answer (journalctl -u containerd)" ctr --address /run/containerd/containerd.sock version
fi
continuum_import_images
