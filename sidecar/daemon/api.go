package daemon

import (
	"context"
	"log/slog"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/version"
	cliengine "github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/sidecar/history"
	"github.com/haloydev/haloy/sidecar/membership"
	"github.com/haloydev/haloy/sidecar/reconcile"
	"github.com/haloydev/haloy/sidecar/subcmd"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Names the API needs; they match what `docker haloy init` creates.
const (
	// SidecarContainer is the sidecar's own container name.
	SidecarContainer = contract.SidecarContainer
	// APIApp is the app name the sidecar's container is routed under when
	// init was given --api-domain; the API refuses to deploy or stop it.
	APIApp = subcmd.ReservedApp
)

// serveAPI creates the API token if there is none yet and serves the API
// until ctx ends. Deploys run the CLI's Deployer on the local engine.
func serveAPI(ctx context.Context, cfg Config, docker cliengine.API, status func() reconcile.Status, certs func() certstatus.Report, log *slog.Logger) error {
	if _, err := api.EnsureToken(api.DefaultTokenFile); err != nil {
		return err
	}
	backend := &api.Local{
		Engine:           cliengine.New(docker),
		Live:             status,
		Store:            api.LocalHistory{Store: history.Store{Dir: subcmd.DefaultHistoryDir}},
		Members:          api.LocalMembers{Store: membership.Store{File: cfg.MembershipFile}},
		SidecarContainer: SidecarContainer,
	}
	srv := api.New(ctx, api.Options{
		Backend:      backend,
		Token:        api.TokenFile(api.DefaultTokenFile),
		Certificates: certs,
		Version:      version.Get().Version,
		Commit:       version.Get().Commit,
		Reserved:     []string{APIApp},
		TrustedProxy: api.TrustHosts(cfg.HAProxyContainer),
		Log:          log,
	})
	log.Info("api listening", "addr", cfg.APIListen)
	return api.ListenAndServe(ctx, cfg.APIListen, srv.Handler())
}
