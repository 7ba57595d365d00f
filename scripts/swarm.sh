#!/usr/bin/env bash
# swarm.sh runs a three-node Docker Swarm of haloy/docker:26.1 nodes
# (scripts/docker-node.sh) on this engine, for Haloy's Swarm tests: node 1
# is the manager, nodes 2 and 3 are workers, all on the test network
# haloy-swarm-test, with an attachable overlay network "haloy" across them
# and a registry container the nodes pull from.
#
# Usage:
#   scripts/swarm.sh up        forms the cluster (or keeps a running one: a
#                              warm start only copies what changed), copies
#                              Haloy's images into every node, pushes the test
#                              app images to the registry, and prints the
#                              cluster's addresses as KEY=VALUE lines (see env)
#   scripts/swarm.sh env       prints those lines for a running cluster:
#                              SWARM_NODES (names), SWARM_HOST_<n> (each
#                              node's DOCKER_HOST), SWARM_MANAGER (node 1's),
#                              SWARM_HTTP_<n>/SWARM_HTTPS_<n> (127.0.0.1:port
#                              reaching port 80/443 of nodes 1 and 2),
#                              SWARM_INIT_HTTP_PORT/SWARM_INIT_HTTPS_PORT (two
#                              more ports P and Q: `docker haloy init
#                              --http-port P --https-port Q` on the manager
#                              answers on 127.0.0.1:P here, so init's own check
#                              passes), SWARM_INIT_HTTP_<n>/SWARM_INIT_HTTPS_<n>
#                              (127.0.0.1:port reaching P/Q of nodes 1 and 2;
#                              node 1's are 127.0.0.1:P and :Q),
#                              SWARM_REGISTRY (127.0.0.1:port, for pushes from
#                              here), SWARM_REGISTRY_NODES (what nodes pull
#                              from: haloy-swarm-registry:5000)
#   scripts/swarm.sh load IMAGE...  copies images from this engine into every
#                              node (skipping nodes that hold the same id)
#   scripts/swarm.sh push IMAGE...  pushes images to the registry and prints
#                              the reference nodes pull each by, e.g.
#                              haloy-swarm-registry:5000/haloy/testapp:v1
#   scripts/swarm.sh down      removes nodes, registry and test network
#
# The registry has no authentication (it is reachable only on the test
# network and on 127.0.0.1); nodes trust it with --insecure-registry.
#
# Environment: SWARM_IMAGES (images `up` loads into every node, default
# Haloy's sidecar and haproxy:3.2), SWARM_PUSH (images `up` pushes, default
# the test apps), SWARM_BUILD=0 skips scripts/build-images.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly NET=haloy-swarm-test
readonly NODES=(haloy-swarm-1 haloy-swarm-2 haloy-swarm-3)
readonly REGISTRY=haloy-swarm-registry
readonly REGISTRY_IMAGE=haloy/registry:2.8
readonly REGISTRY_NODES="$REGISTRY:5000"
readonly OVERLAY=haloy
readonly SWARM_LABEL=org.haloy.swarm-test
readonly DEFAULT_IMAGES="haloydev/haloy-sidecar:dev haproxy:3.2"
readonly DEFAULT_PUSH="haloy/testapp:v1 haloy/testapp:v2 haloy/testapp:v3 haloy/testapp-hc:v1 haloy/testapp-hc:v2 haloy/testapp-hc:v3"

die() {
	echo "swarm: $*" >&2
	exit 1
}

usage() {
	sed -n '/^# Usage:/,/^[^#]/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"
}

node() { bash "$ROOT/scripts/docker-node.sh" "$@"; }

# on NODE ARGS... runs docker against the node's engine.
on() {
	local host
	host="$(node host "$1")"
	shift
	DOCKER_HOST="$host" docker "$@"
}

running() {
	[[ "$(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null)" == true ]]
}

node_ip() {
	docker inspect -f "{{(index .NetworkSettings.Networks \"$NET\").IPAddress}}" "$1"
}

