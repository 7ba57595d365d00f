#!/usr/bin/env bash
# bench.sh measures zero-downtime deploys on this machine's Docker Engine:
# it builds the images (scripts/build-images.sh) and the docker-haloy
# plugin, then runs bench/deploy, which installs Haloy on 127.0.0.1 and a
# free port, deploys a 3-replica app N times under load, then N times more
# each followed by the same start-first swap done with the Docker API
# alone (the engine's floor), and compares with plain `docker-compose up
# -d --force-recreate` behind the same HAProxy. The app takes 2 s to
# start, has a 1 s exec-form HEALTHCHECK and exits at once on SIGTERM (no
# drain logic of its own). Takes about 7 minutes.
#
# Each deploy prints where its time went (docker haloy deploy --timings:
# lock, tag, create, start, ready, switch, drain, stop+remove, record) and
# the summary puts the medians beside the floor's phases of the same run.
#
# Then bench/certs deploys 5 apps with a new domain and an alias each,
# with Pebble as the CA, and prints the time from each container's start
# to a trusted certificate served through HAProxy (about 1 minute); and
# bench/sidecar prints the sidecar's figures (see its package doc).
#
# Usage: scripts/bench.sh [-deploys N] [-compose-runs N] [-keepalive N] [-rate N] [-fresh N] [-floor=false]
# (-rate N paces each keep-alive connection to N requests a second; by
# default they send back to back, which saturates this 2-core machine.)
# Needs an engine without Haloy installed; it removes what it made.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly IMAGE=haloy/testapp-bench:latest
config="$(mktemp -d)"
trap 'rm -rf "$config"' EXIT

echo "== building images and the plugin"
scripts/build-images.sh all
scripts/build-images.sh testapp --healthcheck "$IMAGE" APP_VERSION=bench START_DELAY=2s NO_DRAIN=1
scripts/build-images.sh pebble
go build -o "$config/cli-plugins/docker-haloy" ./cli-plugin

echo "== benchmark"
go run ./bench/deploy -docker-config "$config" -image "$IMAGE" "$@"

echo "== certificate benchmark (container start -> trusted certificate served, Pebble)"
go run ./bench/certs -docker-config "$config"

echo "== sidecar benchmark (reconcile of 1,000 apps x 3, healthy -> routed for 50 replicas, wrk ratio)"
go run ./bench/sidecar -engine -docker-config "$config"
