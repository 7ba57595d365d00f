package infra

import (
	"slices"
	"testing"
)

func TestTrustedProxiesFlag(t *testing.T) {
	off := Project(Options{}).Services["sidecar"].Command
	if slices.Contains(off, "-trusted-proxies") {
		t.Errorf("sidecar command %q trusts proxies nobody named", off)
	}
	on := Project(Options{TrustedProxies: []string{"10.0.0.0/8", "192.0.2.7"}}).Services["sidecar"].Command
	i := slices.Index(on, "-trusted-proxies")
	if i < 0 || i+1 >= len(on) || on[i+1] != "10.0.0.0/8,192.0.2.7" {
		t.Errorf("sidecar command %q, want -trusted-proxies 10.0.0.0/8,192.0.2.7", on)
	}
}
