package follow

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client polls a leader's Path.
type Client struct {
	// Leader is the leader's base URL, e.g. http://haloy-sidecar:8082.
	Leader string
	// Token returns the follower token.
	Token func() (string, error)
	// Wait is the long-poll wait asked for (0 takes DefaultWait).
	Wait time.Duration
	// HTTP is the client used (nil: one with a timeout of Wait plus 10 s).
	HTTP *http.Client
	// Name is the follower's name the leader tracks its progress by
	// ("": untracked).
	Name string
}

// Poll returns the leader's state once its version differs from version;
// changed is false when the wait ended without a change. applied is the
// version the local HAProxy serves, which the leader waits for before
// it counts a drained replica as drained.
func (c Client) Poll(ctx context.Context, version, applied string) (st State, changed bool, err error) {
	wait := c.Wait
	if wait <= 0 {
		wait = DefaultWait
	}
	if applied != version {
		// The local HAProxy is behind (an apply failed and is retried):
		// ask again soon, so the leader learns when it caught up.
		wait = min(wait, RetryApply)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: wait + 10*time.Second}
	}
	tok, err := c.Token()
	if err != nil {
		return State{}, false, fmt.Errorf("reading the follower token: %w", err)
	}
	q := url.Values{VersionParam: {version}, WaitParam: {wait.String()}, FollowerParam: {c.Name}, AppliedParam: {applied}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(c.Leader, "/")+Path+"?"+q.Encode(), nil)
	if err != nil {
		return State{}, false, fmt.Errorf("polling the leader: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := hc.Do(req)
	if err != nil {
		return State{}, false, fmt.Errorf("polling the leader: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNoContent:
		return State{}, false, nil
	case http.StatusOK:
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
			return State{}, false, fmt.Errorf("reading the leader's state: %w", err)
		}
		return st, true, nil
	}
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	return State{}, false, fmt.Errorf("polling the leader: %s: %s", resp.Status, strings.TrimSpace(string(msg)))
}
