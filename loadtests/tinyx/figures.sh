#!/usr/bin/env bash
# The figures of docs/benchmarks/tinyx.md, measured on this host from the built images (ops/build-images.sh):
#   sizes      kernel, initramfs (compressed/uncompressed) and rootfs/ of each image, against a debootstrap minbase
#              root and Debian's stock kernel
#   boot       boot to ready under TCG (QEMU microvm as the qemu driver starts it, minus the NIC): from spawn to
#              the guest init's "waiting for device page" line, Tinyx kernel vs Debian's stock kernel, RUNS each
#   memory     the smallest guest RAM each image reaches that line in: MEMS (MiB) with the Tinyx kernel,
#              STOCK_MEMS with the stock kernel, tried upwards, stopping at the first that boots
# Prints markdown. Needs qemu-system-x86_64; root only to read the caches. Nothing is built here.
# Usage: loadtests/tinyx/figures.sh [sizes] [boot] [memory]   (all three when none is given)
# Environment: IMAGES (default: daytime jit-web nginx), RUNS (3), MEMS ("16 24 32 48 64"), STOCK_MEMS
#              ("64 96 128 192 256"), BOOT_MEM (256: the stock kernel does not boot in 64), TIMEOUT (s per boot,
#              60; a guest short of RAM often hangs rather than fails, so each failed size costs this), STOCK_KERNEL (default: newest /boot/vmlinuz-* or
#              /var/cache/lightvm/stock/boot/vmlinuz-*), MINBASE (default: /var/cache/lightvm/debootstrap/bookworm-minbase)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

images=(${IMAGES:-daytime jit-web nginx})
runs=${RUNS:-3}
mems=(${MEMS:-16 24 32 48 64})
stock_mems=(${STOCK_MEMS:-64 96 128 192 256})
boot_mem=${BOOT_MEM:-256}
timeout_s=${TIMEOUT:-60}
minbase=${MINBASE:-/var/cache/lightvm/debootstrap/bookworm-minbase}
stock=${STOCK_KERNEL:-$(ls -1 /boot/vmlinuz-* /var/cache/lightvm/stock/boot/vmlinuz-* 2>/dev/null | sort | tail -n 1 || true)}
ready_line="lightvm-init: waiting for device page"
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(sizes boot memory)

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }

# The host TSC rate the qemu driver passes as tsc_early_khz under TCG (QemuCommandLine.HostTscKhz).
tsc_khz=$(awk -F: '/^cpu MHz/ { printf "%d", $2 * 1000; exit }' /proc/cpuinfo)
tsc_khz=${tsc_khz:-2000000}

# boot_ms KERNEL INITRAMFS MEMORY_MIB -> milliseconds to the ready line, or "fail(<last console line>)".
boot_ms() {
  local kernel=$1 initramfs=$2 mem=$3 page out fifo qemu start end=""
  page=$(mktemp /dev/shm/tinyx-figures-page.XXXXXX)
  out=$(mktemp)
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  truncate -s 4096 "$page"
  start=$(date +%s%N)
  # The qemu driver's machine (src/LightVm.Toolstack/Drivers/Qemu/QemuCommandLine.cs) without NIC and QMP.
  timeout "$timeout_s" qemu-system-x86_64 -nodefaults -no-user-config -nographic \
    -M microvm,x-option-roms=off,rtc=on,pcie=on,acpi=on,isa-serial=on \
    -accel tcg,tb-size=4 -cpu max -m "${mem}M" -smp 1 \
    -kernel "$kernel" -initrd "$initramfs" \
    -append "console=ttyS0 quiet reboot=t panic=-1 tsc_early_khz=$tsc_khz" \
    -chardev stdio,id=console,signal=off -serial chardev:console \
    -object memory-backend-file,id=page,mem-path="$page",size=4096,share=on \
    -device ivshmem-plain,memdev=page,master=on -no-reboot </dev/null >"$fifo" 2>&1 &
  qemu=$!
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$out"
    if [[ $line == *"$ready_line"* ]]; then end=$(date +%s%N); break; fi
  done <"$fifo"
  kill "$qemu" 2>/dev/null || true
  wait "$qemu" 2>/dev/null || true
  if [ -n "$end" ]; then
    echo $(( (end - start) / 1000000 ))
  else
    echo "fail($(grep -v '^\s*$' "$out" | tail -n 1 | tr -d '\r|' | cut -c1-80))"
  fi
  rm -f "$page" "$out" "$fifo"
}

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else print a[int((NR + 1) / 2)] }'; }

