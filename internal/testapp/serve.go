package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"time"
)

// shutdownGrace is how long in-flight requests may run after a stop signal.
const shutdownGrace = 10 * time.Second

// listenAndServe waits o.startDelay, listens on o.listen and serves until
// ctx ends.
func listenAndServe(ctx context.Context, o options, a *app, logger *log.Logger) error {
	if !sleepCtx(ctx, o.startDelay) {
		return nil
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", o.listen, err)
	}
	logger.Printf("version %s listening on %s", a.version, ln.Addr())
	grace := shutdownGrace
	if o.noDrain {
		grace = 0
	}
	return serve(ctx, ln, a.handler(), logger, grace)
}

// serve answers on ln until ctx ends, then stops accepting and gives
// in-flight requests grace to finish before closing them. With no grace it
// closes every connection at once, in-flight requests too: an app with no
// drain logic of its own, as the deploy benchmark needs.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *log.Logger, grace time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	logger.Printf("stopping: finishing in-flight requests (up to %s)", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Printf("closing connections still open after %s", grace)
		srv.Close()
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving: %w", err)
	}
	logger.Printf("stopped")
	return nil
}

// sleepCtx waits d and reports true, or false when ctx ends first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
