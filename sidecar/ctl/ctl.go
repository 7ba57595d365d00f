// Package ctl is the sidecar's local control socket. The CLI reaches it with
// `docker exec haloy-sidecar /haloy-sidecar status`, which works through any
// Docker context because it needs nothing but the Docker API.
package ctl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/haloydev/haloy/internal/jsonout"
	"github.com/haloydev/haloy/wire"
)

// DefaultSocket is where the sidecar listens inside its container.
const DefaultSocket = "/run/haloy/sidecar.sock"

// StatusPath is the endpoint that returns the reconcile status as JSON.
const StatusPath = "/v1/status"

// Handlers are what the control socket answers with.
type Handlers struct {
	// Status is the daemon's status (StatusPath).
	Status func() wire.DaemonStatus
	// Promote, when set, routes deployment id of app as soon as all its
	// replicas are ready, as long as ctx lasts (PromotePath); nil refuses.
	Promote func(ctx context.Context, app, id string) error
}

// Serve answers requests on a unix socket at path until ctx ends. The
// caller must own the socket (see Own): Serve replaces a stale socket file
// left by a daemon that died.
func Serve(ctx context.Context, owner *Owner, path string, h Handlers) error {
	if owner == nil {
		return fmt.Errorf("serving %s: the control socket is not owned", path)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("removing stale control socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", path, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+StatusPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(jsonout.NoNilSlices(h.Status())) // lists as [], never null
	})
	mux.HandleFunc("POST "+PromotePath, promoteHandler(h.Promote))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving control socket: %w", err)
	}
	return nil
}

// Get fetches path from the control socket and copies the body to w.
func Get(ctx context.Context, socket, path string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://sidecar"+path, nil)
	if err != nil {
		return err
	}
	resp, err := client(socket).Do(req)
	if err != nil {
		return fmt.Errorf("asking the sidecar (is it running?): %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("sidecar answered %s", resp.Status)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

// client is an HTTP client whose every connection goes to socket.
func client(socket string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
	}}
}