require_image() {
  if [ ! -f "artifacts/images/$1/manifest.json" ]; then
    echo "figures: artifacts/images/$1 is not built (ops/build-images.sh $1)" >&2
    exit 1
  fi
}

for section in "${sections[@]}"; do
  case $section in
    sizes)
      echo "## Sizes"
      echo
      echo "| image | qemu bzImage | uml linux | initramfs.cpio.gz (uncompressed) | rootfs/ (entries) | qemu kernel + initramfs |"
      echo "|---|---|---|---|---|---|"
      for name in "${images[@]}"; do
        require_image "$name"
        m=artifacts/images/$name/manifest.json
        q=$(jq '.sizes.kernels.qemu // 0' "$m"); u=$(jq '.sizes.kernels.uml // 0' "$m")
        i=$(jq '.sizes.initramfs' "$m"); iu=$(jq '.sizes.initramfsUncompressed' "$m")
        r=$(jq '.sizes.rootfs' "$m"); re=$(jq '.sizes.rootfsEntries' "$m")
        echo "| $name | $(mib "$q") | $(mib "$u") | $(mib "$i") ($(mib "$iu")) | $(mib "$r") ($re) | $(mib $((q + i))) |"
      done
      if [ -d "$minbase" ]; then
        echo "| debootstrap \`--variant=minbase\` ($minbase) | - | - | - | $(mib "$(du -sb "$minbase" | cut -f1)") ($(find "$minbase" | wc -l)) | - |"
      fi
      if [ -n "$stock" ] && [ -f "$stock" ]; then
        echo "| Debian stock kernel $(basename "$stock") | $(mib "$(stat -c %s "$stock")") | - | - | - | - |"
      fi
      echo
      ;;
    boot)
      echo "## Boot to ready, TCG, ${boot_mem} MiB, median of $runs (ms; every run listed)"
      echo
      echo "| image | Tinyx kernel | Debian stock kernel |"
      echo "|---|---|---|"
      for name in "${images[@]}"; do
        require_image "$name"
        dir=artifacts/images/$name
        cells=()
        for kernel in "$dir/bzImage" "$stock"; do
          results=()
          if [ -z "$kernel" ] || [ ! -f "$kernel" ]; then results=("not available"); else
            for _ in $(seq "$runs"); do results+=("$(boot_ms "$kernel" "$dir/initramfs.cpio.gz" "$boot_mem")"); done
          fi
          med=$(printf '%s\n' "${results[@]}" | { grep -E '^[0-9]+$' || true; } | median)
          cells+=("$med (${results[*]})")
        done
        echo "| $name | ${cells[0]} | ${cells[1]} |"
      done
      echo
      ;;
    memory)
      echo "## Smallest guest RAM that reaches ready (TCG; sizes tried upwards, MiB)"
      echo
      echo "| image | Tinyx kernel | tried | Debian stock kernel | tried |"
      echo "|---|---|---|---|---|"
      for name in "${images[@]}"; do
        require_image "$name"
        dir=artifacts/images/$name
        cells=()
        for kernel in "$dir/bzImage" "$stock"; do
          smallest=none; tried=()
          if [ "$kernel" = "$stock" ]; then sizes=("${stock_mems[@]}"); else sizes=("${mems[@]}"); fi
          if [ -z "$kernel" ] || [ ! -f "$kernel" ]; then smallest="not available"; sizes=(); fi
          for mem in "${sizes[@]}"; do
            result=$(boot_ms "$kernel" "$dir/initramfs.cpio.gz" "$mem")
            tried+=("${mem}: $result")
            if [[ $result =~ ^[0-9]+$ ]]; then smallest="$mem MiB"; break; fi
          done
          cells+=("$smallest" "$(IFS=';'; echo "${tried[*]:-}")")
        done
        echo "| $name | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${cells[3]} |"
      done
      echo
      ;;
    *) echo "figures: unknown section '$section' (sizes, boot, memory)" >&2; exit 2 ;;
  esac
done
