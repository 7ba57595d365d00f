package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/wire/certstatus"
)

// Options configure a Server.
type Options struct {
	// Backend does the work.
	Backend Backend
	// Token returns the current token; it is called on every protected
	// request, so a rotated token takes effect at once (see TokenFile).
	Token func() (string, error)
	// Certificates reports the certificate status (nil: no domains).
	Certificates func() certstatus.Report
	// Version is reported by /v1/version.
	Version string
	// Commit is reported by /v1/version.
	Commit string
	// Reserved are app names the API refuses to deploy, roll back or stop
	// (the API's own app: stopping it would stop the sidecar).
	Reserved []string
	// TrustedProxy reports whether a peer address is the proxy whose
	// X-Forwarded-For is believed (nil: none is).
	TrustedProxy func(ip string) bool
	// MaxFailures and FailureWindow limit failed authentications per
	// client (defaults DefaultMaxFailures per DefaultFailureWindow).
	MaxFailures   int
	FailureWindow time.Duration
	// Heartbeat is the idle interval of event streams (default 15 s).
	Heartbeat time.Duration
	// Log receives refused requests and operation results.
	Log *slog.Logger
}

// Server answers the API. Its operations run under the context given to
// New, so a client that disconnects does not abort a deploy.
type Server struct {
	ctx       context.Context
	backend   Backend
	token     func() (string, error)
	certs     func() certstatus.Report
	version   string
	commit    string
	reserved  map[string]bool
	trusted   func(string) bool
	failures  *failLimiter
	heartbeat time.Duration
	log       *slog.Logger
	ops       opStore
}

// TokenFile returns a token source reading path on every call.
func TokenFile(path string) func() (string, error) {
	return func() (string, error) { return ReadToken(path) }
}

// New returns a Server whose background operations live as long as ctx.
func New(ctx context.Context, o Options) *Server {
	if o.MaxFailures == 0 {
		o.MaxFailures = DefaultMaxFailures
	}
	if o.FailureWindow == 0 {
		o.FailureWindow = DefaultFailureWindow
	}
	if o.Heartbeat == 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		ctx: ctx, backend: o.Backend, token: o.Token, certs: o.Certificates, version: o.Version, commit: o.Commit, trusted: o.TrustedProxy,
		failures: newFailLimiter(o.MaxFailures, o.FailureWindow, time.Now), heartbeat: o.Heartbeat, log: o.Log,
		reserved: map[string]bool{},
	}
	for _, r := range o.Reserved {
		s.reserved[r] = true
	}
	return s
}

// Handler routes the API's endpoints.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/health", s.health)
	mux.HandleFunc("GET /v1/version", s.versionInfo)
	s.protect(mux, "GET /v1/apps", s.apps)
	s.protect(mux, "GET /v1/certificates", s.certificates)
	s.protect(mux, "GET /v1/apps/{app}/deployments", s.withApp(s.deployments))
	s.protect(mux, "POST /v1/apps/{app}/deploy", s.withApp(s.deploy))
	s.protect(mux, "POST /v1/apps/{app}/rollback/{id}", s.withApp(s.rollback))
	s.protect(mux, "POST /v1/apps/{app}/stop", s.withApp(s.stop))
	s.protect(mux, "GET /v1/apps/{app}/deploys/{op}", s.withApp(s.operation))
	s.protect(mux, "GET /v1/apps/{app}/deploys/{op}/events", s.withApp(s.events))
	s.protect(mux, "/", s.notFound)
	return mux
}

// protect registers h behind the token check. Unknown paths are protected
// too, so they tell an unauthenticated client nothing.
func (s *Server) protect(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if s.authorize(w, r) {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
			h(w, r)
		}
	})
}

// withApp checks the {app} path value before h runs.
func (s *Server) withApp(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		app := r.PathValue("app")
		if err := labels.ValidateAppName(app); err != nil {
			writeError(w, http.StatusBadRequest, ErrorBody{Error: "app name " + quote(app) + " " + err.Error(), Field: "app", Hint: "use the app's name as in haloy.yaml, e.g. /v1/apps/my-app/..."})
			return
		}
		h(w, r)
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, ErrorBody{Error: "no endpoint " + r.Method + " " + r.URL.Path, Hint: "the endpoints are listed in README.md#http-api-and-the-remote-client, all under /v1"})
}
