#!/usr/bin/env bash
# test.sh runs every test: the unit tests (no engine needed), the HAProxy
# package's configurations checked by the HAProxy 3.0 and 2.6 images, the
# ACME tests against a real Pebble on loopback, the integration tests on the
# Docker Engine behind DOCKER_HOST/the current context, with locally built
# images and real HAProxy, and the integration core (NODE_CORE) again on a
# Docker 26.1 engine running as a container of that engine, and the Swarm
# tests (TestSwarm*) on three such engines forming a Swarm.
# Usage: scripts/test.sh [extra go test flags]
# HALOY_TEST_LOG=FILE keeps the integration tests' verbose output in FILE (and the
# node core's in FILE.node, the Swarm tests' in FILE.swarm) instead of temporary files.
set -euo pipefail
cd "$(dirname "$0")/.."

# NODE_CORE is the documented core of the integration suite that also runs
# on the Docker 26.1 node: the engine check, deploy, redeploy, rollback and a
# failed (unhealthy) deploy under load, plain Compose, sidecar restart, TLS.
NODE_CORE='^(TestEngineUnderTest|TestDeployRoutesReplicasAndAliases|TestRedeployReplacesDeployment|TestZeroDowntimeDeploys|TestPlainComposeIsRouted|TestSidecarKillAndRestartCostNothing|TestACMEWithPebble)$'

# The Debian 13 root file systems of the HAProxy 3.0 stand-in and the Docker
# 26.1 node take a minute or two each to make on a fresh machine (cached in
# /var/cache/haloy after that): build both images while the unit tests run.
build_log=$(mktemp)
(
	scripts/build-images.sh haproxy &
	scripts/build-images.sh docker || exit 1
	wait $!
) >"$build_log" 2>&1 &
trixie_build=$!

echo "== unit tests"
go vet ./...
echo "== staticcheck"
gobin="$(go env GOPATH)/bin"
"$gobin/staticcheck" -version 2>/dev/null | grep -qF '(0.8.2)' ||
	go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 # about 2 minutes on a cold cache
"$gobin/staticcheck" ./...
go test -count=1 "$@" ./...

echo "== HAProxy configurations on the HAProxy 3.0 (haproxy:3.2 stand-in) and 2.6 images"
build_rc=0
wait "$trixie_build" || build_rc=$?
cat "$build_log"
if [ "$build_rc" -ne 0 ]; then
	echo "building the Debian 13 images (haproxy:3.2, haloy/docker:26.1) failed (exit $build_rc)"
	exit "$build_rc"
fi
scripts/build-images.sh haproxy26
HALOY_HAPROXY_CHECK_IMAGES=haproxy:3.2,haloy/haproxy:2.6 go test -count=1 "$@" ./haproxy/

echo "== ACME end to end (lego v5 against Pebble on loopback; DNS-01 through BIND 9 in a container)"
for tool in pebble pebble-challtestsrv; do
	[ -x "$gobin/$tool" ] || go install "github.com/letsencrypt/pebble/v2/cmd/$tool@v2.10.3"
done
PATH="$PATH:$gobin" HALOY_PEBBLE=1 go test -count=1 -run E2E "$@" ./acme/

echo "== images in real containers (HAProxy 3.0 layout, 2.6 image, a Docker 26.1 node)"
scripts/build-images.sh all >/dev/null
scripts/test-images.sh

# failed_test_output LOG prints, for each top-level test that failed, what
# it logged between its "=== RUN" and its "--- FAIL" (at most 120 lines).
failed_test_output() {
	awk '
		/^=== RUN   [^\/]+$/ { n = 0 }
		{ buf[n++ % 120] = $0 }
		/^--- FAIL: / {
			start = n > 120 ? n - 120 : 0
			for (i = start; i < n; i++) print buf[i % 120]
			n = 0
		}
	' "$1"
}

# run_suite WHAT LOG SUMMARY COMMAND... runs COMMAND (a verbose go test)
# with its output in LOG, prints the lines matching SUMMARY and, when it
# fails, each failed test's output and the log's end, then exits with its
# status.
run_suite() {
	local what=$1 log=$2 summary=$3 rc=0
	shift 3
	"$@" >"$log" 2>&1 || rc=$?
	grep -E "$summary" "$log" || true
	if [ $rc -ne 0 ]; then
		echo "$what failed (exit $rc); the output of each failed test:"
		failed_test_output "$log"
		echo "the log's last lines:"
		tail -60 "$log"
		exit $rc
	fi
}
summary='^\s*(--- |PASS|FAIL|ok|panic)'

echo "== integration tests (real Docker Engine, HAProxy)"
run_suite "integration tests" "${HALOY_TEST_LOG:-$(mktemp)}" "$summary" \
	env HALOY_INTEGRATION=1 go test -count=1 -timeout 40m -v "$@" ./integration/...

echo "== integration core on Docker 26.1 in a container (haloy/docker:26.1)"
nodelog=${HALOY_TEST_LOG:+$HALOY_TEST_LOG.node}
run_suite "integration core on the node" "${nodelog:-$(mktemp)}" "$summary|engine .* at DOCKER_HOST" \
	env HALOY_INTEGRATION=1 HALOY_DOCKER_NODE=haloy/docker:26.1 go test -count=1 -timeout 20m -v -run "$NODE_CORE" "$@" ./integration/

echo "== Swarm: three Docker 26.1 nodes in containers (scripts/swarm.sh), a registry, load through the ingress nodes"
swarmlog=${HALOY_TEST_LOG:+$HALOY_TEST_LOG.swarm}
run_suite "Swarm tests" "${swarmlog:-$(mktemp)}" "$summary" \
	env HALOY_INTEGRATION=1 HALOY_SWARM=1 go test -count=1 -timeout 20m -v -run '^TestSwarm' "$@" ./integration/
