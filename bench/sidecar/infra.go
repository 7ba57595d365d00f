package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
)

// haloyInfra is the Haloy installation the engine benchmarks use: an
// existing one, or one installed on a free 127.0.0.1 port and removed after.
type haloyInfra struct {
	httpPort  int
	installed bool
}

// ensureHaloy finds HAProxy's published port of a running Haloy, or runs
// `docker haloy init` with the plugin in dockerConfig to install one.
func ensureHaloy(dockerConfig string) (*haloyInfra, error) {
	if out, err := exec.Command("docker", "port", "haloy-haproxy", "80/tcp").Output(); err == nil {
		var port int
		f := strings.Fields(string(out))
		if len(f) > 0 {
			fmt.Sscan(f[0][strings.LastIndex(f[0], ":")+1:], &port)
		}
		if port > 0 {
			return &haloyInfra{httpPort: port}, nil
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command("docker", "haloy", "init", "--publish-addr", "127.0.0.1", "--http-port", fmt.Sprint(port),
		"--sidecar-image", "haloydev/haloy-sidecar:dev", "--haproxy-image", "haproxy:3.2", "--reset", "--yes")
	if dockerConfig != "" {
		cmd.Env = append(os.Environ(), "DOCKER_CONFIG="+dockerConfig)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("docker haloy init (build the plugin, or pass -docker-config): %v: %s", err, out)
	}
	return &haloyInfra{httpPort: port, installed: true}, nil
}

// remove takes down what ensureHaloy installed.
func (h *haloyInfra) remove() {
	if !h.installed {
		return
	}
	exec.Command("docker", "rm", "-f", "haloy-sidecar", "haloy-haproxy").Run()
	exec.Command("docker", "network", "rm", "haloy").Run()
	exec.Command("docker", "volume", "rm", "haloy-haproxy", "haloy-sidecar-data").Run()
}

// sidecarMemory is the sidecar container's memory use as docker stats reports it.
func sidecarMemory() string {
	out, err := exec.Command("docker", "stats", "--no-stream", "--format", "{{.MemUsage}}", "haloy-sidecar").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
