// docker buildx bake: the docker-haloy CLI plugin and the sidecar image.
//
//   docker buildx bake                 plugin for this machine into ./bin, sidecar image loaded
//   docker buildx bake plugin-cross    plugin for every platform into ./bin/<os>_<arch>/
//   VERSION=v1.2.3 COMMIT=$(git rev-parse --short=12 HEAD) docker buildx bake
//                                      stamp a release version and commit
//
// Without BuildKit use scripts/build-images.sh for the images and go build
// for the plugin.

variable "VERSION" {
  default = "dev"
}

variable "COMMIT" {
  default = "unknown"
}

variable "GO_VERSION" {
  default = "1.26"
}

variable "DESTDIR" {
  default = "./bin"
}

variable "SIDECAR_IMAGE" {
  default = "haloydev/haloy-sidecar:dev"
}

group "default" {
  targets = ["plugin", "sidecar"]
}

// _common holds what every target shares.
target "_common" {
  dockerfile = "Dockerfile"
  args = {
    GO_VERSION = GO_VERSION
    VERSION    = VERSION
    COMMIT     = COMMIT
  }
}

// plugin builds docker-haloy for the local platform into DESTDIR.
target "plugin" {
  inherits = ["_common"]
  target   = "plugin-binaries"
  output   = ["type=local,dest=${DESTDIR}"]
}

// plugin-cross builds docker-haloy for every released platform.
target "plugin-cross" {
  inherits = ["plugin"]
  platforms = [
    "linux/amd64",
    "linux/arm64",
    "darwin/amd64",
    "darwin/arm64",
    "windows/amd64",
  ]
}

// sidecar builds the sidecar image and loads it into the local engine.
target "sidecar" {
  inherits = ["_common"]
  target   = "sidecar"
  tags     = [SIDECAR_IMAGE]
  output   = ["type=docker"]
}
