#!/usr/bin/env bash
# The run command: sets up what is missing, then runs the whole platform in one process
# (gateway + Dom0 agent + control API, in-memory bus). Extra arguments go to `lightvm up`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh" >&2
exec "$here/../lightvm" up "$@"
