package integration

// This file's name makes its test run last: restarting the Docker Engine
// stops every container on the machine (the engine here runs without
// live-restore), and those with a restart policy come back.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestEngineRestartConverges restarts the Docker Engine under a deployed
// app and checks that Haloy converges without help: HAProxy and the
// sidecar come back (restart policy unless-stopped), the app's replicas
// are routed again, and the sidecar follows the new engine's events (a
// container started after the restart is routed). It runs only with
// HALOY_ENGINE_RESTART=1, since it restarts the engine for everyone.
func TestEngineRestartConverges(t *testing.T) {
	requireEngine(t)
	if os.Getenv("HALOY_ENGINE_RESTART") != "1" {
		t.Skip("set HALOY_ENGINE_RESTART=1 to let the tests restart the Docker Engine (it stops every container)")
	}
	file := tempFile(t, "haloy.yaml", strings.ReplaceAll(twoReplicaApp, "skeleton", "survivor"))
	haloy(t, "deploy", file)
	t.Cleanup(func() { runHaloy("stop", "survivor") })
	waitHosts(t, 30*time.Second, "survivor.example.test", 2)

	restartEngine(t)
	waitHosts(t, 90*time.Second, "survivor.example.test", 2)
	runLabelled(t, "after-restart", "afterrestart", "afterrestart.example.test")
	waitHosts(t, 30*time.Second, "afterrestart.example.test", 1)
	if st := sidecarStatus(t); st.LastError != "" {
		t.Errorf("the sidecar's last pass failed after the engine restart: %s", st.LastError)
	}
}

// restartEngine restarts dockerd: with systemctl where systemd runs it,
// else by stopping the process and starting the same command line again,
// detached, with its output going where it went before.
func restartEngine(t *testing.T) {
	t.Helper()
	start := time.Now()
	if _, err := os.Stat("/run/systemd/system"); err == nil {
		if out, err := exec.Command("systemctl", "restart", "docker").CombinedOutput(); err != nil {
			t.Fatalf("systemctl restart docker: %v: %s", err, out)
		}
	} else {
		restartDockerdProcess(t)
	}
	eventually(t, 60*time.Second, "the engine answering again", func() error {
		return exec.Command("docker", "info").Run()
	})
	t.Logf("engine restarted in %s", time.Since(start).Round(time.Millisecond))
}

func restartDockerdProcess(t *testing.T) {
	t.Helper()
	out, err := exec.Command("pgrep", "-x", "dockerd").Output()
	if err != nil {
		t.Fatalf("no dockerd process to restart: %v", err)
	}
	pid, _ := strconv.Atoi(strings.Fields(string(out))[0])
	raw, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		t.Fatalf("reading dockerd's command line: %v", err)
	}
	args := strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")
	logPath, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "fd", "2"))
	if err != nil || !strings.HasPrefix(logPath, "/") {
		logPath = "/tmp/dockerd.log"
	}
	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil {
		t.Fatalf("stopping dockerd: %v", err)
	}
	eventually(t, 60*time.Second, "dockerd to exit", func() error {
		if err := syscall.Kill(pid, 0); err == nil {
			return os.ErrExist
		}
		return nil
	})
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatalf("opening dockerd's log: %v", err)
	}
	defer logFile.Close()
	closeInheritedFiles() // dockerd outlives the test: it must not hold, say, a flock of the caller
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %v again: %v", args, err)
	}
	go cmd.Wait() // reap it when a later restart stops it, or it stays a zombie that "runs"
}

// closeInheritedFiles marks every descriptor above standard error as
// close-on-exec. Go does so for the files it opens, but not for those the
// test binary inherited.
func closeInheritedFiles() {
	entries, _ := os.ReadDir("/proc/self/fd")
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}

