package tree

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haloydev/haloy/config"
)

// TestRollbackHooksFollowThePolicy checks where a rollback runs the
// snapshot's hooks: in the haloy.yaml's folder when given the file, none
// (and it says so) when given the app name.
func TestRollbackHooksFollowThePolicy(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "haloy.yaml")
	if err := os.WriteFile(file, []byte("name: web\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	app := config.App{Name: "web", PreDeploy: []string{"true"}, PostDeploy: []string{"true"}}
	var out bytes.Buffer
	if h := rollbackHooks(app, file, &out, "docker haloy"); h == nil || h.Dir != dir || len(h.Pre) != 1 || len(h.Post) != 1 {
		t.Errorf("rollback of %s: hooks %+v, want the snapshot's in %s", file, h, dir)
	}
	if h := rollbackHooks(app, "web", &out, "docker haloy"); h != nil || !strings.Contains(out.String(), "hooks are not run") {
		t.Errorf("rollback by app name: hooks %+v, output %q; want none, and a note", h, out.String())
	}
	out.Reset()
	if h := rollbackHooks(config.App{Name: "web"}, "web", &out, "docker haloy"); h != nil || out.Len() != 0 {
		t.Errorf("snapshot without hooks: %+v %q, want nothing", h, out.String())
	}
}
