package acme

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ChallengePollInterval is the Retry-After given to lego for a challenge
// the CA answered without one. lego waits that long (randomised by ±50 %,
// growing ×1.5) before it asks for the authorization's result; without a
// hint it waits 5 s, which neither Pebble nor Let's Encrypt send, so most
// of an issuance was spent waiting for a result that was long there.
const ChallengePollInterval = time.Second

// pollHintTransport adds a Retry-After of interval to the CA's answers to
// challenge POSTs that carry none, so that lego polls the authorization
// after interval instead of its 5 s fallback. A CA's own Retry-After is
// kept. Only challenge answers are touched: lego reads Retry-After of
// nothing else that succeeded but renewal information, which has no
// rel="up" link.
type pollHintTransport struct {
	base     http.RoundTripper
	interval time.Duration
}

// withPollHint returns a copy of client whose transport adds the
// challenge poll hint.
func withPollHint(client *http.Client, interval time.Duration) *http.Client {
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c := *client
	c.Transport = &pollHintTransport{base: base, interval: interval}
	return &c
}

// RoundTrip implements http.RoundTripper.
func (t *pollHintTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil || !isChallengeAnswer(r, resp) || resp.Header.Get("Retry-After") != "" {
		return resp, err
	}
	secs := int(t.interval.Round(time.Second) / time.Second)
	resp.Header.Set("Retry-After", strconv.Itoa(max(secs, 1)))
	return resp, nil
}

// isChallengeAnswer tells whether resp answers a POST to a challenge: a
// success that links "up" to its authorization (RFC 8555, section 7.5.1).
func isChallengeAnswer(r *http.Request, resp *http.Response) bool {
	if r.Method != http.MethodPost || resp.StatusCode/100 != 2 {
		return false
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		return false // a certificate chain links up to its issuer
	}
	for _, link := range resp.Header.Values("Link") {
		for _, part := range strings.Split(link, ",") {
			if strings.Contains(part, `rel="up"`) {
				return true
			}
		}
	}
	return false
}
