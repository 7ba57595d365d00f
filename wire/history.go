package wire

import (
	"time"

	"github.com/haloydev/haloy/config"
)

// Snapshot is what is kept of a deployment for rollback: the app
// configuration (secret names only, never their values) and its image.
type Snapshot struct {
	// App is the configuration deployed; its image tag is the deployment id.
	App config.App `json:"app"`
	// Image is the image reference the deployment ran (<repository>:<id>).
	Image string `json:"image"`
	// ImageID is the image's id when it was deployed.
	ImageID string `json:"imageId"`
}

// HistoryEntry is one stored deployment.
type HistoryEntry struct {
	// ID is the deployment id.
	ID string `json:"id"`
	// Saved is when the deployment was recorded.
	Saved time.Time `json:"saved"`
	// Snapshot is the deployment's configuration.
	Snapshot Snapshot `json:"snapshot"`
}
