#!/usr/bin/env bash
# Installs (if missing) and starts RabbitMQ from Debian's package, then waits until it accepts AMQP on 5672.
# Idempotent: does nothing but check when the broker already runs. No systemd needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=ops/lib.sh
source "$here/lib.sh"

ensure_packages rabbitmq-server

if rabbitmq-diagnostics -q ping >/dev/null 2>&1 && port_open 127.0.0.1 5672; then
  echo "rabbitmq: already running"
  exit 0
fi

if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  echo "rabbitmq: starting"
  mkdir -p /var/log/rabbitmq
  (setsid rabbitmq-server >/var/log/rabbitmq/lightvm-start.log 2>&1 &)
fi

for _ in $(seq 1 120); do
  if rabbitmq-diagnostics -q ping >/dev/null 2>&1 && port_open 127.0.0.1 5672; then
    echo "rabbitmq: ready on 127.0.0.1:5672"
    exit 0
  fi
  sleep 1
done
echo "rabbitmq: did not become ready within 120 s; see /var/log/rabbitmq/" >&2
tail -n 30 /var/log/rabbitmq/lightvm-start.log >&2 || true
exit 1
