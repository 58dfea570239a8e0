#!/usr/bin/env bash
# Installs what the browser tests and the topology-render benchmark drive: Debian's Chromium
# (playwright-core never downloads a browser here). Idempotent and instant when installed.
# SMM_CHROMIUM=/path/to/chromium uses another build and skips the install.
set -euo pipefail

say() { printf 'smm browser setup: %s\n' "$*" >&2; }

if [[ -n "${SMM_CHROMIUM:-}" ]]; then
  [[ -x "$SMM_CHROMIUM" ]] || { say "SMM_CHROMIUM=$SMM_CHROMIUM is not an executable"; exit 1; }
  exit 0
fi
command -v chromium >/dev/null 2>&1 && exit 0

command -v apt-get >/dev/null 2>&1 ||
  { say "Chromium is missing and there is no apt-get: install Chromium, or set SMM_CHROMIUM=/path/to/chromium"; exit 1; }
[[ "$(id -u)" -eq 0 ]] ||
  { say "Chromium is missing: run 'sudo apt-get install -y chromium', then npm test again"; exit 1; }

log="${SMM_LAB_CACHE:-$HOME/.cache/smm-lab}/apt-chromium.log"
mkdir -p "$(dirname "$log")"
say "installing Debian's chromium (log: $log)"
# One apt at a time: the lab's setup may be installing its packages too.
if ! { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q &&
       DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  tail -20 "$log" >&2; say "apt-get failed (log: $log)"; exit 1
fi
command -v chromium >/dev/null 2>&1 || { say "chromium is still not on PATH after the install (log: $log)"; exit 1; }
