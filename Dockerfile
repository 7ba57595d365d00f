# syntax=docker/dockerfile:1

# Builds the docker-haloy CLI plugin for any platform and the sidecar image.
# Needs BuildKit; docker-bake.hcl names the targets. Machines without
# BuildKit build the sidecar image with scripts/build-images.sh instead.

ARG GO_VERSION=1.26

# base downloads the modules once for every build stage.
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS base
WORKDIR /src
ENV CGO_ENABLED=0
RUN --mount=type=bind,source=go.mod,target=go.mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=cache,target=/go/pkg/mod \
    go mod download

# build-plugin cross-compiles docker-haloy (docker-haloy.exe on Windows).
FROM base AS build-plugin
ARG TARGETOS
ARG TARGETARCH
ARG VERSION=dev
ARG COMMIT=unknown
RUN --mount=type=bind,target=. \
    --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    ext=""; if [ "$TARGETOS" = "windows" ]; then ext=".exe"; fi; \
    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/haloydev/haloy/internal/version.Version=${VERSION} -X github.com/haloydev/haloy/internal/version.Commit=${COMMIT}" \
      -o "/out/docker-haloy${ext}" ./cli-plugin

# plugin-binaries holds only the plugin binary, for the local exporter.
FROM scratch AS plugin-binaries
COPY --from=build-plugin /out/ /

# build-sidecar lays out the sidecar's root file system: the binary, CA
# certificates for ACME and a /tmp.
FROM base AS build-sidecar
ARG TARGETARCH
ARG VERSION=dev
ARG COMMIT=unknown
RUN --mount=type=bind,target=. \
    --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    GOOS=linux GOARCH=$TARGETARCH go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X github.com/haloydev/haloy/internal/version.Version=${VERSION} -X github.com/haloydev/haloy/internal/version.Commit=${COMMIT}" \
      -o /rootfs/haloy-sidecar ./sidecar \
 && mkdir -p /rootfs/tmp /rootfs/etc/ssl/certs \
 && chmod 1777 /rootfs/tmp \
 && cp /etc/ssl/certs/ca-certificates.crt /rootfs/etc/ssl/certs/

# sidecar is the sidecar image; it is the default stage of `docker build .`.
FROM scratch AS sidecar
ARG VERSION=dev
ARG COMMIT=unknown
COPY --from=build-sidecar /rootfs/ /
LABEL org.opencontainers.image.title="haloy-sidecar" \
      org.opencontainers.image.source="https://github.com/haloydev/haloy" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
ENTRYPOINT ["/haloy-sidecar"]
