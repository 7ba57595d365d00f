package integration

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const twoReplicaApp = `name: skeleton
source:
  image:
    repository: haloy/testapp
    tag: v1
domains:
  - domain: skeleton.example.test
    aliases: [www.skeleton.example.test]
replicas: 2
healthCheckPath: /healthz
`

// TestDeployRoutesReplicasAndAliases deploys a 2-replica app and checks
// that requests reach both replicas through HAProxy and the alias redirects.
func TestDeployRoutesReplicasAndAliases(t *testing.T) {
	requireEngine(t)
	file := tempFile(t, "haloy.yaml", twoReplicaApp)
	haloy(t, "deploy", file)
	t.Cleanup(func() { runHaloy("stop", "skeleton") })

	hosts := map[string]bool{}
	for range 20 {
		code, body, _ := get(t, "http://skeleton.example.test/")
		if code != 200 || !strings.Contains(body, "version=v1") {
			t.Fatalf("GET through HAProxy = %d %q, want 200 with version=v1", code, body)
		}
		hosts[field(body, "host")] = true
	}
	if len(hosts) != 2 {
		t.Errorf("requests reached %d replicas (%v), want both", len(hosts), hosts)
	}

	code, _, h := get(t, "http://www.skeleton.example.test/some/path?q=1")
	if code != 301 || h.Get("Location") != "http://skeleton.example.test/some/path?q=1" {
		t.Errorf("alias answered %d Location=%q, want 301 to http://skeleton.example.test/some/path?q=1", code, h.Get("Location"))
	}
	if code, _, _ := get(t, "http://unknown.example.test/"); code != 404 {
		t.Errorf("unknown host answered %d, want 404", code)
	}
}

// TestRedeployReplacesDeployment deploys twice and checks the second
// deployment serves and the first one's containers are gone (the sidecar
// removes them once drained, after the deploy returned).
func TestRedeployReplacesDeployment(t *testing.T) {
	requireEngine(t)
	app := strings.ReplaceAll(strings.ReplaceAll(twoReplicaApp, "skeleton", "redeploy"), "tag: v1", "tag: v2")
	file := tempFile(t, "haloy.yaml", app)
	haloy(t, "deploy", file)
	t.Cleanup(func() { runHaloy("stop", "redeploy") })
	first := docker(t, "ps", "-q", "--filter", "label=dev.haloy.appName=redeploy")

	haloy(t, "deploy", file)
	waitRetired(t, "redeploy", 2)
	second := docker(t, "ps", "-q", "--filter", "label=dev.haloy.appName=redeploy")
	for _, id := range strings.Fields(first) {
		if strings.Contains(second, id) {
			t.Errorf("container %s of the first deployment still runs", id)
		}
	}
	if n := len(strings.Fields(second)); n != 2 {
		t.Errorf("%d containers run after the redeploy, want 2", n)
	}
	code, body, _ := get(t, "http://redeploy.example.test/")
	if code != 200 || !strings.Contains(body, "version=v2") {
		t.Errorf("after redeploy GET = %d %q, want 200 version=v2", code, body)
	}
}

// TestPlainComposeIsRouted starts a stack with Debian's docker-compose
// (no Haloy involved) and checks the sidecar routes it.
func TestPlainComposeIsRouted(t *testing.T) {
	requireEngine(t)
	file := filepath.Join(env.root, "compose-examples/single/compose.yaml")
	composeUp(t, "plainsingle", file)
	eventually(t, 30*time.Second, "plain compose container routed", func() error {
		code, body, _, err := tryGet("http://single.example.test/")
		if err != nil || code != 200 || !strings.Contains(body, "version=single-v1") {
			return fmt.Errorf("GET = %d %q %v", code, body, err)
		}
		return nil
	})
}

// TestBrokenLabelIsReportedOthersRoute starts a container with a mistyped
// port label next to a good app: the broken one shows in status with the
// label and a hint, the good one keeps routing.
func TestBrokenLabelIsReportedOthersRoute(t *testing.T) {
	requireEngine(t)
	docker(t, "run", "-d", "--name", "broken-label", "--network", "haloy",
		"--label", "dev.haloy.role=app", "--label", "dev.haloy.appName=broken",
		"--label", "dev.haloy.port=80a", "--label", "dev.haloy.domain.0=broken.example.test",
		"--label", "dev.haloy.helthCheckPath=/", "haloy/testapp:v1")
	t.Cleanup(func() { docker(t, "rm", "-f", "broken-label") })
	good := strings.ReplaceAll(twoReplicaApp, "skeleton", "goodneighbour")
	haloy(t, "deploy", tempFile(t, "haloy.yaml", good))
	t.Cleanup(func() { runHaloy("stop", "goodneighbour") })

	eventually(t, 10*time.Second, "broken labels reported", func() error {
		st := sidecarStatus(t)
		var labels []string
		for _, p := range st.Problems {
			if p.Container == "broken-label" {
				labels = append(labels, p.Label+": "+p.Reason+" ("+p.Hint+")")
			}
		}
		joined := strings.Join(labels, "\n")
		if !strings.Contains(joined, "dev.haloy.port") || !strings.Contains(joined, "did you mean dev.haloy.health-check-path?") {
			return fmt.Errorf("problems for broken-label: %q", joined)
		}
		return nil
	})
	out := haloy(t, "status")
	if !strings.Contains(out, "broken-label") || !strings.Contains(out, "dev.haloy.port") {
		t.Errorf("status table does not show the broken label:\n%s", out)
	}
	if code, body, _ := get(t, "http://goodneighbour.example.test/"); code != 200 {
		t.Errorf("good app answered %d %q next to a broken one, want 200", code, body)
	}
	if code, _, _ := get(t, "http://broken.example.test/"); code != 404 {
		t.Errorf("broken app's domain answered %d, want 404 (not routed)", code)
	}
}

// field returns the value of key=value in the test app's answer.
func field(body, key string) string {
	for _, f := range strings.Fields(body) {
		if v, ok := strings.CutPrefix(f, key+"="); ok {
			return v
		}
	}
	return ""
}
