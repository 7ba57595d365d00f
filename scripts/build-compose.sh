#!/usr/bin/env bash
# build-compose.sh builds a current Docker Compose (the v2 line, module
# github.com/docker/compose/v5) from the Go module proxy and installs it as
# the `docker compose` CLI plugin. No registry or GitHub release is needed.
#
# The binary is built once per machine into a cache folder and copied from
# there afterwards (a build takes about a minute on two cores).
#
# Usage: scripts/build-compose.sh
#   COMPOSE_VERSION  module version to build (default v5.6.0; v5.7 needs Go >= 1.26.10)
#   DOCKER_CONFIG    install to $DOCKER_CONFIG/cli-plugins (default ~/.docker/cli-plugins)
#   HALOY_CACHE      cache folder (default ${XDG_CACHE_HOME:-~/.cache}/haloy)
# It prints the installed plugin's path.
set -euo pipefail

version=${COMPOSE_VERSION:-v5.6.0}
cache=${HALOY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/haloy}
cached="$cache/docker-compose-$version"
plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

build() {
	# `go install module@version` refuses compose (its go.mod has exclude
	# directives), so build it as a dependency of a throwaway main module.
	local work
	work=$(mktemp -d)
	trap 'rm -rf "$work"' RETURN
	cat >"$work/go.mod" <<-EOF
		module haloy.local/compose-build

		go 1.26
	EOF
	cat >"$work/tools.go" <<-'EOF'
		//go:build tools

		// Package tools pins the compose command as a dependency.
		package tools

		import _ "github.com/docker/compose/v5/cmd"
	EOF
	(
		cd "$work"
		go get "github.com/docker/compose/v5@$version" >&2
		go mod tidy >&2
		CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X github.com/docker/compose/v5/internal.Version=$version" \
			-o "$cached.tmp" github.com/docker/compose/v5/cmd
	)
	mv "$cached.tmp" "$cached"
}

mkdir -p "$cache" "$plugins"
if [ ! -x "$cached" ]; then
	echo "building docker compose $version (about a minute, once per machine)" >&2
	build
fi
if ! cmp -s "$cached" "$plugins/docker-compose"; then
	cp "$cached" "$plugins/docker-compose.tmp"
	mv "$plugins/docker-compose.tmp" "$plugins/docker-compose"
fi
echo "$plugins/docker-compose"
