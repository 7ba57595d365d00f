package commands

import (
	"strings"
	"testing"
)

// TestDockerFlagsAreCheckedFirst: the Docker backend's --pull is refused
// before the haloy.yaml is read, on deploy and rollback alike.
func TestDockerFlagsAreCheckedFirst(t *testing.T) {
	for _, args := range [][]string{{"deploy", "--pull", "sometimes", "missing.yaml"}, {"rollback", "--pull", "sometimes", "web"}} {
		out, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), "sometimes") || strings.Contains(err.Error(), "missing.yaml") {
			t.Errorf("docker haloy %s: %v (output %q), want the --pull value refused", strings.Join(args, " "), err, out)
		}
	}
}
