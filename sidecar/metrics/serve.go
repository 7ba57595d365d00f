package metrics

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/haloydev/haloy/sidecar/reconcile"
)

// DefaultListen is the sidecar's metrics listen address.
const DefaultListen = ":9101"

// Path is where the metrics are served.
const Path = "/metrics"

// Source returns the status to report; the reconcile loop's Status method is one.
type Source func() reconcile.Status

// Handler answers GET Path with the metrics of src's status.
func Handler(src Source) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Path, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ContentType)
		Write(w, src())
	})
	return mux
}

// Serve serves Handler(src) on addr until ctx ends.
func Serve(ctx context.Context, addr string, src Source) error {
	srv := &http.Server{Addr: addr, Handler: Handler(src), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving metrics on %s: %w", addr, err)
	}
	return nil
}
