package swarm

import (
	"context"
	"testing"

	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/api/types/system"
	"github.com/moby/moby/client"
)

// roleAPI answers pings with status (nil: no Swarm header) and docker info
// with info, counting the info calls.
type roleAPI struct {
	status *client.SwarmStatus
	info   system.Info
	infos  int
}

func (a *roleAPI) Ping(context.Context, client.PingOptions) (client.PingResult, error) {
	return client.PingResult{SwarmStatus: a.status}, nil
}

func (a *roleAPI) Info(context.Context, client.InfoOptions) (client.SystemInfoResult, error) {
	a.infos++
	return client.SystemInfoResult{Info: a.info}, nil
}

func TestDetectRole(t *testing.T) {
	manager := system.Info{Swarm: swarm.Info{LocalNodeState: swarm.LocalNodeStateActive, ControlAvailable: true}}
	cases := []struct {
		name      string
		api       *roleAPI
		want      Mode
		wantInfos int
	}{
		{"single engine by ping", &roleAPI{status: &client.SwarmStatus{NodeState: swarm.LocalNodeStateInactive}}, Mode{}, 0},
		{"manager by ping", &roleAPI{status: &client.SwarmStatus{NodeState: swarm.LocalNodeStateActive, ControlAvailable: true}}, Mode{Active: true, Manager: true}, 0},
		{"worker by ping", &roleAPI{status: &client.SwarmStatus{NodeState: swarm.LocalNodeStateActive}}, Mode{Active: true}, 0},
		{"no header: docker info", &roleAPI{info: manager}, Mode{Active: true, Manager: true}, 1},
	}
	for _, c := range cases {
		got, err := DetectRole(context.Background(), c.api)
		if err != nil || got != c.want || c.api.infos != c.wantInfos {
			t.Errorf("%s: %+v, %v after %d info calls; want %+v after %d", c.name, got, err, c.api.infos, c.want, c.wantInfos)
		}
	}
}
