package wire

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/internal/version"
	"github.com/haloydev/haloy/rollout/hooks"
)

// Backend is what the command tree (cli-plugin/tree) asks of a Haloy
// installation. The plugin implements it over the Docker API (docker exec
// into the sidecar, the rollout run locally); the standalone `haloy`
// client over the sidecar's HTTP API. A method a backend cannot offer
// returns an error that wraps errors.ErrUnsupported and names the road
// that offers it.
type Backend interface {
	// Status is the sidecar's status: apps, problems and, where the road
	// offers them, certificates.
	Status(ctx context.Context) (DaemonStatus, error)
	// Latest is the newest history entry of every app the sidecar keeps
	// a history of (stopped apps included).
	Latest(ctx context.Context) ([]HistoryEntry, error)
	// History lists app's deployments, newest first.
	History(ctx context.Context, app string) ([]HistoryEntry, error)
	// Deploy rolls call.App over to a new deployment and returns its id.
	Deploy(ctx context.Context, call DeployCall) (string, error)
	// Stop drains, stops and removes app's containers and returns how
	// many there were.
	Stop(ctx context.Context, app string) (int, error)
	// Domains lists the owned domains.
	Domains(ctx context.Context) ([]OwnedDomain, error)
	// ChangeDomain runs a domain ownership change: "release" DOMAIN or
	// "transfer" DOMAIN APP.
	ChangeDomain(ctx context.Context, verb string, args ...string) error
	// SidecarVersion is the running sidecar's build.
	SidecarVersion(ctx context.Context) (version.Info, error)
}

// DeployCall is one deploy (or rollback) the command tree asks for.
type DeployCall struct {
	// App is the configuration to deploy: from haloy.yaml, or a history
	// snapshot for a rollback.
	App config.App
	// ConfigFile is the haloy.yaml App came from ("" for a rollback by
	// app name).
	ConfigFile string
	// Env holds the resolved values of App's secret variables by name.
	Env map[string]string
	// Timeout, when set, bounds the wait for the new deployment (or each
	// batch) to become healthy.
	Timeout time.Duration
	// Hooks are the hooks to run with the new deployment's id (nil: none;
	// see hooks.Set for the policy every road follows).
	Hooks *hooks.Set
	// RollbackOf is the history entry App is a snapshot of, for a
	// rollback ("" for a deploy).
	RollbackOf string
	// Quiet is set when only the new ids are printed: a backend prints no
	// summaries of its own (progress still goes to Progress).
	Quiet bool
	// Progress receives progress lines for humans.
	Progress io.Writer
}

// Unsupported returns an error saying msg (which should name the road
// that offers the operation) that wraps errors.ErrUnsupported.
func Unsupported(msg string) error { return unsupported(msg) }

type unsupported string

func (u unsupported) Error() string { return string(u) }
func (u unsupported) Unwrap() error { return errors.ErrUnsupported }
