package version

import "fmt"

// Image labels the sidecar image carries (OCI annotations).
const (
	// LabelVersion is the image label holding the release.
	LabelVersion = "org.opencontainers.image.version"
	// LabelRevision is the image label holding the commit.
	LabelRevision = "org.opencontainers.image.revision"
)

// Skew returns a warning when a client and a sidecar come from different
// builds ("" when they match or too little is known to tell): a release
// that differs, or for two "dev" builds, commits that differ.
func Skew(client, sidecar Info) string {
	if sidecar.Version == "" {
		return ""
	}
	if client.Version != sidecar.Version {
		return fmt.Sprintf("version skew: docker haloy is %s but the sidecar is %s; run `docker haloy init` with this CLI to upgrade the sidecar, or install the CLI matching it (README.md#upgrade)", client.Version, sidecar.Version)
	}
	if known(client.Commit) && known(sidecar.Commit) && client.Commit != sidecar.Commit {
		return fmt.Sprintf("build skew: docker haloy is commit %s but the sidecar is commit %s (both %s); run `docker haloy init --sidecar-image` with the matching image (README.md#upgrade)", client.Commit, sidecar.Commit, client.Version)
	}
	return ""
}

func known(commit string) bool { return commit != "" && commit != "unknown" }
