package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/sidecar/apply"
	"github.com/haloydev/haloy/sidecar/ctl"
	"github.com/haloydev/haloy/sidecar/engine"
	"github.com/haloydev/haloy/sidecar/follow"
	"github.com/haloydev/haloy/sidecar/metrics"
	"github.com/haloydev/haloy/sidecar/probe"
	"github.com/haloydev/haloy/sidecar/reconcile"
	"github.com/haloydev/haloy/sidecar/swarm"
	"github.com/moby/moby/api/types/events"
)

// Run starts the sidecar and blocks until ctx ends.
func Run(ctx context.Context, cfg Config, log *slog.Logger) error {
	cfg.Normalize()
	owner, err := ctl.Own(cfg.ControlSocket)
	if err != nil {
		return err
	}
	defer owner.Release()
	if err := cfg.prepareRunDir(); err != nil {
		return err
	}
	docker, err := engine.Connect()
	if err != nil {
		return fmt.Errorf("connecting to docker: %w", err)
	}
	defer docker.Close()
	eng := engine.New(docker, cfg.Network)
	tasks := swarm.New(docker, cfg.Network)
	routed := sources{containers: eng, swarm: tasks}
	master := haproxy.Master{Socket: cfg.MasterSocket()}
	runtime := haproxy.Runtime{Socket: cfg.StatsSocket()}
	members := newGate(cfg, log)
	owners, err := newKeeper(cfg.OwnershipFile, cfg.DomainGrace, log)
	if err != nil {
		return err
	}
	pub := follow.NewPublisher()
	loop := newLoop(cfg, eng, routed, master, runtime, log)
	// The certificate loop and the ingress followers follow the reconcile
	// loop's observations.
	certLoop, answerers, err := startCerts(cfg, loop.Observations(), master, runtime, pub.SetCertificates, log)
	if err != nil {
		return err
	}
	go publishServed(ctx, loop.Observations(), cfg.haproxySettings(), pub)
	loop.Resync = cfg.Resync
	loop.Admit = members.Admit
	members.hint = loop.Hint
	loop.Ownership = owners

	errs := make(chan error, 6)
	go func() { errs <- serveFollowers(ctx, cfg, pub, log) }()
	go func() {
		errs <- ctl.Serve(ctx, owner, cfg.ControlSocket, ctl.Handlers{Promote: members.PromoteWhenReady, Status: func() Status {
			return Status{Status: liveStatus(loop, master, runtime, pub), Certificates: certLoop.Status(), Follow: pub.Followers(time.Now())}
		}})
	}()
	go func() { errs <- serveHTTP(ctx, cfg.Listen, answerers.http) }()
	go func() { errs <- serveTLSALPN(ctx, cfg.TLSALPNListen, answerers.tlsALPN, log) }()
	go func() {
		status := func() reconcile.Status { return liveStatus(loop, master, runtime, pub) }
		errs <- serveAPI(ctx, cfg, docker, status, certLoop.Status, log)
	}()
	go func() { errs <- metrics.Serve(ctx, cfg.MetricsListen, loop.Status) }()
	go watchEvents(ctx, eng, loop, log)
	go watchSwarm(ctx, tasks, loop, log)
	go loop.Run(ctx)
	retire := newRetirer(members.store, eng, log)
	go retire.Run(ctx)
	go hintOnChange(ctx, cfg.MembershipFile, func() { loop.Hint(); retire.Hint() })
	go supervise(ctx, eng, cfg.HAProxyContainer, loop.Hint, log)
	if cfg.GuardContainer != "" {
		go supervise(ctx, eng, cfg.GuardContainer, func() {}, log)
	}
	go certLoop.Run(ctx)
	go renewOnHangup(ctx, certLoop, log)
	log.Info("sidecar started", "registered_only", cfg.RegisteredOnly, "network", cfg.Network, "haproxy", cfg.HAProxyContainer, "config", cfg.ConfigDir)
	select {
	case <-ctx.Done():
		return nil
	case err := <-errs:
		return err
	}
}

func newLoop(cfg Config, eng *engine.Engine, routed lister, master haproxy.Master, runtime haproxy.Runtime, log *slog.Logger) *reconcile.Loop {
	applier := &apply.Applier{
		Dir:        cfg.ConfigDir,
		HAProxyDir: cfg.HAProxyDir,
		Settings:   cfg.haproxySettings(),
		Validator:  haproxyValidator{engine: eng, container: cfg.HAProxyContainer},
		Reloader:   master,
		Runtime:    runtime,
		Log:        log,

		ReloadInterval: apply.DefaultReloadInterval,
	}
	var loop *reconcile.Loop
	prober := probe.New(func() { loop.Hint() })
	applier.RetryLater = func(after time.Duration) { time.AfterFunc(after, loop.Hint) }
	loop = reconcile.New(routed, prober, applier, log)
	return loop
}

// haproxySettings are the non-model parts of HAProxy's configuration;
// followers render with the same.
func (c Config) haproxySettings() haproxy.Settings {
	return haproxy.Settings{StatsSocket: c.HAProxyStatsSocket(), MetricsPort: c.HAProxyMetricsPort, TLS: c.tlsSettings(), TrustedProxies: c.TrustedProxies,
		ServingMap: filepath.Join(c.HAProxyDir, haproxy.ServingMapName)}
}

// watchEvents turns container events into hints, reconnecting with a
// growing pause when the stream breaks, and asks for a full pass after
// each reconnect since events may have been missed meanwhile.
func watchEvents(ctx context.Context, eng *engine.Engine, loop interface{ Hint() }, log *slog.Logger) {
	pause := 100 * time.Millisecond
	late := &lateHint{after: time.Second, hint: loop.Hint}
	for ctx.Err() == nil {
		start := time.Now()
		err := eng.Watch(ctx, func(m events.Message) {
			loop.Hint()
			if m.Action == events.ActionPause || m.Action == events.ActionUnPause {
				late.schedule() // the engine's list was seen lagging these
			}
		})
		if ctx.Err() != nil {
			return
		}
		if time.Since(start) > time.Minute {
			pause = 100 * time.Millisecond
		}
		log.Warn("docker event stream lost; resyncing", "err", err, "retry_in", pause)
		loop.Hint()
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(pause*2, 5*time.Second)
	}
}

// serveHTTP answers on the sidecar's HTTP port (ACME challenges, health).
func serveHTTP(ctx context.Context, addr string, challenges http.Handler) error {
	mux := http.NewServeMux()
	mux.Handle(acme.ChallengePathPrefix, challenges)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok\n")) })
	return listen(ctx, addr, mux)
}
