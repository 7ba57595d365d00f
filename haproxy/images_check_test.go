package haproxy

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// checkImagesEnv names the HAProxy images, comma-separated, whose haproxy
// also checks every configuration checkConfig checks, e.g.
// "haproxy:3.2,haloy/haproxy:2.6" (scripts/build-images.sh haproxy and
// haproxy26 build them). Unset, only the host's haproxy checks.
const checkImagesEnv = "HALOY_HAPROXY_CHECK_IMAGES"

// checkImages returns the images named by checkImagesEnv.
func checkImages() []string {
	var images []string
	for _, s := range strings.Split(os.Getenv(checkImagesEnv), ",") {
		if s = strings.TrimSpace(s); s != "" {
			images = append(images, s)
		}
	}
	return images
}

// checkProblem returns the first line of haproxy's check output that names
// a warning or an alert, or "".
func checkProblem(out []byte) string {
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "[WARNING]") || strings.Contains(line, "[ALERT]") {
			return line
		}
	}
	return ""
}

// checkOutput fails the test when haproxy's check output names a warning
// or an alert, whatever its exit code said.
func checkOutput(t *testing.T, who, file string, out []byte) {
	t.Helper()
	if line := checkProblem(out); line != "" {
		t.Fatalf("%s: haproxy -c -f %s reported: %s\n%s", who, file, line, out)
	}
}

// imageCheck runs `haproxy -dW -c` of the image on the file, with the file's
// folder mounted read-only at the same path (TLS test files sit next to the
// configuration), as root so the test's private files are readable. It
// returns the output and an error for a failed check or a warning.
func imageCheck(image, file string) ([]byte, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(abs)
	out, err := exec.Command("docker", "run", "--rm", "--network", "none", "--user", "0",
		"-v", dir+":"+dir+":ro", image, "haproxy", "-dW", "-c", "-f", abs).CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s: haproxy -c -f %s: %w", image, file, err)
	}
	if line := checkProblem(out); line != "" {
		return out, fmt.Errorf("%s: haproxy -c -f %s reported: %s", image, file, line)
	}
	return out, nil
}

// checkConfigInImage fails the test when the image's haproxy rejects the
// file or warns about it.
func checkConfigInImage(t *testing.T, image, file string) {
	t.Helper()
	if out, err := imageCheck(image, file); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}

func TestCheckProblem(t *testing.T) {
	tests := []struct {
		name, out, want string
	}{
		{"clean", "Configuration file is valid\n", ""},
		{"notices only", "[NOTICE]   (1) : haproxy version is 3.0.11\n", ""},
		{"warning with exit 0", "[NOTICE]   (1) : path\n[WARNING]  (1) : config : missing timeouts for frontend 'f'.\nWarnings were found.\n",
			"[WARNING]  (1) : config : missing timeouts for frontend 'f'."},
		{"alert", "[ALERT]    (1) : config : parsing [x:3] : unknown keyword 'bindd'\n", "[ALERT]    (1) : config : parsing [x:3] : unknown keyword 'bindd'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkProblem([]byte(tt.out)); got != tt.want {
				t.Errorf("checkProblem = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestImagesRefuseWarnings proves each check image fails a configuration
// whose only problem is a warning (missing timeouts), so a clean golden
// check means no warning.
func TestImagesRefuseWarnings(t *testing.T) {
	images := checkImages()
	if len(images) == 0 {
		t.Skip("set " + checkImagesEnv + " to check configurations with HAProxy images")
	}
	file := filepath.Join(t.TempDir(), "warns.cfg")
	if err := os.WriteFile(file, []byte("defaults\n  mode http\nfrontend f\n  bind :8080\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, image := range images {
		out, err := imageCheck(image, file)
		if err == nil || !strings.Contains(string(out), "[WARNING]") {
			t.Errorf("%s accepted a configuration with a warning: %v\n%s", image, err, out)
		}
	}
}
