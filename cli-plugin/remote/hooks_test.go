package remote

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// TestRemoteDeployHooksKnowTheDeploymentID deploys a haloy.yaml through
// the client: both hooks run in the file's folder, and preDeploy already
// sees the id the deployment gets, newer than the server's history.
func TestRemoteDeployHooksKnowTheDeploymentID(t *testing.T) {
	c, _ := server(t)
	t.Setenv(EnvToken, token)
	dir := t.TempDir()
	yaml := `name: web
source:
  image:
    repository: haloy/testapp
    tag: v1
domains:
  - web.example.test
preDeploy:
  - echo "$HALOY_DEPLOYMENT_ID" > pre.txt
postDeploy:
  - echo "$HALOY_DEPLOYMENT_ID" > post.txt
`
	file := filepath.Join(dir, "haloy.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := NewCommand("haloy")
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs([]string{"--server", c.BaseURL, "--allow-http", "deploy", file})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("deploy: %v\n%s", err, errOut.String())
	}
	pre, _ := os.ReadFile(filepath.Join(dir, "pre.txt"))
	post, _ := os.ReadFile(filepath.Join(dir, "post.txt"))
	id := strings.TrimSpace(string(pre))
	if err := labels.ValidateDeploymentIDAt(id, time.Now()); err != nil || id <= "20260101000000" {
		t.Fatalf("preDeploy saw HALOY_DEPLOYMENT_ID %q (%v), want a new id after the history's 20260101000000", id, err)
	}
	if got := strings.TrimSpace(string(post)); got != id || !strings.Contains(out.String(), "deployment "+id+" is serving") {
		t.Errorf("postDeploy saw %q and the deploy printed %q; want both to be preDeploy's %s", got, out.String(), id)
	}
}