# warm reports whether the cluster is up: every node and the registry run,
# and the manager sees three ready nodes and the overlay network.
warm() {
	local n
	for n in "${NODES[@]}" "$REGISTRY"; do running "$n" || return 1; done
	[[ "$(on "${NODES[0]}" node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$')" == 3 ]] || return 1
	on "${NODES[0]}" network inspect "$OVERLAY" >/dev/null 2>&1 || return 1
	[[ "$(init_ports | wc -w)" == 2 ]] # formed by this version of the script
}

# registry_config is the registry's configuration without authentication.
registry_config() {
	cat <<'YAML'
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
YAML
}

start_registry() {
	docker rm -fv "$REGISTRY" >/dev/null 2>&1 || true
	local dir="${TMPDIR:-/tmp}/haloy-swarm-registry"
	mkdir -p "$dir"
	registry_config >"$dir/config.yml"
	docker run -d --name "$REGISTRY" --label "$SWARM_LABEL=1" --network "$NET" -p 127.0.0.1::5000 \
		-v "$dir/config.yml:/etc/docker/registry/config.yml:ro" "$REGISTRY_IMAGE" >/dev/null
	local i hp
	hp="$(docker port "$REGISTRY" 5000/tcp | head -1)"
	for i in $(seq 1 50); do
		curl -fsS -o /dev/null "http://$hp/v2/" 2>/dev/null && return
		sleep 0.2
	done
	docker logs --tail 20 "$REGISTRY" >&2 || true
	die "the registry did not answer on $hp"
}

# free_ports N prints N TCP ports free on 127.0.0.1, in ascending order.
free_ports() {
	python3 -c 'import socket,sys
s=[socket.socket() for _ in range(int(sys.argv[1]))]
for x in s: x.bind(("127.0.0.1",0))
print(" ".join(str(p) for p in sorted(x.getsockname()[1] for x in s)))' "$1"
}

# cold forms the cluster from nothing.
cold() {
	down_all
	local i n p q
	read -r p q <<<"$(free_ports 2)" || die "finding two free ports failed"
	docker network create --label "$SWARM_LABEL=1" "$NET" >/dev/null
	start_registry
	for i in "${!NODES[@]}"; do
		n="${NODES[$i]}"
		local pub=()
		case "$i" in
		0) pub=(-p 127.0.0.1::80 -p 127.0.0.1::443 -p "127.0.0.1:$p:$p" -p "127.0.0.1:$q:$q") ;;
		1) pub=(-p 127.0.0.1::80 -p 127.0.0.1::443 -p "127.0.0.1::$p" -p "127.0.0.1::$q") ;;
		esac
		node up "$n" --network "$NET" "${pub[@]}" -- \
			"--insecure-registry=$REGISTRY_NODES" >/dev/null &
	done
	wait_all "starting the nodes"
	local ip token
	ip="$(node_ip "${NODES[0]}")"
	on "${NODES[0]}" swarm init --advertise-addr "$ip" >/dev/null
	token="$(on "${NODES[0]}" swarm join-token -q worker)"
	for n in "${NODES[@]:1}"; do
		on "$n" swarm join --advertise-addr "$(node_ip "$n")" --token "$token" "$ip:2377" >/dev/null &
	done
	wait_all "joining the workers"
	for i in $(seq 1 100); do
		[[ "$(on "${NODES[0]}" node ls --format '{{.Status}}' | grep -c '^Ready$')" == 3 ]] && break
		((i < 100)) || die "the manager does not see three ready nodes"
		sleep 0.2
	done
	on "${NODES[0]}" network create --driver overlay --attachable "$OVERLAY" >/dev/null
}

# wait_all WHAT waits for the background jobs, failing when one failed.
wait_all() {
	local pid failed=0
	for pid in $(jobs -p); do wait "$pid" || failed=1; done
	((failed == 0)) || die "$1 failed"
}

