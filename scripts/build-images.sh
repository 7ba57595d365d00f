#!/usr/bin/env bash
# build-images.sh builds the images Haloy's integration tests and quickstart
# run, on a machine with only a Docker Engine (20.10 is enough): no BuildKit,
# no registry. Images are made from a root file system with `docker import`;
# see images/README.md for what each one holds.
#
# Usage:
#   scripts/build-images.sh [all]            every image below
#   scripts/build-images.sh testapp          haloy/testapp:v1..v5,latest and haloy/testapp-hc:v1..v5,latest,unhealthy
#   scripts/build-images.sh testapp [--healthcheck] TAG [KEY=VALUE...]
#                                            one test app image with these environment variables;
#                                            APP_VERSION defaults to the tag, e.g.
#                                            scripts/build-images.sh testapp haloy/testapp:v2 APP_VERSION=v2 START_DELAY=2s
#   scripts/build-images.sh haproxy [TAG]    the haproxy:3.2 stand-in: Debian 13's haproxy 3.0 laid out
#                                            like the official image (root file system cached in $HALOY_CACHE)
#   scripts/build-images.sh haproxy26 [TAG]  haloy/haproxy:2.6: this machine's Debian 12 haproxy in a scratch image
#   scripts/build-images.sh docker [TAG]     haloy/docker:26.1: Debian 13's Docker Engine to run as a
#                                            container (scripts/docker-node.sh runs it)
#   scripts/build-images.sh sidecar [TAG]    haloydev/haloy-sidecar:dev from ./sidecar
#   scripts/build-images.sh pebble [TAG]     haloy/pebble:v2.10.3: Pebble and pebble-challtestsrv (static,
#                                            from the Go module proxy) with Pebble's test certificates;
#                                            ENTRYPOINT /pebble, run /pebble-challtestsrv with --entrypoint
#   scripts/build-images.sh registry [TAG]   haloy/registry:2.8: Debian 12's docker-registry (the reference
#                                            registry), htpasswd auth from /auth/htpasswd, storage in
#                                            /var/lib/registry, HTTP on :5000
#   scripts/build-images.sh bind9 [TAG]      haloy/bind9:trixie: Debian 13's bind9 (named, nsupdate, dig) from a
#                                            debootstrap'd root file system cached in $HALOY_CACHE; runs
#                                            named -g -c /etc/bind/haloy/named.conf (mount the folder)
#
# Environment: HAPROXY_BIN (default /usr/sbin/haproxy), SIDECAR_PKG (default
# ./sidecar), VERSION (default: git describe), HALOY_CACHE (default
# /var/cache/haloy: Debian 13 root file system tarballs, made with debootstrap
# when missing), DEBIAN_MIRROR (default: the first Debian mirror in this
# machine's apt sources). An image whose inputs (files, owners, modes and
# configuration) did not change since it was built is kept.
# HC_START_INTERVAL (e.g. 100ms) adds --start-period=10s --start-interval=it
# to the test app's HEALTHCHECK: only engines with API >= 1.44 (Docker 25+)
# accept the image, so build it against such an engine (DOCKER_HOST).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly INPUT_LABEL=org.haloy.build-input
readonly CACHE="${HALOY_CACHE:-/var/cache/haloy}"
readonly VERSION_VAR=github.com/haloydev/haloy/internal/version.Version
readonly COMMIT_VAR=github.com/haloydev/haloy/internal/version.Commit
HC_CHANGE='HEALTHCHECK --interval=1s --timeout=1s --retries=2 CMD ["/app","-healthcheck"]'
if [[ -n "${HC_START_INTERVAL:-}" ]]; then
	HC_CHANGE="${HC_CHANGE/--retries=2/--retries=2 --start-period=10s --start-interval=$HC_START_INTERVAL}"
fi
readonly HC_CHANGE
WORK="$(mktemp -d)"
readonly WORK
trap 'rm -rf "$WORK"' EXIT

die() {
	echo "build-images: $*" >&2
	exit 1
}

usage() {
	sed -n '/^# Usage:/,/^[^#]/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"
}

# version is what -X internal/version.Version is set to.
version() {
	if [[ -n "${VERSION:-}" ]]; then
		echo "$VERSION"
	else
		git -C "$ROOT" describe --tags --always --dirty 2>/dev/null || echo dev
	fi
}

