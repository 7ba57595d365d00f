package main

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

const (
	// versionHeader carries the app version on every answer.
	versionHeader = "X-App-Version"
	// defaultSlowDelay is how long /slow sleeps without ?d=.
	defaultSlowDelay = time.Second
	// streamInterval is the time between two lines of /stream.
	streamInterval = 100 * time.Millisecond
)

// app holds what the handlers report.
type app struct {
	version   string
	host      string
	unhealthy bool
	slow      time.Duration
}

// handler returns the routes of the test app. Every answer carries the
// version header and is delayed by a.slow.
func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/", a.serveRoot)
	mux.HandleFunc("/healthz", a.serveHealth)
	mux.HandleFunc("/slow", a.serveSlow)
	mux.HandleFunc("/stream", a.serveStream)
	mux.HandleFunc("/ws", a.serveStream)
	mux.HandleFunc("/forwarded", serveForwarded)
	return a.versioned(a.delayed(mux))
}

// versioned sets the version header on every answer.
func (a *app) versioned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(versionHeader, a.version)
		next.ServeHTTP(w, r)
	})
}

// delayed adds a.slow before every response; a client that leaves first
// gets nothing.
func (a *app) delayed(next http.Handler) http.Handler {
	if a.slow <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sleep(r, a.slow) {
			next.ServeHTTP(w, r)
		}
	})
}

// serveRoot answers any path with the version and host name.
func (a *app) serveRoot(w http.ResponseWriter, r *http.Request) {
	a.writeIdentity(w)
}

// writeIdentity writes "version=<v> host=<h>".
func (a *app) writeIdentity(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "version=%s host=%s\n", a.version, a.host)
}

// serveForwarded answers with the X-Forwarded-For and X-Forwarded-Proto
// headers the proxy added, so tests can check the client address it saw.
func serveForwarded(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "for=%s proto=%s\n", r.Header.Get("X-Forwarded-For"), r.Header.Get("X-Forwarded-Proto"))
}

// serveHealth answers 200 "ok", or 503 when the app was told to be unhealthy.
func (a *app) serveHealth(w http.ResponseWriter, r *http.Request) {
	if a.unhealthy {
		http.Error(w, "unhealthy", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}

// serveSlow sleeps ?d= (default one second), then answers like /.
func (a *app) serveSlow(w http.ResponseWriter, r *http.Request) {
	d := defaultSlowDelay
	if s := r.URL.Query().Get("d"); s != "" {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			http.Error(w, fmt.Sprintf("reading d=%q: %v (try d=2s)", s, err), http.StatusBadRequest)
			return
		}
	}
	if sleep(r, d) {
		a.writeIdentity(w)
	}
}

// serveStream writes a numbered line every streamInterval until the client
// leaves, or ?n= lines when given.
func (a *app) serveStream(w http.ResponseWriter, r *http.Request) {
	limit, err := streamLimit(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	rc := http.NewResponseController(w)
	tick := time.NewTicker(streamInterval)
	defer tick.Stop()
	for i := 1; ; i++ {
		fmt.Fprintf(w, "line=%d version=%s host=%s\n", i, a.version, a.host)
		if rc.Flush() != nil || i == limit {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}

// streamLimit reads ?n=, the number of lines to stream (0: no limit).
func streamLimit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("n")
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("reading n=%q: want a count of lines, e.g. n=20", s)
	}
	return n, nil
}

// sleep waits d and reports true, or false when the request ends first.
func sleep(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
