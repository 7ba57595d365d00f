#!/usr/bin/env bash
# test-images.sh checks the images scripts/build-images.sh makes, in real
# containers: the test app answers, streams, stops gracefully and reports
# health through its exec-form HEALTHCHECK; the haproxy stand-in checks a
# config and routes to a test app on a network this script creates; a Docker
# 26.1 node runs the test app, reached through the node's published port. Traffic
# stays on 127.0.0.1 and that network. Every container and network it makes
# is removed on exit.
#
# Usage: scripts/test-images.sh   (run scripts/build-images.sh first)
set -euo pipefail

readonly PREFIX="haloy-imgtest-$$"
WORK="$(mktemp -d)"
readonly WORK
passed=0
failed=0

cleanup() {
	local ids
	mapfile -t ids < <(docker ps -aq --filter "name=^$PREFIX-")
	((${#ids[@]} == 0)) || docker rm -fv "${ids[@]}" >/dev/null
	docker network rm "$PREFIX-net" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

pass() {
	passed=$((passed + 1))
	echo "ok   $*"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}

# check DESC WANT GOT compares two strings.
check() {
	if [[ "$3" == "$2" ]]; then pass "$1"; else fail "$1: got '$3', want '$2'"; fi
}

# run NAME ARGS... starts a detached container named $PREFIX-NAME.
run() {
	local name="$1"
	shift
	docker run -d --pull=never --name "$PREFIX-$name" "$@" >/dev/null
}

# host_port NAME PORT prints the 127.0.0.1 port published for PORT.
host_port() {
	docker port "$PREFIX-$1" "$2/tcp" | sed -n 's/^127\.0\.0\.1:\([0-9]*\)$/\1/p'
}

# wait_http URL waits up to 10s for URL to answer at all.
wait_http() {
	for _ in $(seq 100); do
		curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# wait_health NAME WANT waits up to 15s for a container's health status.
wait_health() {
	local got=""
	for _ in $(seq 150); do
		got="$(docker inspect -f '{{.State.Health.Status}}' "$PREFIX-$1")"
		[[ "$got" == "$2" ]] && break
		sleep 0.1
	done
	echo "$got"
}

test_testapp() {
	run app -p 127.0.0.1::80 haloy/testapp:v2
	local port url
	port="$(host_port app 80)"
	url="http://127.0.0.1:$port"
	wait_http "$url/healthz" || fail "testapp:v2 never answered on $url"
	check "testapp / body" "version=v2 host=$(docker inspect -f '{{.Config.Hostname}}' "$PREFIX-app")" \
		"$(curl -fsS "$url/")"
	check "testapp X-App-Version" "v2" \
		"$(curl -fsS -D - -o /dev/null "$url/" | tr -d '\r' | sed -n 's/^[Xx]-[Aa]pp-[Vv]ersion: //p')"
	check "testapp /healthz" "200" "$(curl -s -o /dev/null -w '%{http_code}' "$url/healthz")"
	check "testapp /slow?d=300ms" "1" \
		"$(curl -fsS -o /dev/null -w '%{time_total}' "$url/slow?d=300ms" | awk '{print ($1 >= 0.3)}')"
	check "testapp /stream?n=3 lines" "3" "$(curl -fsS "$url/stream?n=3" | grep -c '^line=')"
	check "testapp /ws streams until the client leaves" "1" \
		"$(curl -sS --max-time 1 "$url/ws" 2>/dev/null | grep -c '^line=[5-9] ' | awk '{print ($1 > 0)}')"
	check "testapp has no HEALTHCHECK" "" "$(docker inspect -f '{{if .State.Health}}has{{end}}' "$PREFIX-app")"
	test_graceful_stop "$url"
}

# test_graceful_stop URL stops the app during a 1s request, which must finish.
test_graceful_stop() {
	curl -sS -o "$WORK/slow.out" -w '%{http_code}' "$1/slow?d=1s" >"$WORK/slow.code" &
	local curl_pid=$!
	sleep 0.3
	docker stop -t 10 "$PREFIX-app" >/dev/null
	wait "$curl_pid" || true
	check "in-flight request finishes during docker stop" "200" "$(cat "$WORK/slow.code")"
	check "testapp exit code after SIGTERM" "0" "$(docker inspect -f '{{.State.ExitCode}}' "$PREFIX-app")"
	check "testapp logs a clean stop" "1" "$(docker logs "$PREFIX-app" 2>&1 | grep -c ' stopped$')"
}

test_health() {
	run hc haloy/testapp-hc:v1
	run sick haloy/testapp-hc:unhealthy
	run late -p 127.0.0.1::80 -e START_DELAY=2s haloy/testapp-hc:v3
	check "testapp-hc:v1 becomes healthy" "healthy" "$(wait_health hc healthy)"
	check "testapp-hc:unhealthy becomes unhealthy" "unhealthy" "$(wait_health sick unhealthy)"
	check "START_DELAY=2s: starting, then healthy" "starting healthy" \
		"$(docker inspect -f '{{.State.Health.Status}}' "$PREFIX-late") $(wait_health late healthy)"
	check "-e PORT=8080 moves the server and its healthcheck" "healthy" \
		"$(run port -e PORT=8080 haloy/testapp-hc:v1 && wait_health port healthy)"
}

test_haproxy_image() {
	check "haproxy stand-in label" "debian-haproxy-3.0" \
		"$(docker inspect -f '{{index .Config.Labels "org.haloy.stand-in"}}' haproxy:3.2)"
	check "haproxy user, workdir, stop signal" "haproxy /var/lib/haproxy SIGUSR1" \
		"$(docker inspect -f '{{.Config.User}} {{.Config.WorkingDir}} {{.Config.StopSignal}}' haproxy:3.2)"
	check "haproxy entrypoint and command" "[docker-entrypoint.sh] [haproxy -f /usr/local/etc/haproxy/haproxy.cfg]" \
		"$(docker inspect -f '{{.Config.Entrypoint}} {{.Config.Cmd}}' haproxy:3.2)"
	check "haproxy -v" "1" "$(docker run --rm --pull=never haproxy:3.2 haproxy -v | grep -c '^HAProxy version 3\.0')"
	check "a command starting with an option runs haproxy" "1" \
		"$(docker run --rm --pull=never haproxy:3.2 -v | grep -c '^HAProxy version 3\.0')"
	check "haproxy is /usr/local/sbin/haproxy" "/usr/local/sbin/haproxy" \
		"$(docker run --rm --pull=never --entrypoint sh haproxy:3.2 -c 'command -v haproxy')"
	check "haproxy 2.6 image label and version" "debian-haproxy-2.6 1" \
		"$(docker inspect -f '{{index .Config.Labels "org.haloy.stand-in"}}' haloy/haproxy:2.6) $(docker run --rm --pull=never haloy/haproxy:2.6 haproxy -v | grep -c '^HAProxy version 2\.6')"
}

# write_config writes a haproxy.cfg routing :80 to the app container.
write_config() {
	mkdir -p "$WORK/cfg"
	cat >"$WORK/cfg/haproxy.cfg" <<EOF
global
  stats socket /var/lib/haproxy/admin.sock mode 600 level admin
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
frontend http
  bind :80
  default_backend app
backend app
  server app1 $PREFIX-web:80 check inter 1s
EOF
	chmod -R a+rX "$WORK/cfg"
}

test_haproxy_routes() {
	write_config
	local cfg=(-v "$WORK/cfg:/usr/local/etc/haproxy:ro")
	check "haproxy -c -f on a sample config" "0" \
		"$(docker run --rm --pull=never "${cfg[@]}" --add-host "$PREFIX-web:127.0.0.1" haproxy:3.2 \
			haproxy -c -f /usr/local/etc/haproxy/haproxy.cfg >/dev/null 2>&1; echo $?)"
	docker network create "$PREFIX-net" >/dev/null
	run web --network "$PREFIX-net" haloy/testapp:v4
	run lb --network "$PREFIX-net" -p 127.0.0.1::80 --sysctl net.ipv4.ip_unprivileged_port_start=0 \
		"${cfg[@]}" haproxy:3.2 haproxy -W -db -S /var/lib/haproxy/master.sock -f /usr/local/etc/haproxy/haproxy.cfg
	local url
	url="http://127.0.0.1:$(host_port lb 80)"
	wait_http "$url/" || fail "haproxy never answered on $url: $(docker logs "$PREFIX-lb" 2>&1 | tail -5)"
	check "request through haproxy reaches testapp:v4" "v4" \
		"$(curl -fsS "$url/" | sed -n 's/^version=\([^ ]*\) .*/\1/p')"
	check "haproxy runs as uid 99 and gid 99" "99 99" \
		"$(awk '/^(Uid|Gid):/ {printf "%s%s", sep, $2; sep=" "}' "/proc/$(docker inspect -f '{{.State.Pid}}' "$PREFIX-lb")/status")"
	check "master socket written in WORKDIR" "1" "$(docker diff "$PREFIX-lb" | grep -c '/var/lib/haproxy/master.sock$')"
	check "the entrypoint adds -W -db and execs haproxy as PID 1" \
		"haproxy -W -db -W -db -S /var/lib/haproxy/master.sock -f /usr/local/etc/haproxy/haproxy.cfg" \
		"$(docker exec "$PREFIX-lb" sh -c 'tr "\0" " " </proc/1/cmdline' | sed 's/ $//')"
	local start=$SECONDS
	docker stop -t 10 "$PREFIX-lb" >/dev/null
	check "haproxy stops on SIGUSR1 well before the kill timeout" "1" "$(((SECONDS - start) < 5))"
}

# test_docker_node runs a Docker 26.1 node, loads the test app into it and
# reaches the app, running on the node's engine, through ports the node
# publishes on 127.0.0.1.
test_docker_node() {
	local node="$PREFIX-node" dir port host
	dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
	host="$("$dir/docker-node.sh" up "$node" -p 127.0.0.1::8080)" || { fail "docker node up"; return; }
	port="$(docker port "$node" 8080/tcp | head -1 | cut -d: -f2)"
	"$dir/docker-node.sh" load "$node" haloy/testapp:v2
	check "node engine version" "26.1" "$(DOCKER_HOST=$host docker version --format '{{.Server.Version}}' | cut -d. -f1,2)"
	DOCKER_HOST=$host docker run -d --name app -p 0.0.0.0:8080:80 haloy/testapp:v2 >/dev/null
	wait_http "http://127.0.0.1:$port/" || fail "the node's app never answered on 127.0.0.1:$port"
	check "request from here reaches the app in the node" "v2" \
		"$(curl -fsS "http://127.0.0.1:$port/" | sed -n 's/^version=\([^ ]*\) .*/\1/p')"
	"$dir/docker-node.sh" rm "$node"
}

main() {
	command -v curl >/dev/null || { echo "test-images: curl not found" >&2; exit 1; }
	test_testapp
	test_health
	test_haproxy_image
	test_haproxy_routes
	test_docker_node
	echo "$passed passed, $failed failed"
	[[ "$failed" == 0 ]]
}

main "$@"
