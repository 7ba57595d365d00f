// Package version holds the build's version and commit, set at link time:
//
//	-ldflags "-X github.com/haloydev/haloy/internal/version.Version=v1.2.3
//	          -X github.com/haloydev/haloy/internal/version.Commit=0123abc"
//
// A build without -X Commit falls back to the commit Go stamps into the
// binary (go build inside a Git checkout, without -buildvcs=false).
package version

import (
	"runtime"
	"runtime/debug"
)

// Version is the release this binary was built from ("dev" for local builds).
var Version = "dev"

// Commit is the Git commit this binary was built from ("" when unknown).
var Commit = ""

// Info describes a build, as `version --format json` prints it.
type Info struct {
	// Version is the release ("dev" for local builds).
	Version string `json:"version"`
	// Commit is the Git commit, "unknown" when neither -X nor Go's VCS
	// stamp recorded one; it ends in "-dirty" for uncommitted changes.
	Commit string `json:"commit"`
	// GoVersion is the Go toolchain that built the binary.
	GoVersion string `json:"goVersion"`
	// Platform is GOOS/GOARCH.
	Platform string `json:"platform"`
}

// Get returns this binary's build information.
func Get() Info {
	return Info{Version: Version, Commit: commit(), GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
}

// commit is Commit, or the VCS revision Go recorded, or "unknown".
func commit() string {
	if Commit != "" {
		return Commit
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
