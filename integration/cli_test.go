package integration

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// exitCode is the exit status of a finished command's error (0 for nil).
func exitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if err == nil {
		return 0
	}
	if !errors.As(err, &ee) {
		t.Fatalf("command did not run: %v", err)
	}
	return ee.ExitCode()
}

// TestSidecarRefusesUnknownSubcommandsAndSecondDaemon runs the sidecar
// binary inside the running sidecar with a mistyped subcommand and as a
// second daemon: both are refused, and the running daemon's control
// socket keeps answering.
func TestSidecarRefusesUnknownSubcommandsAndSecondDaemon(t *testing.T) {
	requireEngine(t)
	out, err := exec.Command("docker", "exec", "haloy-sidecar", "/haloy-sidecar", "versoin").CombinedOutput()
	if code := exitCode(t, err); code != 2 || !strings.Contains(string(out), `did you mean "version"`) {
		t.Errorf("haloy-sidecar versoin: exit %d, output %q; want exit 2 with a suggestion", code, out)
	}
	out, err = exec.Command("docker", "exec", "haloy-sidecar", "/haloy-sidecar", "-listen", "127.0.0.1:0", "-metrics-listen", "127.0.0.1:0").CombinedOutput()
	if code := exitCode(t, err); code == 0 || !strings.Contains(string(out), "another haloy-sidecar daemon is running") {
		t.Errorf("second daemon: exit %d, output %q; want it refused", code, out)
	}
	st := sidecarStatus(t) // the socket is still the running daemon's
	if st.Passes == 0 {
		t.Errorf("status after the refused daemon: %+v", st)
	}
	out, err = exec.Command("docker", "exec", "haloy-sidecar", "/haloy-sidecar", "version").CombinedOutput()
	var v struct{ Version, Commit string }
	if err != nil || json.Unmarshal(out, &v) != nil || v.Version == "" || v.Commit == "" {
		t.Errorf("haloy-sidecar version: %v, %q", err, out)
	}
}

// TestCLIConventions checks exit codes, suggestions, version and the
// idempotent stop against the real plugin and engine.
func TestCLIConventions(t *testing.T) {
	requireEngine(t)
	for _, args := range [][]string{{"deplyo"}, {"secrets", "lsit"}} {
		out, err := runHaloy(args...)
		if code := exitCode(t, err); code == 0 || !strings.Contains(out, "Did you mean this?") {
			t.Errorf("docker haloy %s: exit %d, output %q; want non-zero with a suggestion", strings.Join(args, " "), code, out)
		}
	}
	var v struct {
		Client   struct{ Version, Commit string }
		Sidecar  struct{ Version, Commit, Error string }
		Warnings []string
	}
	out := haloy(t, "version", "--format", "json")
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Client.Commit == "" || v.Sidecar.Version == "" || v.Warnings == nil {
		t.Errorf("version --format json: %v\n%s", err, out)
	}

	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("clistop", "haloy/testapp", "v1", 1)); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "clistop") })
	haloy(t, "stop", "clistop")
	if out := haloy(t, "stop", "clistop"); !strings.Contains(out, "already stopped") {
		t.Errorf("second stop: %q, want already stopped", out)
	}
	if out, err := runHaloy("stop", "clistpo"); exitCode(t, err) == 0 || !strings.Contains(out, `did you mean "clistop"`) {
		t.Errorf("stop of an unknown app: %v %q, want an error with a suggestion", err, out)
	}
	// The sidecar's status lists the app until its next pass has seen the
	// containers go.
	eventually(t, 10*time.Second, "clistop listed as stopped", func() error {
		var st struct {
			StoppedApps []struct{ Name, State string } `json:"stoppedApps"`
		}
		out := haloy(t, "status", "--format", "json", "clistop")
		if err := json.Unmarshal([]byte(out), &st); err != nil || len(st.StoppedApps) != 1 || st.StoppedApps[0].State != "stopped" {
			return fmt.Errorf("status: %v\n%s", err, out)
		}
		return nil
	})
	if out := haloy(t, "status", "-q"); !strings.Contains(out, "clistop\n") {
		t.Errorf("status -q lacks the stopped app:\n%s", out)
	}
}

// TestCompletionThroughDocker asks docker __complete as a shell does.
func TestCompletionThroughDocker(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("clicomp", "haloy/testapp", "v1", 1)); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "clicomp") })
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"haloy", "stop", ""}, "clicomp"},
		{[]string{"haloy", "status", "--format", ""}, "json"},
		{[]string{"haloy", "depl"}, "deploy"},
		{[]string{"haloy", "deploy", ""}, ":8"}, // ShellCompDirectiveFilterFileExt
	} {
		cmd := exec.Command("docker", append([]string{"__complete"}, c.args...)...)
		cmd.Env = append(cmd.Environ(), "DOCKER_CONFIG="+env.dockerConfig)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), c.want) {
			t.Errorf("docker __complete %q: %v\n%s\nwant %q", c.args, err, out, c.want)
		}
	}
}

// TestLogsFollowAcrossRedeploy follows an app's logs while it is
// redeployed: the new replicas' start lines must appear, and the command
// keeps running after the old replicas stopped.
func TestLogsFollowAcrossRedeploy(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("clilogs", "haloy/testapp", "v1", 1)); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "clilogs") })
	logs := startHaloy(t, "logs", "-f", "-t", "clilogs")
	defer logs.wait(time.Second)
	logs.waitOutput(t, "version v1 listening", 20*time.Second)
	if out, err := deployFile(t, dir, appYAML("clilogs", "haloy/testapp", "v2", 1)); err != nil {
		t.Fatalf("redeploy: %v\n%s", err, out)
	}
	logs.waitOutput(t, "version v2 listening", 30*time.Second)
	logs.waitOutput(t, "stopped", 30*time.Second) // the old replica's last line
	select {
	case err := <-logs.done:
		t.Fatalf("logs -f ended after the redeploy: %v\n%s", err, logs.output())
	case <-time.After(2 * time.Second):
	}
	if err := syscall.Kill(-logs.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := logs.wait(10 * time.Second); exitCode(t, err) != 0 && exitCode(t, err) != 130 {
		t.Errorf("logs -f after Ctrl-C: %v", err)
	}
}

// TestCtrlCDuringDeployIsCancelled interrupts a deploy waiting for a
// never-ready deployment: the CLI reports "cancelled" with exit 130, and
// the serving version keeps serving.
func TestCtrlCDuringDeployIsCancelled(t *testing.T) {
	requireEngine(t)
	buildTestApp(t, "haloy/testapp-hc:never-ready", "--healthcheck", "APP_VERSION=never", "START_DELAY=10m")
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("clictrlc", "haloy/testapp-hc", "v1", 1)); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "clictrlc") })
	bg := startHaloy(t, "deploy", writeApp(t, dir, appYAML("clictrlc", "haloy/testapp-hc", "never-ready", 1, "healthTimeout: 5m\n")))
	bg.waitOutput(t, "waiting until they are healthy", time.Minute)
	if err := syscall.Kill(-bg.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := bg.wait(time.Minute)
	if code := exitCode(t, err); code != 130 || !strings.Contains(bg.output(), "cancelled") || strings.Contains(bg.output(), "not ready after") {
		t.Errorf("deploy after Ctrl-C: exit %d, output:\n%s\nwant exit 130 and cancelled", code, bg.output())
	}
	requireVersion(t, "clictrlc", "v1")
}
