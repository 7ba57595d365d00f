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
# The deploy benchmark runs twice: on this machine's engine and on a
# Docker 26.1 engine running as a container (scripts/docker-node.sh, the
# images copied in with `load`, HAProxy published through the node on
# 127.0.0.1), each with its own floor; a last "side by side" section puts
# the two summaries together. BENCH_NODE=0 skips the node, BENCH_HOST=0
# this machine's engine;
# BENCH_START_INTERVAL=100ms adds a third run on the node with the app's
# HEALTHCHECK given that --start-interval (API >= 1.44); BENCH_DEPLOY_ONLY=1
# skips the certificate and sidecar benchmarks.
#
# Usage: scripts/bench.sh [-deploys N] [-compose-runs N] [-keepalive N] [-rate N] [-fresh N] [-floor=false]
# (-rate N paces each keep-alive connection to N requests a second; by
# default they send back to back, which saturates this 2-core machine.)
# Needs an engine without Haloy installed; it removes what it made.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly IMAGE=haloy/testapp-bench:latest
config="$(mktemp -d)"
readonly NODE=haloy-bench-node NODE_PORT="${BENCH_NODE_PORT:-28080}"
trap 'rm -rf "$config"; [[ "${BENCH_NODE:-1}" == 0 ]] || scripts/docker-node.sh rm "$NODE" >/dev/null 2>&1 || true' EXIT

echo "== building images and the plugin"
scripts/build-images.sh all
scripts/build-images.sh testapp --healthcheck "$IMAGE" APP_VERSION=bench START_DELAY=2s NO_DRAIN=1
scripts/build-images.sh pebble
go build -o "$config/cli-plugins/docker-haloy" ./cli-plugin

go build -o "$config/bench-deploy" ./bench/deploy

if [[ "${BENCH_HOST:-1}" != 0 ]]; then
	echo "== benchmark (this machine's engine)"
	"$config/bench-deploy" -docker-config "$config" -image "$IMAGE" "$@" | tee "$config/host.out"
fi

if [[ "${BENCH_NODE:-1}" != 0 ]]; then
	echo "== benchmark (Docker 26.1 as a container, scripts/docker-node.sh)"
	scripts/build-images.sh docker
	node_host="$(scripts/docker-node.sh up "$NODE" -p "127.0.0.1:$NODE_PORT:$NODE_PORT")"
	scripts/docker-node.sh load "$NODE" haloydev/haloy-sidecar:dev haproxy:3.2 "$IMAGE"
	DOCKER_HOST="$node_host" "$config/bench-deploy" -docker-config "$config" -image "$IMAGE" "$@" \
		-port "$NODE_PORT" -publish-addr 0.0.0.0 -compose-runs 0 | tee "$config/node.out"
	if [[ -n "${BENCH_START_INTERVAL:-}" ]]; then
		echo "== benchmark (Docker 26.1, HEALTHCHECK --start-interval=$BENCH_START_INTERVAL)"
		DOCKER_HOST="$node_host" HC_START_INTERVAL="$BENCH_START_INTERVAL" scripts/build-images.sh testapp --healthcheck \
			haloy/testapp-bench:start-interval APP_VERSION=bench START_DELAY=2s NO_DRAIN=1
		DOCKER_HOST="$node_host" "$config/bench-deploy" -docker-config "$config" -image haloy/testapp-bench:start-interval "$@" \
			-port "$NODE_PORT" -publish-addr 0.0.0.0 -compose-runs 0 | tee "$config/node-si.out"
	fi
	scripts/docker-node.sh rm "$NODE" >/dev/null
	echo "== side by side"
	grep -h '^summary:' "$config"/host.out "$config"/node.out "$config"/node-si.out 2>/dev/null || true
fi

[[ "${BENCH_DEPLOY_ONLY:-0}" == 0 ]] || exit 0

echo "== certificate benchmark (container start -> trusted certificate served, Pebble)"
go run ./bench/certs -docker-config "$config"

echo "== sidecar benchmark (reconcile of 1,000 apps x 3, healthy -> routed for 50 replicas, wrk ratio)"
go run ./bench/sidecar -engine -docker-config "$config"
