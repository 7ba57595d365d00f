#!/usr/bin/env bash
# test.sh runs every test: the unit tests (no engine needed), the ACME
# tests against a real Pebble on loopback, and the integration tests on the
# Docker Engine behind DOCKER_HOST/the current context, with locally built
# images and real HAProxy.
# Usage: scripts/test.sh [extra go test flags]
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== unit tests"
go vet ./...
echo "== staticcheck"
gobin="$(go env GOPATH)/bin"
"$gobin/staticcheck" -version 2>/dev/null | grep -qF '(0.8.2)' ||
	go install honnef.co/go/tools/cmd/staticcheck@v0.8.2 # about 2 minutes on a cold cache
"$gobin/staticcheck" ./...
go test -count=1 "$@" ./...

echo "== ACME end to end (lego v5 against Pebble on loopback; DNS-01 through BIND 9 in a container)"
for tool in pebble pebble-challtestsrv; do
	[ -x "$gobin/$tool" ] || go install "github.com/letsencrypt/pebble/v2/cmd/$tool@v2.10.3"
done
PATH="$PATH:$gobin" HALOY_PEBBLE=1 go test -count=1 -run E2E "$@" ./acme/

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

echo "== integration tests (real Docker Engine, HAProxy)"
log=$(mktemp)
set +e
HALOY_INTEGRATION=1 go test -count=1 -timeout 40m -v "$@" ./integration/... >"$log" 2>&1
rc=$?
set -e
grep -E '^\s*(--- |PASS|FAIL|ok|panic)' "$log" || true
if [ $rc -ne 0 ]; then
	echo "integration tests failed (exit $rc); the output of each failed test:"
	failed_test_output "$log"
	echo "the log's last lines:"
	tail -60 "$log"
	exit $rc
fi
