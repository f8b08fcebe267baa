#!/usr/bin/env bash
# Builds the Tinyx image of every unikernels/<name>/tinyx.yaml into artifacts/images/<name>/ with
# `lightvm tinyx build` (rootfs/, initramfs.cpio.gz, bzImage and/or linux, manifest.json; docs/vm-guests.md).
# An image is skipped while its manifest.json is newer than every input (the recipe folder, the guest init and
# the libraries the guests use, Tinyx itself, the kernel fragments, the build settings).
# Kernels come from /var/cache/lightvm/kernels (or $LIGHTVM_CACHE/kernels), keyed by config hash: an unchanged
# config is never rebuilt; a changed one is built once (4-7 min on 2 cores). Package recipes (nginx) need root
# (overlay mount, chroot); the Debian base and the package overlay are cached under /var/cache/lightvm too.
# Usage: ops/build-images.sh [--force] [name...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

force=0
names=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) echo "build-images: unknown option '$arg' (usage: ops/build-images.sh [--force] [name...])" >&2; exit 2 ;;
    *) names+=("$arg") ;;
  esac
done
if [ "${#names[@]}" -eq 0 ]; then
  for recipe in unikernels/*/tinyx.yaml; do
    names+=("$(basename "$(dirname "$recipe")")")
  done
fi

dll=services/LightVm.Cli/bin/Release/net10.0/lightvm.dll
if [ ! -f "$dll" ]; then
  echo "build-images: building the lightvm CLI (Release)"
  dotnet build services/LightVm.Cli -c Release -nologo -v quiet -clp:ErrorsOnly
fi

shared_inputs=(src/LightVm.Tinyx src/LightVm.Guest.Init src/LightVm.Guest src/LightVm.Noxs ops/kernel
               Directory.Build.props Directory.Packages.props global.json)

# Prints the first input newer than the manifest (nothing when the image is up to date).
first_newer_input() {
  local manifest=$1 dir=$2
  find "$dir" "${shared_inputs[@]}" \( -name bin -o -name obj \) -prune -o -type f -newer "$manifest" -print 2>/dev/null | head -n 1
}

status=0
for name in "${names[@]}"; do
  dir=unikernels/$name
  out=artifacts/images/$name
  if [ ! -f "$dir/tinyx.yaml" ]; then
    echo "build-images: $dir/tinyx.yaml does not exist" >&2
    status=1
    continue
  fi
  if [ $force -eq 0 ] && [ -f "$out/manifest.json" ]; then
    changed=$(first_newer_input "$out/manifest.json" "$dir")
    if [ -z "$changed" ]; then
      echo "build-images: $name is up to date ($out), skipped"
      continue
    fi
    echo "build-images: $changed changed since $name was built"
  fi
  if grep -qE '^[[:space:]]*package:' "$dir/tinyx.yaml" && [ "$(id -u)" -ne 0 ]; then
    echo "build-images: $name installs a Debian package (overlay mount, chroot) and needs root; skipped" >&2
    continue
  fi
  started=$SECONDS
  echo "build-images: building $name -> $out"
  if dotnet "$dll" tinyx build "$dir" --out "$out"; then
    echo "build-images: $name built in $((SECONDS - started)) s"
  else
    echo "build-images: $name FAILED" >&2
    status=1
  fi
done
exit $status
