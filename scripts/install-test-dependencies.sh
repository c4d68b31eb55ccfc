#!/usr/bin/env bash
# Installs the Debian packages whose servers the metric-reporter tests (test/integration/metric-reporters.test.ts)
# and `npm run bench:metrics` start on loopback: Prometheus Pushgateway, Prometheus, InfluxDB 1.x, Graphite's
# carbon-cache and whisper. The tests start and stop the servers themselves, in temporary directories and on free
# ports; nothing needs to run as a service. Without them `npm test` skips those tests (CI fails them instead).
# Run as root or with sudo; does nothing when every package is installed already.
set -euo pipefail

PACKAGES=(prometheus-pushgateway prometheus influxdb influxdb-client graphite-carbon python3-whisper)

missing=()
for package in "${PACKAGES[@]}"; do
  if [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" = 0 ]; then
  echo "test dependencies already installed: ${PACKAGES[*]}"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install the Debian (or Ubuntu) packages ${missing[*]} with your system's package manager" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" != 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "run as root (or install sudo): apt-get install ${missing[*]}" >&2
    exit 1
  fi
  SUDO=(sudo)
fi

echo "installing ${missing[*]}"
"${SUDO[@]}" apt-get update
# on a machine with systemd the packages may also start their services, on the default ports (9090, 9091, 8086,
# 2003); the tests use their own, and `systemctl disable --now <service>` stops those
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
