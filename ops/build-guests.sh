#!/usr/bin/env bash
# Publishes the guest programs with NativeAOT (self-contained linux-x64):
#   jit-web -> artifacts/guests/jit-web/jit-web            (the JIT HTTP guest the `process`/`oci` drivers start)
#   firewall -> artifacts/guests/firewall/firewall         (the personal-firewall guest: an HTTP proxy applying its user's rules)
#   tls-terminator -> artifacts/guests/tls-terminator/tls-terminator (the TLS guest: ends TLS for one host name with the key from its page)
#   init    -> artifacts/guests/init/LightVm.Guest.Init    (the guest init, /init in VM images: docs/vm-guests.md)
# Each publish is skipped while its binary is newer than every source file it is built from.
# NativeAOT needs a native linker (clang, or gcc as the SDK's second choice); without one jit-web falls back
# to a self-contained JIT publish into the same folder and says so (the init has no fallback: it must be AOT).
# Usage: ops/build-guests.sh [--force]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-guests: unknown argument '$arg' (usage: ops/build-guests.sh [--force])" >&2; exit 2 ;;
  esac
done

build_files=(Directory.Build.props Directory.Packages.props global.json)

# Prints the first input file newer than the binary (nothing when the binary is up to date).
first_newer_input() {
  local binary=$1; shift
  {
    find "$@" \( -name bin -o -name obj \) -prune -o -type f -newer "$binary" -print
    for file in "${build_files[@]}"; do
      if [[ -f $file && $file -nt $binary ]]; then echo "$file"; fi
    done
  } | head -n 1
}

# publish NAME PROJECT BINARY-NAME ALLOW-JIT-FALLBACK INPUT-DIR...
publish() {
  local name=$1 project=$2 binary_name=$3 allow_fallback=$4; shift 4
  local out=artifacts/guests/$name
  local binary=$out/$binary_name
  if [[ $force -eq 0 && -x $binary ]]; then
    local changed
    changed=$(first_newer_input "$binary" "$@" || true) # head closing the pipe early is not a failure
    if [[ -z $changed ]]; then
      echo "build-guests: $name is up to date ($binary), publish skipped"
      return 0
    fi
    echo "build-guests: $changed changed since the last publish of $name"
  fi

  local started=$SECONDS log mode
  log=$(mktemp)
  rm -rf "$out"
  echo "build-guests: publishing $name with NativeAOT -> $out"
  if dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo >"$log" 2>&1; then
    mode="NativeAOT"
  elif [[ $allow_fallback -eq 1 ]]; then
    tail -n 20 "$log" >&2
    echo "build-guests: WARNING: the NativeAOT publish of $name failed (no clang/gcc linker or no ILCompiler package?);" \
         "falling back to a self-contained JIT publish (slower start, larger folder)" >&2
    rm -rf "$out"
    if ! dotnet publish "$project" -c Release -r linux-x64 -o "$out" -nologo \
          -p:PublishAot=false -p:SelfContained=true >"$log" 2>&1; then
      cat "$log" >&2; rm -f "$log"
      echo "build-guests: the fallback publish of $name failed too" >&2
      exit 1
    fi
    mode="self-contained JIT (fallback)"
  else
    cat "$log" >&2; rm -f "$log"
    echo "build-guests: the NativeAOT publish of $name failed (it needs clang or gcc)" >&2
    exit 1
  fi
  rm -f "$log"

  if [[ ! -x $binary ]]; then
    echo "build-guests: the publish produced no $binary" >&2
    exit 1
  fi
  rm -f "$out"/*.dbg "$out"/*.pdb
  echo "$mode" > "$out/.publish-mode"
  local size
  size=$(stat -c %s "$binary")
  echo "build-guests: published $name ($mode) in $((SECONDS - started)) s: $binary, $((size / 1024)) KiB"
}

publish jit-web unikernels/jit-web/JitWeb.csproj jit-web 1 unikernels/jit-web src/LightVm.Noxs src/LightVm.Guest
publish firewall unikernels/firewall/Firewall.csproj firewall 1 unikernels/firewall src/LightVm.Noxs src/LightVm.Guest src/LightVm.Firewall
publish tls-terminator unikernels/tls-terminator/TlsTerminator.csproj tls-terminator 1 unikernels/tls-terminator src/LightVm.Noxs src/LightVm.Guest
publish init src/LightVm.Guest.Init/LightVm.Guest.Init.csproj LightVm.Guest.Init 0 src/LightVm.Guest.Init src/LightVm.Noxs
