#!/usr/bin/env bash
# Idempotent setup: installs with apt what the platform and its tests need (only what is missing), publishes
# the guests, and builds the solution (Release). Safe to run again and again; fast when nothing changed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=ops/lib.sh
source "$here/lib.sh"
cd "$here/.."

# rabbitmq-server: distributed mode and its tests. runc, qemu-system-x86, busybox-static: the oci/qemu/uml
# drivers and guest images (later drivers; installed now so every machine is alike). gcc + zlib1g-dev:
# NativeAOT's native link step for the guests. iproute2, curl: networking and the README's examples.
ensure_packages rabbitmq-server runc qemu-system-x86 busybox-static gcc zlib1g-dev iproute2 curl user-mode-linux cpio util-linux
# Tinyx images (ops/build-images.sh): kernel sources and their build tools, debootstrap for package images.
ensure_packages linux-source-6.1 make flex bison bc libelf-dev xz-utils debootstrap

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK (dotnet) is not on PATH; install it first (it cannot be downloaded on this network)." >&2
  exit 1
fi

"$here/build-guests.sh"

echo "setup: building LightVm.Services.sln (Release)"
dotnet build LightVm.Services.sln -c Release -nologo -v quiet -clp:ErrorsOnly

# Tinyx images of unikernels/* (skipped while up to date; kernels come from the cache in /var/cache/lightvm).
"$here/build-images.sh"

# Local certificates for ops/policies/tls.yaml (a local CA and one certificate per host name), made once.
for host in shop.tls.localhost blog.tls.localhost; do
  if [ ! -f "artifacts/certs/$host.crt" ] || [ ! -f "artifacts/certs/$host.key" ]; then
    "$here/../lightvm" cert "$host" --out artifacts/certs >/dev/null
    echo "setup: issued a local certificate for $host (artifacts/certs, CA artifacts/certs/ca.crt)"
  fi
done
echo "setup: done"
