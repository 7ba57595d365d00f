package integration

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// nodeEnv names the Docker Engine node image to run the tests in, e.g.
// HALOY_DOCKER_NODE=haloy/docker:26.1: the harness starts that image as a
// container ("node", scripts/docker-node.sh), copies the test images into
// it, and points DOCKER_HOST at it, so the sidecar, HAProxy and the apps run
// on the node's engine while the test process stays on this machine and
// reaches HAProxy through ports the node publishes on 127.0.0.1. Unset, the
// tests use the engine behind DOCKER_HOST as it is.
const nodeEnv = "HALOY_DOCKER_NODE"

// nodeName is the node container the harness runs.
const nodeName = "haloy-test-node"

// node is the running node, when nodeEnv is set.
var node struct {
	image     string
	outerHost string // DOCKER_HOST of the engine the node runs on ("" = the default)
	extra     []int  // published ports left for tests, see nodePublish
}

// inNode reports whether the tests run on a node.
func inNode() bool { return node.image != "" }

// nodeImages are copied into the node: what the harness and tests run.
var nodeImages = []string{sidecarImage, haproxyImage, pebbleImage,
	"haloy/testapp:v1", "haloy/testapp:v2", "haloy/testapp:v3", "haloy/testapp:v4", "haloy/testapp:v5", "haloy/testapp:latest",
	"haloy/testapp-hc:v1", "haloy/testapp-hc:v2", "haloy/testapp-hc:v3", "haloy/testapp-hc:v4", "haloy/testapp-hc:v5",
	"haloy/testapp-hc:latest", "haloy/testapp-hc:unhealthy"}

// startNode builds the node image and Pebble's on this engine, starts the
// node publishing ports (each on the same number, on 127.0.0.1), copies the
// test images in and points DOCKER_HOST at the node's engine.
func startNode(image string, ports []int) error {
	node.image = image
	node.outerHost = os.Getenv("DOCKER_HOST")
	for _, target := range []string{"docker", "pebble"} {
		if out, err := exec.Command("bash", filepath.Join(env.root, "scripts/build-images.sh"), target).CombinedOutput(); err != nil {
			return fmt.Errorf("building the %s image: %v\n%s", target, err, out)
		}
	}
	args := []string{"up", nodeName}
	for _, p := range ports {
		args = append(args, "-p", fmt.Sprintf("127.0.0.1:%d:%d", p, p))
	}
	host, err := nodeScript(args...)
	if err != nil {
		return err
	}
	if _, err := nodeScript(append([]string{"load", nodeName}, nodeImages...)...); err != nil {
		stopNode()
		return err
	}
	os.Setenv("DOCKER_HOST", strings.TrimSpace(host))
	return nil
}

// stopNode removes the node and everything in it.
func stopNode() {
	if inNode() {
		nodeScript("rm", nodeName)
	}
}

// nodeScript runs scripts/docker-node.sh on the engine the node runs on.
func nodeScript(args ...string) (string, error) {
	cmd := exec.Command("bash", append([]string{filepath.Join(env.root, "scripts/docker-node.sh")}, args...)...)
	cmd.Env = withDockerHost(os.Environ(), node.outerHost)
	cmd.Env = append(cmd.Env, "NODE_IMAGE="+node.image)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		return "", fmt.Errorf("docker-node.sh %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out), nil
}

// withDockerHost returns environ with DOCKER_HOST set to host, or unset
// when host is "".
func withDockerHost(environ []string, host string) []string {
	var out []string
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "DOCKER_HOST=") {
			out = append(out, kv)
		}
	}
	if host != "" {
		out = append(out, "DOCKER_HOST="+host)
	}
	return out
}

// publishAddr is where HAProxy publishes its ports: loopback on this
// machine, every address of a node (which publishes them on to loopback).
func publishAddr() string {
	if inNode() {
		return "0.0.0.0"
	}
	return "127.0.0.1"
}

// nodePublish returns `docker run` flags publishing containerPort on the
// i-th spare port of the node (same number on the node and on 127.0.0.1);
// none outside a node.
func nodePublish(i, containerPort int) []string {
	if !inNode() {
		return nil
	}
	return []string{"-p", fmt.Sprintf("0.0.0.0:%d:%d", node.extra[i], containerPort)}
}

// reachAddr is where this machine reaches containerPort of the container
// name: its address on the haloy network, or in a node the i-th spare port
// on 127.0.0.1 (see nodePublish).
func reachAddr(t *testing.T, i int, name string, containerPort int) string {
	t.Helper()
	if inNode() {
		return fmt.Sprintf("127.0.0.1:%d", node.extra[i])
	}
	return net.JoinHostPort(containerIP(t, name), fmt.Sprint(containerPort))
}

// nodeSpares is how many ports a node publishes for tests besides
// HAProxy's and the metrics pair: Pebble's management API and
// pebble-challtestsrv's.
const nodeSpares = 2

// TestEngineUnderTest logs the engine and HAProxy the tests run on and, on a
// node, proves the engine is the node's (its name is the node's host name),
// not the one the node runs on.
func TestEngineUnderTest(t *testing.T) {
	requireEngine(t)
	info := strings.Fields(docker(t, "info", "--format", "{{.Name}} {{.ServerVersion}}"))
	api := strings.TrimSpace(docker(t, "version", "--format", "{{.Server.APIVersion}}"))
	hap := strings.SplitN(docker(t, "run", "--rm", haproxyImage, "haproxy", "-v"), "\n", 2)[0]
	t.Logf("engine %s %s (API %s) at DOCKER_HOST=%q; %s: %s", info[0], info[1], api, os.Getenv("DOCKER_HOST"), haproxyImage, hap)
	if inNode() && info[0] != nodeName {
		t.Errorf("engine name %q, want the node %q", info[0], nodeName)
	}
}
