#!/bin/sh
# The image's command line: `run` (the default), `verify …`, `snapshot …`, `--help` or
# `--version` go to the connector, the first three with the mounted config file when there is
# one; anything else runs as given (e.g. `node demo-table.mjs`).
set -e
case "${1:-}" in
  run | verify | snapshot)
    config="${CONNECTOR_CONFIG_FILE:-/etc/dynamodb-kafka-connect/config.json}"
    if [ -f "$config" ]; then
      set -- "$@" --config "$config"
    elif [ -n "${CONNECTOR_CONFIG_FILE:-}" ]; then
      # A file asked for by name must be there; only the default one may be absent (env only).
      echo "entrypoint: CONNECTOR_CONFIG_FILE=$CONNECTOR_CONFIG_FILE: no such file" >&2
      exit 2
    fi
    ;;
esac
case "${1:-}" in
  run | verify | snapshot | help | --help | --version)
    # exec: tini's child is node itself, so the stop signal reaches the worker.
    exec node /app/dist/main.js "$@"
    ;;
esac
exec "$@"
