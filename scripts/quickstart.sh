#!/usr/bin/env bash
# quickstart.sh runs Haloy on this machine's Docker Engine with defaults:
# builds the images locally, installs the docker-haloy plugin, starts
# HAProxy and the sidecar (HAProxy on 127.0.0.1:${HTTP_PORT:-8080}), deploys
# examples/haloy.yaml and shows how to reach it.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${HTTP_PORT:-8080}"
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

echo "== building images (test app, HAProxy stand-in, sidecar)"
scripts/build-images.sh all

echo "== installing the plugin to $plugins/docker-haloy"
mkdir -p "$plugins"
go build -o "$plugins/docker-haloy" ./cli-plugin
docker haloy version

echo "== docker haloy init"
docker haloy init --reset --yes --publish-addr 127.0.0.1 --http-port "$port" --https-port "${HTTPS_PORT:-8443}"

echo "== docker haloy deploy examples/haloy.yaml"
docker haloy deploy examples/haloy.yaml
docker haloy status

echo "== through HAProxy"
for _ in 1 2 3 4; do
	curl -fsS -H 'Host: hello.localhost' "http://127.0.0.1:$port/"
done
curl -sS -o /dev/null -w 'www.hello.localhost -> %{http_code} %{redirect_url}\n' -H 'Host: www.hello.localhost' "http://127.0.0.1:$port/path?q=1"
cat <<MSG

Haloy is running. Try:
  curl http://hello.localhost:$port/
  docker haloy status
  docker haloy deploy examples/haloy.yaml     # a zero-downtime redeploy
MSG
