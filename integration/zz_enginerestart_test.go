package integration

// This file's name makes its test run last: restarting the Docker Engine
// stops every container on the machine (the engine here runs without
// live-restore), and those with a restart policy come back.

import (
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
	cmd.Process.Release()
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
