package remote

import (
	"context"
	"fmt"
	"time"

	"github.com/haloydev/haloy/internal/version"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/hooks"
	"github.com/haloydev/haloy/wire"
)

// httpBackend is the command tree's backend over the sidecar's HTTP API. It
// checks --server and the token only when a command runs.
type httpBackend struct{ g *globals }

var _ wire.Backend = httpBackend{}

// errNoDomains is what the API cannot do: domain ownership is managed
// through docker exec into the sidecar.
var errNoDomains = wire.Unsupported("the HTTP API does not offer domain ownership: use docker haloy domains through a Docker context (docker --context NAME haloy domains)")

// Status is GET /v1/apps with GET /v1/certificates; when only the
// certificates cannot be read, the report's Error says why.
func (b httpBackend) Status(ctx context.Context) (wire.DaemonStatus, error) {
	c, err := b.g.client()
	if err != nil {
		return wire.DaemonStatus{}, err
	}
	st, err := c.Status(ctx)
	if err != nil {
		return wire.DaemonStatus{}, err
	}
	certs, err := c.Certificates(ctx)
	if err != nil {
		certs.Error = fmt.Sprintf("reading the certificates: %v", err)
	}
	return wire.DaemonStatus{Status: st, Certificates: certs}, nil
}

// Latest is not offered: the API lists one app's history at a time.
func (b httpBackend) Latest(context.Context) ([]wire.HistoryEntry, error) {
	return nil, wire.Unsupported("the HTTP API lists no history of all apps (docker haloy status lists the stopped ones)")
}

// History is GET /v1/apps/{app}/deployments.
func (b httpBackend) History(ctx context.Context, app string) ([]wire.HistoryEntry, error) {
	c, err := b.g.client()
	if err != nil {
		return nil, err
	}
	return c.Deployments(ctx, app)
}

// Deploy has the server deploy call.App. A rollback without hooks is
// POST rollback/{id}. Otherwise it resolves the new deployment's id here,
// runs the preDeploy hooks here with it, has the server deploy under that
// id, and runs the postDeploy hooks (see hooks.Set).
func (b httpBackend) Deploy(ctx context.Context, call wire.DeployCall) (string, error) {
	c, err := b.g.client()
	if err != nil {
		return "", err
	}
	app := call.App
	if call.RollbackOf != "" && call.Hooks.Empty() {
		op, err := c.Rollback(ctx, app.Name, call.RollbackOf, wire.RollbackRequest{Env: call.Env, Timeout: wire.Duration(call.Timeout)})
		if err != nil {
			return "", err
		}
		return follow(ctx, call, c, op)
	}
	next, err := nextID(ctx, c, app.Name)
	if err != nil {
		return "", err
	}
	henv := hooks.Env{App: app.Name, DeploymentID: next, Image: app.Source.Image.Ref()}
	if err := call.Hooks.RunPre(ctx, henv); err != nil {
		return "", err
	}
	sent := app
	sent.PreDeploy, sent.PostDeploy = nil, nil
	op, err := c.Deploy(ctx, wire.DeployRequest{App: sent, Env: call.Env, Timeout: wire.Duration(call.Timeout), DeploymentID: next})
	if err != nil {
		return "", err
	}
	id, err := follow(ctx, call, c, op)
	if err != nil {
		return "", err
	}
	henv.DeploymentID = id
	if err := call.Hooks.RunPost(ctx, henv); err != nil {
		return id, fmt.Errorf("deployment %s is serving, but %w", id, err)
	}
	return id, nil
}

// follow prints op's progress and returns the deployment it made.
func follow(ctx context.Context, call wire.DeployCall, c *Client, op wire.Operation) (string, error) {
	done, err := c.Follow(ctx, op, func(ev wire.Event) {
		if ev.Type == wire.EventProgress && call.Progress != nil {
			fmt.Fprintln(call.Progress, ev.Message)
		}
	})
	if err != nil {
		return "", err
	}
	if done.Error != "" {
		return "", fmt.Errorf("%s", done.Error)
	}
	return done.DeploymentID, nil
}

// nextID is the id the app's next deployment gets: after every
// deployment the server keeps in its history or runs.
func nextID(ctx context.Context, c *Client, app string) (string, error) {
	entries, err := c.Deployments(ctx, app)
	if err != nil {
		return "", fmt.Errorf("reading %s's deployments: %w", app, err)
	}
	st, err := c.Status(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the status: %w", err)
	}
	var taken []string
	for _, e := range entries {
		taken = append(taken, e.ID)
	}
	for _, a := range st.Apps {
		for _, d := range a.Deployments {
			if a.Name == app {
				taken = append(taken, d.ID)
			}
		}
	}
	return labels.NextDeploymentID(time.Now(), taken), nil
}

// Stop is POST /v1/apps/{app}/stop.
func (b httpBackend) Stop(ctx context.Context, app string) (int, error) {
	c, err := b.g.client()
	if err != nil {
		return 0, err
	}
	res, err := c.Stop(ctx, app)
	return res.Removed, err
}

// Domains is not offered over the API.
func (b httpBackend) Domains(context.Context) ([]wire.OwnedDomain, error) { return nil, errNoDomains }

// ChangeDomain is not offered over the API.
func (b httpBackend) ChangeDomain(context.Context, string, ...string) error { return errNoDomains }

// SidecarVersion is GET /v1/version, which needs no token.
func (b httpBackend) SidecarVersion(ctx context.Context) (version.Info, error) {
	if b.g.server == "" {
		return version.Info{}, fmt.Errorf("no API server given (use --server https://api.example.com or set %s)", EnvServer)
	}
	v, err := (&Client{BaseURL: b.g.server}).Version(ctx)
	return version.Info{Version: v.Version, Commit: v.Commit}, err
}
