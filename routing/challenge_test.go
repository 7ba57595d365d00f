package routing

import (
	"testing"

	"github.com/haloydev/haloy/labels"
)

// TestBuildMarksTLSALPNApps checks that an app labelled tls-alpn-01 is
// marked for HAProxy's TLS-ALPN-01 layout and others are not.
func TestBuildMarksTLSALPNApps(t *testing.T) {
	alpn := ctr("a-1", "a", dep1, "10.0.0.1", func(c *Container) { c.Labels[labels.ACMEChallenge] = labels.ChallengeTLSALPN01 })
	explicit := ctr("b-1", "b", dep1, "10.0.0.2", func(c *Container) { c.Labels[labels.ACMEChallenge] = labels.ChallengeHTTP01 })
	plain := ctr("c-1", "c", dep1, "10.0.0.3")
	res := Build([]Container{alpn, explicit, plain})
	want := map[string]bool{"a": true, "b": false, "c": false}
	if len(res.Model.Apps) != 3 {
		t.Fatalf("model has %d apps, want 3; problems %+v", len(res.Model.Apps), res.Problems)
	}
	for _, a := range res.Model.Apps {
		if a.TLSALPN != want[a.Name] {
			t.Errorf("app %s: TLSALPN %v, want %v", a.Name, a.TLSALPN, want[a.Name])
		}
	}
}
