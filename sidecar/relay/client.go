package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/haloydev/haloy/contract"
)

// dialTimeout bounds connecting to the leader.
const dialTimeout = 5 * time.Second

// Forward runs args on the leader at base URL leader with token, copying
// the subcommand's standard output to out and its standard error to
// errOut, and returns its exit status. When in is not nil, its end (the
// exec's caller went away) ends the call, as it ends status --watch.
func Forward(ctx context.Context, leader, token string, args []string, in io.Reader, out, errOut io.Writer) (int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if in != nil {
		go func() {
			io.Copy(io.Discard, in)
			cancel()
		}()
	}
	body, _ := json.Marshal(Request{Args: args}) // plain strings: never fails
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(leader, "/")+contract.RelayPath, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("asking the leader sidecar: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client().Do(req)
	if err != nil {
		return 0, fmt.Errorf("reaching the leader sidecar at %s over the haloy network (is it running?): %w", leader, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		return 0, fmt.Errorf("the leader sidecar answered %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	if _, err := io.Copy(out, resp.Body); err != nil {
		if in != nil && ctx.Err() != nil {
			return 0, nil // the caller left: a watch ends so
		}
		return 0, fmt.Errorf("reading the leader's answer: %w", err)
	}
	return trailerStatus(resp.Trailer, errOut)
}

// trailerStatus writes the relayed standard error and returns the exit
// status from the answer's trailers.
func trailerStatus(tr http.Header, errOut io.Writer) (int, error) {
	code, err := strconv.Atoi(tr.Get(TrailerExit))
	if err != nil {
		return 0, fmt.Errorf("the leader's answer ended without an exit status (was the leader stopped?)")
	}
	if msg, err := strconv.Unquote(tr.Get(TrailerStderr)); err == nil && msg != "" {
		io.WriteString(errOut, msg)
	}
	return code, nil
}

func client() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext:       (&net.Dialer{Timeout: dialTimeout}).DialContext,
		DisableKeepAlives: true,
	}}
}
