package deploy

import "context"

// HistoryStore keeps deployment snapshots with the engine. History reaches
// the sidecar's store with docker exec; the sidecar itself implements it
// on its data volume, so a deploy through its HTTP API runs this package's
// code unchanged.
type HistoryStore interface {
	// Save records a deployment.
	Save(ctx context.Context, app, id string, s Snapshot) error
	// List returns app's recorded deployments, newest first.
	List(ctx context.Context, app string) ([]HistoryEntry, error)
	// Get returns one recorded deployment.
	Get(ctx context.Context, app, id string) (HistoryEntry, error)
	// Prune keeps app's newest keep deployments plus protect and returns
	// the ids it removed.
	Prune(ctx context.Context, app string, keep int, protect ...string) ([]string, error)
}

var _ HistoryStore = History{}

// SavePruner is a HistoryStore that saves and prunes in one step (History:
// one exec instead of two, off a deploy's critical path).
type SavePruner interface {
	// SaveAndPrune records deployment id and keeps app's newest keep
	// deployments plus id, returning the ids it removed.
	SaveAndPrune(ctx context.Context, app, id string, s Snapshot, keep int) ([]string, error)
}

var _ SavePruner = History{}