# load IMAGE... copies images into every node that lacks their id.
load() {
	local n img want have todo
	for n in "${NODES[@]}"; do
		todo=()
		for img in "$@"; do
			want="$(docker image inspect -f '{{.Id}}' "$img" 2>/dev/null)" || die "no image $img on this engine"
			have="$(on "$n" image inspect -f '{{.Id}}' "$img" 2>/dev/null || true)"
			[[ "$want" == "$have" ]] || todo+=("$img")
		done
		if ((${#todo[@]})); then node load "$n" "${todo[@]}" & fi
	done
	wait_all "loading images"
}

registry_host() {
	docker port "$REGISTRY" 5000/tcp | head -1
}

# push IMAGE... pushes images to the registry and prints the nodes' refs.
push() {
	local img hp
	hp="$(registry_host)"
	for img in "$@"; do
		docker image inspect "$img" >/dev/null 2>&1 || die "no image $img on this engine"
		docker tag "$img" "$hp/$img"
		docker push -q "$hp/$img" >/dev/null || die "pushing $img to $hp failed"
		docker image rm "$hp/$img" >/dev/null
		echo "$REGISTRY_NODES/$img"
	done
}

# init_ports prints the two init ports: node 1's published ports other
# than 80, 443 and its engine's, in ascending order.
init_ports() {
	docker port "${NODES[0]}" | sed -n 's|^\([0-9]*\)/tcp -> .*|\1|p' | grep -vxE '80|443|2375' |
		sort -un | tr '\n' ' '
}

print_env() {
	local i n
	echo "SWARM_NODES=${NODES[*]}"
	for i in "${!NODES[@]}"; do
		echo "SWARM_HOST_$((i + 1))=$(node host "${NODES[$i]}")"
	done
	echo "SWARM_MANAGER=$(node host "${NODES[0]}")"
	local p q
	read -r p q <<<"$(init_ports)"
	echo "SWARM_INIT_HTTP_PORT=$p"
	echo "SWARM_INIT_HTTPS_PORT=$q"
	for i in 0 1; do
		echo "SWARM_HTTP_$((i + 1))=$(docker port "${NODES[$i]}" 80/tcp | head -1)"
		echo "SWARM_HTTPS_$((i + 1))=$(docker port "${NODES[$i]}" 443/tcp | head -1)"
		echo "SWARM_INIT_HTTP_$((i + 1))=$(docker port "${NODES[$i]}" "$p/tcp" | head -1)"
		echo "SWARM_INIT_HTTPS_$((i + 1))=$(docker port "${NODES[$i]}" "$q/tcp" | head -1)"
	done
	echo "SWARM_REGISTRY=$(registry_host)"
	echo "SWARM_REGISTRY_NODES=$REGISTRY_NODES"
}

up() {
	local start=$SECONDS kind=warm
	if [[ "${SWARM_BUILD:-1}" != 0 ]]; then
		local target
		for target in docker registry sidecar testapp haproxy; do
			bash "$ROOT/scripts/build-images.sh" "$target" >&2 || die "building the $target image failed"
		done
	fi
	local built=$SECONDS
	if ! warm; then
		kind=cold
		cold
	fi
	local formed=$SECONDS
	# shellcheck disable=SC2086
	load ${SWARM_IMAGES:-$DEFAULT_IMAGES}
	# shellcheck disable=SC2086
	push ${SWARM_PUSH:-$DEFAULT_PUSH} >/dev/null
	echo "swarm: $kind up in $((SECONDS - start)) s (images built $((built - start)) s, cluster $((formed - built)) s, images copied/pushed $((SECONDS - formed)) s)" >&2
	print_env
}

# down_all removes the nodes, the registry and the test network.
down_all() {
	node rm "${NODES[@]}"
	docker rm -fv "$REGISTRY" >/dev/null 2>&1 || true
	docker network rm "$NET" >/dev/null 2>&1 || true
}

main() {
	local cmd="${1:-}"
	[[ $# -eq 0 ]] || shift
	case "$cmd" in
	up) up ;;
	env) print_env ;;
	load) (($#)) || die "load: want IMAGE..."; load "$@" ;;
	push) (($#)) || die "push: want IMAGE..."; push "$@" ;;
	down) down_all ;;
	-h | --help | help) usage ;;
	*)
		usage >&2
		die "unknown command ${cmd:-(none)}: want up, env, load, push or down"
		;;
	esac
}

main "$@"
