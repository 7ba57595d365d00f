package haproxy

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestTLSALPNLayoutOnlyWhenNeeded checks that the TCP frontend appears
// only with HTTPS on and an app using TLS-ALPN-01, and that switching an
// app's challenge changes the structure (so the sidecar reloads).
func TestTLSALPNLayoutOnlyWhenNeeded(t *testing.T) {
	plain := sampleModel()
	alpn := sampleModel()
	alpn.Apps[1].TLSALPN = true
	for name, c := range map[string]struct {
		m    Model
		s    Settings
		want bool
	}{
		"no app uses it":         {plain, tlsTestSettings, false},
		"an app uses it":         {alpn, tlsTestSettings, true},
		"an app uses it, no TLS": {alpn, testSettings, false},
	} {
		cfg := string(Render(c.m, c.s))
		if got := strings.Contains(cfg, "frontend "+FrontendTLS); got != c.want {
			t.Errorf("%s: TCP frontend rendered = %v, want %v", name, got, c.want)
		}
		portBind := fmt.Sprintf("bind %s:%d ssl", c.s.BindAddress, c.s.TLS.Port)
		if got, want := strings.Contains(cfg, portBind), c.s.TLS.Enabled() && !c.want; got != want {
			t.Errorf("%s: HTTPS frontend binds the HTTPS port itself = %v, want %v", name, got, want)
		}
		if got := strings.Contains(cfg, "accept-proxy"); got != c.s.TLS.Enabled() {
			t.Errorf("%s: HTTPS frontend on the internal socket (PROXY protocol) = %v, want %v in both layouts", name, got, c.s.TLS.Enabled())
		}
	}
	if bytes.Equal(RenderStructure(plain, tlsTestSettings), RenderStructure(alpn, tlsTestSettings)) {
		t.Error("an app switching to TLS-ALPN-01 does not change the structure")
	}
}
