package remote

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/haloydev/haloy/internal/version"
)

// runVersion runs the client's version command with args and returns what it printed.
func runVersion(t *testing.T, args ...string) string {
	t.Helper()
	cmd := NewCommand("haloy")
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	return out.String()
}

func TestVersionCommandAsksTheServer(t *testing.T) {
	c, _ := server(t)
	if got := runVersion(t, "version"); !strings.HasPrefix(got, "haloy "+version.Version+", commit ") {
		t.Errorf("version printed %q, want the client's version and commit", got)
	}
	// r is the document both roads print (the tree's version --format json).
	var r struct {
		Client  version.Info `json:"client"`
		Sidecar struct {
			Version, Commit, Error string
		} `json:"sidecar"`
		Warnings []string `json:"warnings"`
	}
	out := runVersion(t, "--server", c.BaseURL, "--allow-http", "version", "--format", "json")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("version --format json is not JSON: %v\n%s", err, out)
	}
	if r.Client.Version != version.Version || r.Sidecar.Error != "" || r.Warnings == nil {
		t.Errorf("version against a server: %+v, want the client's version, no error and a warnings list", r)
	}
	if got := runVersion(t, "--server", "http://127.0.0.1:1", "version"); !strings.Contains(got, "sidecar: unknown") || !strings.Contains(got, "127.0.0.1:1") {
		t.Errorf("version against no server printed %q, want the server unknown, naming it", got)
	}
}
