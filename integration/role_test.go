package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMissingOrMistypedRoleIsReported starts containers with dev.haloy.*
// labels but no valid dev.haloy.role: one without the role, one with the
// key misspelt, one with an unknown role. Each must be reported in the
// sidecar's status (never silently ignored) and none routed.
func TestMissingOrMistypedRoleIsReported(t *testing.T) {
	requireEngine(t)
	cases := map[string]string{
		"role-missing": "",
		"role-typo":    "dev.haloy.rol=app",
		"role-unknown": "dev.haloy.role=ap",
	}
	for name, role := range cases {
		args := []string{"run", "-d", "--name", name, "--network", "haloy",
			"--label", "dev.haloy.appName=" + name, "--label", "dev.haloy.domain.0=" + name + ".example.test"}
		if role != "" {
			args = append(args, "--label", role)
		}
		docker(t, append(args, "haloy/testapp:v1")...)
		t.Cleanup(func() { docker(t, "rm", "-f", name) })
	}
	eventually(t, 15*time.Second, "role problems reported", func() error {
		st := sidecarStatus(t)
		for name := range cases {
			found := false
			for _, p := range st.Problems {
				found = found || p.Container == name && p.Label == "dev.haloy.role"
			}
			if !found {
				return fmt.Errorf("no dev.haloy.role problem for %s in %+v", name, st.Problems)
			}
		}
		return nil
	})
	for name := range cases {
		if code, _, _ := get(t, "http://"+name+".example.test/"); code != 404 {
			t.Errorf("%s answered %d, want 404 (not routed)", name, code)
		}
	}
	if out := haloy(t, "status"); !strings.Contains(out, "role-missing") {
		t.Errorf("status table does not show role-missing:\n%s", out)
	}
}
