#!/usr/bin/env bash
# Publishes the guest applications that the host's `process` driver starts.
#   jit-web -> artifacts/guests/jit-web/jit-web   (NativeAOT, self-contained linux-x64)
# The publish is skipped while the binary is newer than every source file it is built from.
# NativeAOT needs a native linker (clang, or gcc as the SDK's second choice); without one it falls back
# to a self-contained JIT publish into the same folder and says so.
# Usage: ops/build-guests.sh [--force]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "build-guests: unknown argument '$arg' (usage: ops/build-guests.sh [--force])" >&2; exit 2 ;;
  esac
done

project=unikernels/jit-web/JitWeb.csproj
out=artifacts/guests/jit-web
binary=$out/jit-web
inputs=(unikernels/jit-web src/LightVm.Noxs src/LightVm.Guest)
build_files=(Directory.Build.props Directory.Packages.props global.json)

# Prints the first input file newer than the binary (nothing when the binary is up to date).
first_newer_input() {
  {
    find "${inputs[@]}" \( -name bin -o -name obj \) -prune -o -type f -newer "$binary" -print
    for file in "${build_files[@]}"; do
      if [[ -f $file && $file -nt $binary ]]; then echo "$file"; fi
    done
  } | head -n 1
}

if [[ $force -eq 0 && -x $binary ]]; then
  changed=$(first_newer_input)
  if [[ -z $changed ]]; then
    echo "build-guests: jit-web is up to date ($binary), publish skipped"
    exit 0
  fi
  echo "build-guests: $changed changed since the last publish"
fi

started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT

rm -rf "$out"
echo "build-guests: publishing jit-web with NativeAOT -> $out"
if dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo >"$log" 2>&1; then
  mode="NativeAOT"
else
  tail -n 20 "$log" >&2
  echo "build-guests: WARNING: the NativeAOT publish failed (no clang/gcc linker or no ILCompiler package?);" \
       "falling back to a self-contained JIT publish (slower start, larger folder)" >&2
  rm -rf "$out"
  if ! dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo \
        -p:PublishAot=false -p:SelfContained=true >"$log" 2>&1; then
    cat "$log" >&2
    echo "build-guests: the fallback publish failed too" >&2
    exit 1
  fi
  mode="self-contained JIT (fallback)"
fi

if [[ ! -x $binary ]]; then
  echo "build-guests: the publish produced no $binary" >&2
  exit 1
fi

echo "$mode" > "$out/.publish-mode"
size=$(stat -c %s "$binary")
echo "build-guests: published jit-web ($mode) in $((SECONDS - started)) s: $binary, $((size / 1024)) KiB" \
     "(folder $(du -sh "$out" | cut -f1))"
