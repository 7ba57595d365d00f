package relay

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Handler serves POST contract.RelayPath: with "Authorization: Bearer
// <token>" and a Request naming a forwarded subcommand, it runs binary
// with the arguments (the sidecar's own subcommand process, exactly as
// docker exec would), streams its standard output and ends with the
// trailers TrailerExit and TrailerStderr. The subcommand's standard input
// stays open until the caller goes away (status --watch ends then). token
// is read on each request, so a rotation takes effect at once.
func Handler(binary string, token func() (string, error), log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !authorized(r, token, log) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="haloy-relay"`)
			http.Error(w, "missing or wrong control token", http.StatusUnauthorized)
			return
		}
		var req Request
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
			http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
			return
		}
		if len(req.Args) == 0 || !Forwards(req.Args[0]) {
			http.Error(w, "not a forwarded subcommand (forwarded: "+strings.Join(Forwarded, ", ")+")", http.StatusBadRequest)
			return
		}
		run(w, r, binary, req.Args, log)
	})
}

// run runs the subcommand and streams its output as the answer.
func run(w http.ResponseWriter, r *http.Request, binary string, args []string, log *slog.Logger) {
	cmd := exec.CommandContext(r.Context(), binary, args...)
	cmd.WaitDelay = time.Second // a killed subcommand's output ends then
	stdin, err := cmd.StdinPipe()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer stdin.Close()
	stderr := &limitedBuffer{max: maxStderr}
	cmd.Stdout, cmd.Stderr = &flushWriter{w: w, rc: http.NewResponseController(w)}, stderr
	w.Header().Set("Trailer", TrailerExit+", "+TrailerStderr)
	w.Header().Set("Content-Type", "application/octet-stream")
	// The header goes out before the subcommand starts: from then on only
	// the goroutine copying its output writes to w.
	w.WriteHeader(http.StatusOK)
	http.NewResponseController(w).Flush()
	if err := cmd.Start(); err != nil {
		log.Error("starting a relayed subcommand", "subcommand", args[0], "err", err)
		w.Header().Set(TrailerExit, "1")
		w.Header().Set(TrailerStderr, strconv.Quote("starting "+args[0]+" on the leader: "+err.Error()+"\n"))
		return
	}
	code := exitStatus(cmd.Wait())
	if args[0] != "status" {
		log.Info("relayed subcommand", "args", strings.Join(args, " "), "exit", code)
	}
	w.Header().Set(TrailerExit, strconv.Itoa(code))
	w.Header().Set(TrailerStderr, strconv.Quote(stderr.String()))
}

// exitStatus is the exit status Wait's error stands for (1 when the
// process did not exit by itself).
func exitStatus(err error) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() > 0:
		return exit.ExitCode()
	}
	return 1
}

// authorized checks the bearer token in constant time.
func authorized(r *http.Request, token func() (string, error), log *slog.Logger) bool {
	want, err := token()
	if err != nil || want == "" {
		log.Error("reading the control token", "err", err)
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// flushWriter sends each write at once: status --watch is a stream.
type flushWriter struct {
	w  io.Writer
	rc *http.ResponseController
}

func (f *flushWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err == nil {
		err = f.rc.Flush()
	}
	return n, err
}

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	max int
	b   strings.Builder
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string { return l.b.String() }
