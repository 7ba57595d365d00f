package integration

import (
	"os/exec"
	"testing"
)

// composeUp brings a stack up with Debian's docker-compose (Compose v1) under
// project name and takes it down when the test ends.
func composeUp(t *testing.T, name, file string, extra ...string) {
	t.Helper()
	args := append([]string{"-p", name, "-f", file, "up", "-d"}, extra...)
	if out, err := exec.Command("docker-compose", args...).CombinedOutput(); err != nil {
		t.Fatalf("docker-compose up %s: %v\n%s", file, err, out)
	}
	t.Cleanup(func() { composeV1.down(name, file) })
}
