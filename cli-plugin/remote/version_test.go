package remote

import (
	"bytes"
	"strings"
	"testing"

	"github.com/haloydev/haloy/internal/version"
)

func TestVersionCommandAsksTheServer(t *testing.T) {
	c, _ := server(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, "client " + version.Version + "\n"},
		{[]string{"--server", c.BaseURL, "--allow-http", "version"}, "client " + version.Version + "\nsidecar  (API v1)\n"},
	} {
		cmd := NewCommand("haloy")
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetArgs(tt.args)
		if err := cmd.Execute(); err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		if out.String() != tt.want {
			t.Errorf("%v printed %q, want %q", tt.args, out.String(), tt.want)
		}
	}
	cmd := NewCommand("haloy")
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs([]string{"--server", "http://127.0.0.1:1", "version"})
	if err := cmd.Execute(); err == nil || !strings.Contains(err.Error(), "asking http://127.0.0.1:1") {
		t.Errorf("version against no server: %v, want an error naming it", err)
	}
}
