#!/bin/sh
# The worker container's start: say whether the host's NVIDIA driver is new enough for this image's
# CUDA libraries, then the worker (which probes each backend itself and falls back to the CPU).
# `sh scripts/docker-worker.sh CMD…` runs CMD instead of the worker (used by the tests).
set -eu
min="${HEARTH_MIN_NVIDIA_DRIVER:-}"
if [ -n "$min" ]; then
  driver=$(nvidia-smi --query-gpu=driver_version --format=csv,noheader 2>/dev/null | head -n1 || true)
  if [ -z "$driver" ]; then
    echo "[worker] no NVIDIA driver visible in the container (no GPU, or the NVIDIA Container Toolkit is missing): generating on the CPU"
  elif [ "$(printf '%s\n%s\n' "$min" "$driver" | sort -V | head -n1)" != "$min" ]; then
    echo "[worker] NVIDIA driver $driver is older than $min, the oldest this image's CUDA 12 libraries run on: CUDA will be refused and the worker generates on the CPU. Update the host's NVIDIA driver to use the GPU."
  else
    echo "[worker] NVIDIA driver $driver (this image needs $min or newer)"
  fi
fi
if [ "$#" -eq 0 ]; then set -- npm run start:worker; fi
exec "$@"
