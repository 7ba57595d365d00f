package swarm

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/system"
	"github.com/moby/moby/client"
)

// Mode is what an engine's `docker info` says about its Swarm membership.
type Mode struct {
	// Active is true when the engine is a node of a Swarm.
	Active bool
	// Manager is true when the node is a manager (it can create services).
	Manager bool
	// NodeID is the node's id ("" outside a Swarm).
	NodeID string
}

// ModeOf reads the Swarm mode from `docker info`: a node is in a Swarm when
// its local node state is active, and a manager when control is available.
func ModeOf(info system.Info) Mode {
	if info.Swarm.LocalNodeState != swarm.LocalNodeStateActive {
		return Mode{}
	}
	return Mode{Active: true, Manager: info.Swarm.ControlAvailable, NodeID: info.Swarm.NodeID}
}

// InfoAPI is the part of the moby client that tells the Swarm mode.
type InfoAPI interface {
	Info(ctx context.Context, options client.InfoOptions) (client.SystemInfoResult, error)
}

// PingAPI is the part of the moby client that pings the engine.
type PingAPI interface {
	Ping(ctx context.Context, options client.PingOptions) (client.PingResult, error)
}

// DetectRole tells whether the engine is in a Swarm and a manager from its
// ping's Swarm header, which costs far less than `docker info` on a busy
// engine; without the header it asks docker info. NodeID is left empty.
func DetectRole(ctx context.Context, api interface {
	InfoAPI
	PingAPI
}) (Mode, error) {
	if p, err := api.Ping(ctx, client.PingOptions{}); err == nil && p.SwarmStatus != nil {
		if p.SwarmStatus.NodeState != swarm.LocalNodeStateActive {
			return Mode{}, nil
		}
		return Mode{Active: true, Manager: p.SwarmStatus.ControlAvailable}, nil
	}
	return Detect(ctx, api)
}

// Detect asks the engine for its Swarm mode.
func Detect(ctx context.Context, api InfoAPI) (Mode, error) {
	res, err := api.Info(ctx, client.InfoOptions{})
	if err != nil {
		return Mode{}, fmt.Errorf("reading docker info: %w", err)
	}
	return ModeOf(res.Info), nil
}

// ErrWorker means the engine is a Swarm worker, where no service can be
// created: Haloy deploys through a manager.
var ErrWorker = fmt.Errorf("this engine is a Swarm worker node: deploy through a manager's Docker context (docker node ls on a manager lists them)")
