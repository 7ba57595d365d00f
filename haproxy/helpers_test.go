package haproxy

import (
	"os"
	"os/exec"
	"testing"
)

// testSettings are the Settings of the golden files and the live tests.
// The challenge servers are IPs so `haproxy -c` needs no name resolution.
var testSettings = Settings{
	StatsSocket:     "/usr/local/etc/haproxy/run/admin.sock",
	ChallengeServer: "127.0.0.1:8080",
	TLSALPNServer:   "127.0.0.1:8444",
}

// haproxyPath returns the haproxy binary, or skips the test when HAProxy
// is not installed.
func haproxyPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/haproxy"); err == nil {
		return "/usr/sbin/haproxy"
	}
	t.Skip("haproxy is not installed")
	return ""
}

// checkConfig runs `haproxy -c` on the file and fails on errors or
// warnings (in the exit code or the output), with the host's haproxy and
// with each image named by HALOY_HAPROXY_CHECK_IMAGES.
func checkConfig(t *testing.T, file string) {
	t.Helper()
	for _, image := range checkImages() {
		checkConfigInImage(t, image, file)
	}
	out, err := exec.Command(haproxyPath(t), "-dW", "-c", "-f", file).CombinedOutput()
	if err != nil {
		t.Fatalf("haproxy -c -f %s: %v\n%s", file, err, out)
	}
	checkOutput(t, "host haproxy", file, out)
}
