package follow

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Path is the leader's endpoint followers poll.
const Path = "/v1/follow"

// Query parameters of Path.
const (
	// VersionParam is the version the follower has; the answer waits
	// until the state's differs.
	VersionParam = "version"
	// WaitParam bounds the wait (a Go duration, at most MaxWait).
	WaitParam = "wait"
)

// Waits of a long poll.
const (
	// DefaultWait is how long the leader holds a poll without a change.
	DefaultWait = 25 * time.Second
	// MaxWait is the longest wait a follower may ask for.
	MaxWait = time.Minute
)

// Handler serves Path: GET with "Authorization: Bearer <token>" answers
// the State as JSON once its version differs from the version parameter,
// or 204 No Content when the wait ends without a change. token returns
// the current token (read on each request, so a rotation takes effect at
// once).
func Handler(p *Publisher, token func() (string, error), log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Path, func(w http.ResponseWriter, r *http.Request) {
		if !authorized(r, token, log) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="haloy-follow"`)
			http.Error(w, "missing or wrong follower token", http.StatusUnauthorized)
			return
		}
		wait := DefaultWait
		if v := r.URL.Query().Get(WaitParam); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d < 0 || d > MaxWait {
				http.Error(w, "wait must be a duration between 0s and "+MaxWait.String(), http.StatusBadRequest)
				return
			}
			wait = d
		}
		ctx, cancel := context.WithTimeout(r.Context(), wait)
		defer cancel()
		done := p.polled(r.URL.Query().Get(FollowerParam), r.URL.Query().Get(AppliedParam), time.Now())
		defer func() { done(time.Now()) }()
		st, ok := p.Wait(ctx, r.URL.Query().Get(VersionParam))
		if !ok {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(st)
	})
	return mux
}

// authorized checks the bearer token in constant time.
func authorized(r *http.Request, token func() (string, error), log *slog.Logger) bool {
	want, err := token()
	if err != nil || want == "" {
		log.Error("reading the follower token", "err", err)
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
