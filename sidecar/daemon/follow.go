package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/sidecar/apply"
	"github.com/haloydev/haloy/sidecar/certs"
	"github.com/haloydev/haloy/sidecar/follow"
	"github.com/haloydev/haloy/sidecar/observe"
	"github.com/haloydev/haloy/sidecar/relay"
)

// DefaultFollowListen is where the leader serves followers.
var DefaultFollowListen = fmt.Sprintf(":%d", contract.FollowPort)

// DefaultLeader is the leader sidecar as followers on the haloy network reach it.
var DefaultLeader = fmt.Sprintf("http://%s:%d", contract.SidecarContainer, contract.FollowPort)

// DefaultFollowerTokenFile is where a follower reads its token (the Swarm secret).
const DefaultFollowerTokenFile = "/run/secrets/" + contract.FollowTokenSecret

// serveFollowers creates the follower and control tokens if there are
// none and serves, on the haloy network, the leader's follow endpoint and
// the relays' endpoint (subcommands forwarded from other managers) until
// ctx ends.
func serveFollowers(ctx context.Context, cfg Config, pub *follow.Publisher, log *slog.Logger) error {
	for _, f := range []string{cfg.FollowTokenFile, cfg.ControlTokenFile} {
		if _, err := api.EnsureToken(f); err != nil {
			return fmt.Errorf("creating the token %s: %w", f, err)
		}
	}
	token := func() (string, error) { return api.ReadToken(cfg.FollowTokenFile) }
	control := func() (string, error) { return api.ReadToken(cfg.ControlTokenFile) }
	mux := http.NewServeMux()
	mux.Handle(follow.Path, follow.Handler(pub, token, log))
	mux.Handle("POST "+contract.RelayPath, relay.Handler(selfBinary(), control, log))
	log.Info("follow and relay endpoint listening", "addr", cfg.FollowListen)
	return listen(ctx, cfg.FollowListen, mux)
}

// selfBinary is this binary, which runs the relayed subcommands.
func selfBinary() string {
	if p, err := os.Executable(); err == nil {
		return p
	}
	return contract.SidecarBinary
}

// listen serves h on addr until ctx ends.
func listen(ctx context.Context, addr string, h http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving http on %s: %w", addr, err)
	}
	return nil
}

// FollowConfig is what a follower is told at start.
type FollowConfig struct {
	// Leader is the leader sidecar's follow URL.
	Leader string
	// TokenFile holds the follower token.
	TokenFile string
	// ConfigDir is the node-local HAProxy folder as the follower sees it;
	// HAProxyDir is the same folder as HAProxy sees it (the leader's layout).
	ConfigDir, HAProxyDir string
	// Listen is the follower's health endpoint (GET /healthz, JSON status).
	Listen string
}

// ParseFollowFlags reads `follow`'s flags (after the subcommand).
func ParseFollowFlags(args []string) (FollowConfig, error) {
	var c FollowConfig
	fs := flag.NewFlagSet(contract.FollowCommand, flag.ContinueOnError)
	fs.StringVar(&c.Leader, contract.FlagLeader, DefaultLeader, "the leader sidecar's follow URL")
	fs.StringVar(&c.TokenFile, contract.FlagTokenFile, DefaultFollowerTokenFile, "file holding the follower token (haloy-sidecar follow-token on the leader)")
	fs.StringVar(&c.ConfigDir, contract.FlagConfigDir, DefaultConfigDir, "the local HAProxy folder as mounted in the follower")
	fs.StringVar(&c.HAProxyDir, contract.FlagHAProxyDir, DefaultHAProxyDir, "the same folder as mounted in HAProxy")
	fs.StringVar(&c.Listen, "listen", DefaultListen, "health endpoint listen address")
	if err := fs.Parse(args); err != nil {
		return FollowConfig{}, err
	}
	if fs.NArg() > 0 {
		return FollowConfig{}, fmt.Errorf("unexpected argument %q after follow's flags", fs.Arg(0))
	}
	return c, nil
}

// RunFollower drives the node-local HAProxy with the leader's state until
// ctx ends, reusing the leader's apply and certificate code.
func RunFollower(ctx context.Context, fc FollowConfig, log *slog.Logger) error {
	cfg := Config{ConfigDir: fc.ConfigDir, HAProxyDir: fc.HAProxyDir}
	if err := cfg.prepareRunDir(); err != nil {
		return err
	}
	files := cfg.certFiles()
	fallback, err := files.Prepare(time.Now())
	if err != nil {
		return err
	}
	master := haproxy.Master{Socket: cfg.MasterSocket()}
	runtime := haproxy.Runtime{Socket: cfg.StatsSocket()}
	f := &follow.Follower{
		Leader: follow.Client{Leader: fc.Leader, Name: followerName(), Token: func() (string, error) { return api.ReadToken(fc.TokenFile) }},
		Log:    log,
	}
	applier := &apply.Applier{
		Dir: cfg.ConfigDir, HAProxyDir: cfg.HAProxyDir,
		Validator: follow.MasterUp{Socket: cfg.MasterSocket()}, Reloader: master, Runtime: runtime, Log: log,
		RetryLater:     func(after time.Duration) { time.AfterFunc(after, f.Again) },
		ReloadInterval: apply.DefaultReloadInterval,
	}
	f.Local = &follow.HAProxy{
		Applier:   applier,
		Installer: &certs.Installer{Files: files, Runtime: runtime, Reloader: master, Log: log},
		Fallback:  fallback,
	}
	errs := make(chan error, 1)
	go func() {
		errs <- listen(ctx, fc.Listen, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(f.Status())
		}))
	}()
	log.Info("follower started", "leader", fc.Leader, "config", fc.ConfigDir)
	go f.Run(ctx)
	select {
	case <-ctx.Done():
		return nil
	case err := <-errs:
		return err
	}
}

// followerName is the name the leader tracks this follower by: the
// container's host name (a Swarm task's is unique per task).
func followerName() string {
	name, err := os.Hostname()
	if err != nil {
		return "follower"
	}
	return name
}

// publishServed hands ingress followers each model the leader's HAProxy
// took, with the settings it was rendered with, as the reconcile loop
// publishes its observations.
func publishServed(ctx context.Context, feed *observe.Feed, settings haproxy.Settings, pub *follow.Publisher) {
	wake := feed.Subscribe()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
			if snap, ok := feed.Latest(); ok && snap.Served {
				pub.SetModel(settings, snap.Routing.Model)
			}
		}
	}
}