// TestEngineRestartWithLiveRestore restarts the engine with live-restore
// on, as production hosts often run it: containers keep running, so the
// sidecar keeps running too and must notice its event stream broke,
// reconnect and follow the new engine's events. A container started after
// the restart must be routed well within the 30 s periodic resync, which
// would otherwise hide a sidecar that never reconnected.
func TestEngineRestartWithLiveRestore(t *testing.T) {
	requireEngine(t)
	if os.Getenv("HALOY_ENGINE_RESTART") != "1" {
		t.Skip("set HALOY_ENGINE_RESTART=1 to let the tests restart the Docker Engine")
	}
	enableLiveRestore(t)
	logSidecarIfFailed(t)
	runLabelled(t, "lr-before", "livebefore", "livebefore.example.test")
	waitHosts(t, 30*time.Second, "livebefore.example.test", 1)
	started := docker(t, "inspect", "-f", "{{.State.StartedAt}}", "haloy-sidecar")

	restartEngine(t)
	if now := docker(t, "inspect", "-f", "{{.State.StartedAt}}", "haloy-sidecar"); now != started {
		t.Fatalf("the sidecar was restarted (%s, was %s); live-restore should have kept it running", now, started)
	}
	waitHosts(t, 10*time.Second, "livebefore.example.test", 1)
	runLabelled(t, "lr-after", "liveafter", "liveafter.example.test")
	waitHosts(t, 10*time.Second, "liveafter.example.test", 1)
	if logs := docker(t, "logs", "haloy-sidecar"); !strings.Contains(logs, "docker event stream lost; resyncing") {
		t.Errorf("the sidecar never noticed its event stream broke:\n%s", logs)
	}
}

// daemonConfig is the engine's configuration file.
const daemonConfig = "/etc/docker/daemon.json"

// enableLiveRestore turns the engine's live-restore on in its
// configuration file and has it reload (SIGHUP applies it); the original
// file comes back when the test ends.
func enableLiveRestore(t *testing.T) {
	t.Helper()
	original, err := os.ReadFile(daemonConfig)
	if err != nil && !os.IsNotExist(err) {
		t.Fatalf("reading %s: %v", daemonConfig, err)
	}
	conf := map[string]any{}
	if len(original) > 0 {
		if err := json.Unmarshal(original, &conf); err != nil {
			t.Fatalf("reading %s: %v", daemonConfig, err)
		}
	}
	conf["live-restore"] = true
	on, _ := json.Marshal(conf)
	writeDaemonConfig(t, on, "true")
	t.Cleanup(func() {
		// A reload keeps settings the file no longer names: turn it off
		// explicitly, then put the original file back.
		conf["live-restore"] = false
		off, _ := json.Marshal(conf)
		writeDaemonConfig(t, off, "false")
		if original == nil {
			os.Remove(daemonConfig)
		} else if err := os.WriteFile(daemonConfig, original, 0o644); err != nil {
			t.Errorf("restoring %s: %v", daemonConfig, err)
		}
	})
}

// writeDaemonConfig writes the engine's configuration and reloads it,
// waiting until live-restore reads want.
func writeDaemonConfig(t *testing.T, content []byte, want string) {
	t.Helper()
	if err := os.WriteFile(daemonConfig, content, 0o644); err != nil {
		t.Fatalf("writing %s: %v", daemonConfig, err)
	}
	reloadEngine(t, want)
}

// reloadEngine has dockerd reload its configuration and waits until its
// live-restore setting reads want.
func reloadEngine(t *testing.T, want string) {
	t.Helper()
	if _, err := os.Stat("/run/systemd/system"); err == nil {
		exec.Command("systemctl", "reload", "docker").Run()
	} else if out, err := exec.Command("pkill", "-HUP", "-x", "dockerd").CombinedOutput(); err != nil {
		t.Fatalf("reloading dockerd: %v: %s", err, out)
	}
	eventually(t, 10*time.Second, "live-restore "+want, func() error {
		out, err := exec.Command("docker", "info", "-f", "{{.LiveRestoreEnabled}}").Output()
		if err != nil || strings.TrimSpace(string(out)) != want {
			return fmt.Errorf("live-restore is %q (%v)", strings.TrimSpace(string(out)), err)
		}
		return nil
	})
}