# commit is what -X internal/version.Commit is set to.
commit() {
	if [[ -n "${COMMIT:-}" ]]; then
		echo "$COMMIT"
	else
		git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown
	fi
}

# go_build OUT PKG [LDFLAGS] builds a static linux binary with the shared
# build cache.
go_build() {
	(cd "$ROOT" && CGO_ENABLED=0 GOOS=linux go build -trimpath -buildvcs=false \
		-ldflags "-s -w ${3:-}" -o "$1" "$2") ||
		die "building $2 failed"
}

# input_digest DIR CHANGE... hashes a root file system (names, types, modes,
# owners, link targets, contents) and the image configuration.
input_digest() {
	local dir="$1"
	shift
	{
		(cd "$dir" && find . -printf '%p %y %m %U %G %l\n' | LC_ALL=C sort)
		(cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
		printf '%s\n' "$@"
	} | sha256sum | cut -c1-32
}

# image_id TAG prints the image id of TAG, or nothing.
image_id() {
	docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true
}

# drop_if_untagged ID removes an image that a rebuild left without a tag.
drop_if_untagged() {
	local id="$1"
	[[ -n "$id" ]] || return 0
	if [[ "$(docker image inspect -f '{{len .RepoTags}}' "$id" 2>/dev/null)" == 0 ]]; then
		docker image rm "$id" >/dev/null 2>&1 || true
	fi
}

# make_image TAG DIR CHANGE... turns DIR into the image TAG with the given
# Dockerfile instructions, unless TAG already holds the same inputs.
# docker import on Engine 20.10 refuses STOPSIGNAL, so a one-line classic
# build adds it.
make_image() {
	local tag="$1" dir="$2"
	shift 2
	local digest old
	digest="$(input_digest "$dir" "$@")"
	old="$(image_id "$tag")"
	if [[ -n "$old" && "$(docker image inspect -f "{{index .Config.Labels \"$INPUT_LABEL\"}}" "$tag")" == "$digest" ]]; then
		echo "unchanged $tag"
		return
	fi
	local args=(-c "LABEL $INPUT_LABEL=$digest") later=() c
	for c in "$@"; do
		if [[ "$c" == STOPSIGNAL* ]]; then later+=("$c"); else args+=(-c "$c"); fi
	done
	local id
	id="$(tar --numeric-owner --sort=name -C "$dir" -c . | docker import "${args[@]}" -)" ||
		die "importing $tag failed"
	if ((${#later[@]})); then
		printf 'FROM %s\n' "$id" >"$WORK/Dockerfile.later"
		printf '%s\n' "${later[@]}" >>"$WORK/Dockerfile.later"
		if ! DOCKER_BUILDKIT=0 docker build -q -t "$tag" - <"$WORK/Dockerfile.later" >/dev/null 2>"$WORK/build.log"; then
			docker image rm "$id" >/dev/null 2>&1 || true
			die "adding ${later[*]} to $tag failed: $(cat "$WORK/build.log")"
		fi
	else
		docker tag "$id" "$tag"
	fi
	drop_if_untagged "$old"
	echo "built     $tag $(image_id "$tag" | cut -c1-19)"
}

# testapp_rootfs prints the root file system holding /app, building it once.
testapp_rootfs() {
	local dir="$WORK/testapp"
	if [[ ! -x "$dir/app" ]]; then
		mkdir -p "$dir"
		go_build "$dir/app" ./internal/testapp
	fi
	echo "$dir"
}

# build_testapp [--healthcheck] TAG [KEY=VALUE...] builds one test app image.
build_testapp() {
	local hc=""
	if [[ "${1:-}" == --healthcheck ]]; then
		hc="$HC_CHANGE"
		shift
	fi
	[[ $# -ge 1 && "$1" != *=* ]] || die "testapp: want [--healthcheck] TAG [KEY=VALUE...], e.g. haloy/testapp:v2 APP_VERSION=v2"
	local tag="$1" changes=('ENTRYPOINT ["/app"]' 'EXPOSE 80/tcp') kv has_version=""
	shift
	for kv in "$@"; do
		[[ "$kv" =~ ^[A-Za-z_][A-Za-z0-9_]*=[^[:space:]\"\'\\]*$ ]] ||
			die "testapp: $kv: want KEY=VALUE without spaces or quotes, e.g. START_DELAY=2s"
		[[ "$kv" == APP_VERSION=* ]] && has_version=1
		changes+=("ENV $kv")
	done
	[[ -n "$has_version" ]] || changes+=("ENV APP_VERSION=$(tag_of "$tag")")
	[[ -z "$hc" ]] || changes+=("$hc")
	make_image "$tag" "$(testapp_rootfs)" "${changes[@]}"
}

# tag_of NAME prints the tag of an image reference ("latest" when it has none).
tag_of() {
	local last="${1##*/}"
	if [[ "$last" == *:* ]]; then echo "${last##*:}"; else echo latest; fi
}

# build_testapps builds the standard set of test app images.
build_testapps() {
	local v
	for v in v1 v2 v3 v4 v5 latest; do
		build_testapp "haloy/testapp:$v"
		build_testapp --healthcheck "haloy/testapp-hc:$v"
	done
	build_testapp --healthcheck haloy/testapp-hc:unhealthy APP_VERSION=unhealthy UNHEALTHY=1
}

# haproxy_bin prints the Debian haproxy binary, installing the package when missing.
haproxy_bin() {
	local bin="${HAPROXY_BIN:-/usr/sbin/haproxy}"
	if [[ ! -x "$bin" ]]; then
		echo "build-images: $bin missing: installing Debian's haproxy package" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy >&2 ||
			die "installing haproxy failed: run apt-get update, or set HAPROXY_BIN"
	fi
	echo "$bin"
}

# copy_with_libs BIN DEST_DIR ROOTFS copies BIN and every library ldd names,
# the loader included, to the same paths under ROOTFS.
copy_with_libs() {
	local bin="$1" dest="$2" rootfs="$3" lib
	install -D -m 0755 "$bin" "$rootfs$dest/$(basename "$bin")"
	ldd "$bin" | grep -q 'not found' && die "ldd $bin: $(ldd "$bin" | grep 'not found')"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
	done
}

# haproxy_rootfs DIR lays out the stand-in's files like the official image.
haproxy_rootfs() {
	local dir="$1" bin
	bin="$(haproxy_bin)"
	copy_with_libs "$bin" /usr/local/sbin "$dir"
	mkdir -p "$dir/etc" "$dir/usr/local/etc/haproxy" "$dir/var/lib/haproxy" "$dir/tmp"
	chmod 1777 "$dir/tmp"
	chown 99:99 "$dir/var/lib/haproxy"
	printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' \
		'haproxy:x:99:99:haproxy:/var/lib/haproxy:/usr/sbin/nologin' >"$dir/etc/passwd"
	printf '%s\n' 'root:x:0:' 'haproxy:x:99:' >"$dir/etc/group"
	if [[ -d /etc/haproxy/errors ]]; then
		cp -r /etc/haproxy/errors "$dir/usr/local/etc/haproxy/errors"
	fi
	if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
		install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
	fi
}

# build_haproxy TAG builds the Debian 12 (HAProxy 2.6) image from this
# machine's haproxy, laid out like the official image.
build_haproxy() {
	local tag="${1:-haloy/haproxy:2.6}" dir="$WORK/haproxy" v
	mkdir -p "$dir"
	haproxy_rootfs "$dir"
	v="$("$dir/usr/local/sbin/haproxy" -v | sed -n 's/^HAProxy version \([0-9]*\.[0-9]*\).*/\1/p')"
	make_image "$tag" "$dir" \
		"LABEL org.haloy.stand-in=debian-haproxy-$v" \
		'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		'USER haproxy' \
		'WORKDIR /var/lib/haproxy' \
		'CMD ["haproxy","-W","-db","-f","/usr/local/etc/haproxy/haproxy.cfg"]' \
		'STOPSIGNAL SIGUSR1'
}

readonly TRIXIE_TRIM=(usr/share/doc usr/share/man usr/share/locale usr/share/info var/cache/apt/archives var/lib/apt/lists)

# debian_mirror prints the Debian mirror: DEBIAN_MIRROR, else the first
# non-security Debian URI in this machine's apt sources.
debian_mirror() {
	if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
		echo "$DEBIAN_MIRROR"
		return
	fi
	local uri
	uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -oE '(https?|file)://[^ ]*/debian/?( |$)' | grep -v security | head -1 | tr -d ' ')" || true
	[[ -n "$uri" ]] || die "no Debian mirror in /etc/apt/sources*: set DEBIAN_MIRROR"
	echo "$uri"
}

# trixie_rootfs NAME CUSTOMISE PKG... prints the path of a cached tarball of
# a Debian 13 (trixie) minbase root file system with PKG installed, trimmed,
# then changed by the shell function CUSTOMISE DIR. The tarball lives in
# $CACHE (default /var/cache/haloy), named by a hash of the packages and of
# CUSTOMISE's text, and is made (debootstrap, minutes) only when missing.
trixie_rootfs() {
	local name="$1" customise="$2"
	shift 2
	local key tar dir
	key="$(printf '%s\n' "$@" "$(declare -f "$customise")" | sha256sum | cut -c1-16)"
	tar="$CACHE/trixie-$name-$key.tar"
	if [[ -s "$tar" ]]; then
		echo "$tar"
		return
	fi
	mkdir -p "$CACHE"
	command -v debootstrap >/dev/null || (
		flock 9
		command -v debootstrap >/dev/null && exit 0
		echo "build-images: installing debootstrap" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
	) 9>"$CACHE/apt.lock" || die "installing debootstrap failed: run apt-get update"
	# One build per root file system at a time: a second waits, then uses it.
	local lock
	exec {lock}>"$CACHE/trixie-$name.lock"
	flock "$lock"
	if [[ -s "$tar" ]]; then
		exec {lock}>&-
		echo "$tar"
		return
	fi
	dir="$CACHE/rootfs-$name.tmp"
	rm -rf "$dir"
	echo "build-images: debootstrap trixie for $name ($*): a few minutes, cached in $tar" >&2
	local IFS=,
	debootstrap --variant=minbase --include="$*" trixie "$dir" "$(debian_mirror)" >"$CACHE/$name.debootstrap.log" 2>&1 ||
		die "debootstrap of $name failed: see $CACHE/$name.debootstrap.log"
	unset IFS
	local d
	for d in "${TRIXIE_TRIM[@]}"; do
		rm -rf "${dir:?}/$d" && mkdir -p "$dir/$d"
	done
	"$customise" "$dir"
	tar --numeric-owner --sort=name -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
	rm -rf "$dir" "$CACHE/trixie-$name-"*.tar.tmp
	find "$CACHE" -maxdepth 1 -name "trixie-$name-*.tar" ! -name "${tar##*/}" -delete
	exec {lock}>&-
	echo "$tar"
}

# unpack TAR DIR extracts a cached root file system into DIR.
unpack() {
	mkdir -p "$2"
	tar --numeric-owner -C "$2" -xf "$1"
}

# haproxy_trixie_customise DIR lays out Debian 13's haproxy like the official
# image: the binary at /usr/local/sbin/haproxy, the config directory
# /usr/local/etc/haproxy (errors/ pages, no haproxy.cfg), user and group
# haproxy with uid/gid 99, /var/lib/haproxy owned by them, and an entrypoint
# that runs haproxy in master-worker foreground mode (-W -db).
haproxy_trixie_customise() {
	local dir="$1" olduid oldgid
	olduid="$(awk -F: '$1=="haproxy"{print $3}' "$dir/etc/passwd")"
	oldgid="$(awk -F: '$1=="haproxy"{print $3}' "$dir/etc/group")"
	[[ -n "$olduid" && -n "$oldgid" ]] || die "trixie haproxy: no haproxy user in the package"
	sed -i -E "s/^haproxy:x:$olduid:$oldgid:/haproxy:x:99:99:/" "$dir/etc/passwd"
	sed -i -E "s/^haproxy:x:$oldgid:/haproxy:x:99:/" "$dir/etc/group"
	find "$dir" -xdev \( -uid "$olduid" -o -gid "$oldgid" \) -print0 | xargs -0 -r chown -h 99:99
	mkdir -p "$dir/usr/local/sbin" "$dir/usr/local/etc/haproxy" "$dir/var/lib/haproxy"
	mv "$dir/usr/sbin/haproxy" "$dir/usr/local/sbin/haproxy"
	ln -s ../local/sbin/haproxy "$dir/usr/sbin/haproxy"
	cp -r "$dir/etc/haproxy/errors" "$dir/usr/local/etc/haproxy/errors"
	rm -f "$dir/etc/haproxy/haproxy.cfg"
	chown 99:99 "$dir/var/lib/haproxy"
	cat >"$dir/usr/local/bin/docker-entrypoint.sh" <<'SH'
#!/bin/sh
# Runs haproxy in the foreground as master and workers: a command starting
# with an option gets "haproxy" in front, and "haproxy ..." gets -W -db.
set -e
case "$1" in
-*) set -- haproxy "$@" ;;
esac
if [ "$1" = haproxy ]; then
	shift
	set -- haproxy -W -db "$@"
fi
exec "$@"
SH
	chmod 0755 "$dir/usr/local/bin/docker-entrypoint.sh"
}

# build_haproxy_trixie [TAG] builds the haproxy:3.2 stand-in from Debian 13's
# haproxy (3.0), laid out like the official image.
build_haproxy_trixie() {
	local tag="${1:-haproxy:3.2}" dir="$WORK/haproxy-trixie" tar v
	tar="$(trixie_rootfs haproxy haproxy_trixie_customise haproxy ca-certificates)"
	unpack "$tar" "$dir"
	v="$(chroot "$dir" /usr/local/sbin/haproxy -v | sed -n 's/^HAProxy version \([0-9]*\.[0-9]*\).*/\1/p')"
	make_image "$tag" "$dir" \
		"LABEL org.haloy.stand-in=debian-haproxy-$v" \
		'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		'USER haproxy' \
		'WORKDIR /var/lib/haproxy' \
		'ENTRYPOINT ["docker-entrypoint.sh"]' \
		'CMD ["haproxy","-f","/usr/local/etc/haproxy/haproxy.cfg"]' \
		'STOPSIGNAL SIGUSR1'
}

# docker_node_customise DIR adds the node's entrypoint to a trixie root file
# system with docker.io: dockerd on the unix socket and on tcp :2375 (no
# TLS: publish it on loopback only), with any extra daemon flags appended.
docker_node_customise() {
	local dir="$1"
	mkdir -p "$dir/usr/local/bin" "$dir/var/lib/docker"
	cat >"$dir/usr/local/bin/node-entrypoint.sh" <<'SH'
#!/bin/sh
# Starts the Docker Engine of a test node in the foreground.
set -e
rm -f /var/run/docker.pid /run/docker/containerd/containerd.pid
exec dockerd --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 --tls=false "$@"
SH
	chmod 0755 "$dir/usr/local/bin/node-entrypoint.sh"
}

# build_docker_node [TAG] builds the Docker Engine node image (Debian 13's
# docker.io, 26.1) with this machine's docker CLI copied in; see
# scripts/docker-node.sh for running one or more nodes.
build_docker_node() {
	local tag="${1:-haloy/docker:26.1}" dir="$WORK/docker-node" tar cli
	tar="$(trixie_rootfs docker docker_node_customise docker.io iptables ca-certificates procps)"
	unpack "$tar" "$dir"
	cli="$(command -v docker)"
	install -D -m 0755 "$(readlink -f "$cli")" "$dir/usr/local/bin/docker"
	make_image "$tag" "$dir" \
		"LABEL org.haloy.node=debian-docker.io-$(chroot "$dir" dpkg-query -W -f '${Version}' docker.io)" \
		'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		'VOLUME /var/lib/docker' \
		'EXPOSE 2375/tcp' \
		'ENTRYPOINT ["node-entrypoint.sh"]' \
		'CMD ["--storage-driver=overlay2"]' \
		'STOPSIGNAL SIGTERM'
}

# build_sidecar [TAG] builds the sidecar image when ./sidecar exists. With
# STRICT=1 a missing package is an error, else a notice.
build_sidecar() {
	local tag="${1:-haloydev/haloy-sidecar:dev}" pkg="${SIDECAR_PKG:-./sidecar}" dir="$WORK/sidecar"
	if ! compgen -G "$ROOT/$pkg/*.go" >/dev/null; then
		local msg="skipping $tag: the sidecar package $pkg does not exist yet (no Go files in $ROOT/${pkg#./})"
		[[ "${STRICT:-}" == 1 ]] && die "$msg"
		echo "$msg"
		return
	fi
	mkdir -p "$dir/tmp"
	chmod 1777 "$dir/tmp"
	install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
	go_build "$dir/haloy-sidecar" "$pkg" "-X $VERSION_VAR=$(version) -X $COMMIT_VAR=$(commit)"
	make_image "$tag" "$dir" 'ENTRYPOINT ["/haloy-sidecar"]' \
		"LABEL org.opencontainers.image.version=$(version)" \
		"LABEL org.opencontainers.image.revision=$(commit)"
}

readonly PEBBLE_VERSION=v2.10.3
readonly PEBBLE_MODULE=github.com/letsencrypt/pebble/v2

# pebble_config prints Pebble's configuration for a container on the haloy
# network: ACME on :14000, management on :15000, HTTP-01 validated on port
# 80 (HAProxy), 90-day certificates.
pebble_config() {
	cat <<'JSON'
{
  "pebble": {
    "listenAddress": "0.0.0.0:14000",
    "managementListenAddress": "0.0.0.0:15000",
    "certificate": "/test/certs/localhost/cert.pem",
    "privateKey": "/test/certs/localhost/key.pem",
    "httpPort": 80,
    "tlsPort": 443,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false,
    "retryAfter": {"authz": 1, "order": 1},
    "keyAlgorithm": "ecdsa",
    "profiles": {"default": {"description": "90 days", "validityPeriod": 7776000}}
  }
}
JSON
}

# build_pebble [TAG] builds an image holding static pebble and
# pebble-challtestsrv binaries, Pebble's test certificates (its HTTPS
# certificate for "pebble" and the minica root that signed it) and
# /test/config/pebble-config.json.
build_pebble() {
	local tag="${1:-haloy/pebble:$PEBBLE_VERSION}" dir="$WORK/pebble" mod cmd
	mkdir -p "$dir/test/config" "$dir/tmp"
	chmod 1777 "$dir/tmp"
	for cmd in pebble pebble-challtestsrv; do
		(cd "$WORK" && GOBIN="$dir" CGO_ENABLED=0 GOFLAGS=-trimpath go install -ldflags "-s -w" \
			"$PEBBLE_MODULE/cmd/$cmd@$PEBBLE_VERSION") || die "go install $cmd@$PEBBLE_VERSION failed"
	done
	mod="$(go env GOMODCACHE)/$PEBBLE_MODULE@$PEBBLE_VERSION"
	[[ -f "$mod/test/certs/localhost/cert.pem" ]] || die "pebble's test certificates are missing in $mod"
	install -D -m 0644 "$mod/test/certs/localhost/cert.pem" "$dir/test/certs/localhost/cert.pem"
	install -D -m 0644 "$mod/test/certs/localhost/key.pem" "$dir/test/certs/localhost/key.pem"
	install -D -m 0644 "$mod/test/certs/pebble.minica.pem" "$dir/test/certs/pebble.minica.pem"
	pebble_config >"$dir/test/config/pebble-config.json"
	make_image "$tag" "$dir" 'ENTRYPOINT ["/pebble"]' \
		'CMD ["-config","/test/config/pebble-config.json"]' 'ENV PEBBLE_VA_NOSLEEP=1' 'EXPOSE 14000 15000'
}

readonly REGISTRY_PKG=docker-registry

# registry_deb prints the path of Debian's docker-registry package,
# downloading it (not installing it: no service starts) once into the cache.
registry_deb() {
	local cache="$CACHE/debs" deb
	mkdir -p "$cache"
	deb="$(compgen -G "$cache/${REGISTRY_PKG}_*.deb" | head -n1 || true)"
	if [[ -z "$deb" ]]; then
		(cd "$cache" && { apt-get download "$REGISTRY_PKG" >&2 ||
			{ apt-get update -qq >&2 && apt-get download "$REGISTRY_PKG" >&2; }; }) ||
			die "downloading Debian's $REGISTRY_PKG failed (is a Debian 12 apt source configured?)"
		deb="$(compgen -G "$cache/${REGISTRY_PKG}_*.deb" | head -n1)"
	fi
	echo "$deb"
}

# registry_config prints the registry's configuration: filesystem storage,
# HTTP on :5000, htpasswd authentication from /auth/htpasswd (mount one).
registry_config() {
	cat <<'YAML'
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: /var/lib/registry
  delete:
    enabled: true
http:
  addr: :5000
auth:
  htpasswd:
    realm: haloy-test
    path: /auth/htpasswd
YAML
}

# build_registry [TAG] builds an image of Debian's reference registry
# (docker-registry, distribution 2.8) from the package's binary and the
# libraries it links.
build_registry() {
	local tag="${1:-haloy/registry:2.8}" dir="$WORK/registry" deb
	deb="$(registry_deb)"
	mkdir -p "$WORK/registry-pkg" "$dir/etc/docker/registry" "$dir/var/lib/registry" "$dir/auth" "$dir/tmp"
	chmod 1777 "$dir/tmp"
	dpkg-deb -x "$deb" "$WORK/registry-pkg" || die "unpacking $deb failed"
	copy_with_libs "$WORK/registry-pkg/usr/bin/docker-registry" /usr/bin "$dir"
	registry_config >"$dir/etc/docker/registry/config.yml"
	make_image "$tag" "$dir" 'ENTRYPOINT ["/usr/bin/docker-registry"]' \
		'CMD ["serve","/etc/docker/registry/config.yml"]' 'EXPOSE 5000' \
		"LABEL org.haloy.stand-in=debian-$(basename "$deb" .deb)"
}

# bind9_customise DIR leaves Debian 13's bind9 as the package installs it:
# a test brings named.conf, key and zone in /etc/bind/haloy.
bind9_customise() { :; }

# build_bind9 [TAG] imports the bind9 image from the cached root file
# system, unless TAG already holds the same tarball and configuration.
build_bind9() {
	local tag="${1:-haloy/bind9:trixie}" digest old id
	local changes=('ENTRYPOINT ["/usr/sbin/named","-g","-c","/etc/bind/haloy/named.conf"]' 'EXPOSE 53/udp 53/tcp'
		'LABEL org.haloy.stand-in=debian-trixie-bind9')
	local tar
	tar="$(trixie_rootfs bind9 bind9_customise bind9 bind9-dnsutils)"
	digest="$({ sha256sum <"$tar"; printf '%s\n' "${changes[@]}"; } | sha256sum | cut -c1-32)"
	old="$(image_id "$tag")"
	if [[ -n "$old" && "$(docker image inspect -f "{{index .Config.Labels \"$INPUT_LABEL\"}}" "$tag")" == "$digest" ]]; then
		echo "unchanged $tag"
		return
	fi
	local args=(-c "LABEL $INPUT_LABEL=$digest") c
	for c in "${changes[@]}"; do args+=(-c "$c"); done
	id="$(docker import "${args[@]}" "$tar")" || die "importing $tag failed"
	docker tag "$id" "$tag"
	drop_if_untagged "$old"
	echo "built     $tag $(image_id "$tag" | cut -c1-19)"
}

main() {
	command -v docker >/dev/null || die "docker not found"
	local cmd="${1:-all}"
	[[ $# -eq 0 ]] || shift
	case "$cmd" in
	all)
		[[ $# -eq 0 ]] || die "all takes no arguments"
		build_testapps
		build_haproxy_trixie
		build_sidecar
		;;
	testapp)
		if [[ $# -eq 0 ]]; then build_testapps; else build_testapp "$@"; fi
		;;
	haproxy) build_haproxy_trixie "$@" ;;
	haproxy26) build_haproxy "$@" ;;
	docker) build_docker_node "$@" ;;
	sidecar) STRICT=1 build_sidecar "$@" ;;
	pebble) build_pebble "$@" ;;
	registry) build_registry "$@" ;;
	bind9) build_bind9 "$@" ;;
	-h | --help | help) usage ;;
	*)
		usage >&2
		die "unknown command $cmd: want all, testapp, haproxy, haproxy26, docker, sidecar, pebble, registry or bind9"
		;;
	esac
}

main "$@"
