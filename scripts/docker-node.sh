#!/usr/bin/env bash
# docker-node.sh runs Docker Engines as containers ("nodes") of the image
# haloy/docker:26.1 (scripts/build-images.sh docker), on the engine behind
# DOCKER_HOST/the current context. Each node keeps its images and containers
# in an anonymous volume (overlay2), so removing it with rm frees everything.
#
# Usage:
#   scripts/docker-node.sh up NAME [--network NET] [-p SPEC]... [-- DOCKERD_FLAG...]
#        starts node NAME (on network NET, created when missing; publishing
#        SPEC like docker run -p), waits for its engine and prints its
#        DOCKER_HOST, tcp://127.0.0.1:PORT (the engine is published on
#        loopback only, without TLS)
#   scripts/docker-node.sh host NAME      prints the DOCKER_HOST of a running node
#   scripts/docker-node.sh load NAME IMAGE...
#        copies images from this engine into the node (docker save | docker load)
#   scripts/docker-node.sh rm NAME...     removes nodes and their volumes
#
# Several nodes on one user-defined network reach each other by name and
# address, e.g. for a Swarm:
#   for n in n1 n2 n3; do scripts/docker-node.sh up "$n" --network swarm-test; done
#
# Environment: NODE_IMAGE (default haloy/docker:26.1).
set -euo pipefail

readonly NODE_IMAGE="${NODE_IMAGE:-haloy/docker:26.1}"
readonly NODE_LABEL=org.haloy.docker-node

die() {
	echo "docker-node: $*" >&2
	exit 1
}

usage() {
	sed -n '/^# Usage:/,/^[^#]/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"
}

# node_host NAME prints the node's published engine address.
node_host() {
	local hp
	hp="$(docker port "$1" 2375/tcp 2>/dev/null | head -1)" || true
	[[ -n "$hp" ]] || die "$1: no published engine port (is it a running node?)"
	echo "tcp://$hp"
}

# up NAME [--network NET] [-p SPEC]... [-- DOCKERD_FLAG...] starts a node.
# The flags are the ones a Docker Engine needs to run in a container on an
# engine without CAP_SYS_RESOURCE (plain --privileged fails there), with the
# cgroup file system writable for the node's own containers.
up() {
	local name="${1:-}" net="" args=() flags=()
	[[ -n "$name" ]] || die "up: want a NAME"
	shift
	while (($#)); do
		case "$1" in
		--network) net="${2:?--network wants a name}"; shift 2 ;;
		-p) args+=(-p "${2:?-p wants a port spec}"); shift 2 ;;
		--) shift; flags=("$@"); break ;;
		*) die "up: unknown argument $1" ;;
		esac
	done
	docker image inspect "$NODE_IMAGE" >/dev/null 2>&1 ||
		die "$NODE_IMAGE missing: run scripts/build-images.sh docker"
	if [[ -n "$net" ]] && ! docker network inspect "$net" >/dev/null 2>&1; then
		docker network create --label "$NODE_LABEL=1" "$net" >/dev/null
	fi
	if docker container inspect "$name" >/dev/null 2>&1; then
		[[ -n "$(docker ps -aq --filter "name=^$name\$" --filter "label=$NODE_LABEL")" ]] ||
			die "up: a container $name exists and is not a node: pick another NAME"
		docker rm -fv "$name" >/dev/null
	fi
	docker run -d --name "$name" --hostname "$name" --label "$NODE_LABEL=1" \
		${net:+--network "$net"} -p 127.0.0.1::2375 "${args[@]}" \
		--cap-add ALL --cap-drop SYS_RESOURCE \
		--security-opt seccomp=unconfined --security-opt apparmor=unconfined \
		--security-opt systempaths=unconfined \
		-v /sys/fs/cgroup:/sys/fs/cgroup:rw \
		"$NODE_IMAGE" --storage-driver=overlay2 --cgroup-parent="/haloy-node-$name" "${flags[@]}" >/dev/null
	local host i
	host="$(node_host "$name")"
	for i in $(seq 1 100); do
		if DOCKER_HOST="$host" docker version >/dev/null 2>&1; then
			echo "$host"
			return
		fi
		[[ "$(docker inspect -f '{{.State.Running}}' "$name")" == true ]] || break
		sleep 0.2
	done
	docker logs --tail 30 "$name" >&2 || true
	die "$name: the engine did not answer on $host"
}

# load NAME IMAGE... copies images into the node.
load() {
	local name="${1:-}"
	[[ -n "$name" && $# -ge 2 ]] || die "load: want NAME IMAGE..."
	shift
	docker save "$@" | docker exec -i "$name" docker load -q >/dev/null ||
		die "loading $* into $name failed"
}

# rm_nodes NAME... removes nodes with their volumes; other containers are
# left alone.
rm_nodes() {
	(($#)) || die "rm: want NAME..."
	local name
	for name in "$@"; do
		if [[ -n "$(docker ps -aq --filter "name=^$name\$" --filter "label=$NODE_LABEL")" ]]; then
			docker rm -fv "$name" >/dev/null
			drop_cgroups "$name"
		fi
	done
}

# drop_cgroups NAME removes the node's (now empty) cgroup folders when the
# engine runs on this machine; elsewhere there are none to remove.
drop_cgroups() {
	local d
	for d in /sys/fs/cgroup/*/"haloy-node-$1" /sys/fs/cgroup/"haloy-node-$1"; do
		[[ -d "$d" ]] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	return 0
}

main() {
	local cmd="${1:-}"
	[[ $# -eq 0 ]] || shift
	case "$cmd" in
	up) up "$@" ;;
	host) node_host "${1:?host wants a NAME}" ;;
	load) load "$@" ;;
	rm) rm_nodes "$@" ;;
	-h | --help | help) usage ;;
	*)
		usage >&2
		die "unknown command ${cmd:-(none)}: want up, host, load or rm"
		;;
	esac
}

main "$@"
