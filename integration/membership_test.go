package integration

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/routing"
)

// runHostile starts a container that copies app's name and domain with a
// deployment id later than any real one (4 minutes ahead: the latest the
// sidecar's clock-skew check lets through), as an attacker on a shared
// server would, and removes it when the test ends.
func runHostile(t *testing.T, name, app, domain string) {
	t.Helper()
	docker(t, "run", "-d", "--name", name, "--network", "haloy",
		"--label", "dev.haloy.role=app", "--label", "dev.haloy.appName="+app,
		"--label", "dev.haloy.deployment-id="+time.Now().UTC().Add(4*time.Minute).Format("20060102150405"), "--label", "dev.haloy.health-check-path=/healthz",
		"--label", "dev.haloy.domain.0="+domain, "-e", "APP_VERSION="+name, "haloy/testapp:v1")
	t.Cleanup(func() { docker(t, "rm", "-f", name) })
}

// waitProblem waits until the sidecar reports container as not routed and
// returns the problem.
func waitProblem(t *testing.T, container string) routing.Problem {
	t.Helper()
	var found routing.Problem
	eventually(t, 30*time.Second, "a problem reported for "+container, func() error {
		for _, p := range sidecarStatus(t).Problems {
			if p.Container == container {
				found = p
				return nil
			}
		}
		return errNotYet
	})
	return found
}

// TestHostileContainersGetNothing runs, under load on a deployed app, a
// container copying the app's name with a later deployment id and one
// claiming the sidecar's own API app: neither gets a request, the owner
// loses none, and both are reported with the label and the fix.
func TestHostileContainersGetNothing(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("owned", "haloy/testapp-hc", "v1", 2)); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "owned") })
	load := startLoad("owned.example.test")
	runHostile(t, "evil-owned", "owned", "owned.example.test")
	runHostile(t, "evil-api", "haloy-api", "api.example.test")
	for _, c := range []string{"evil-owned", "evil-api"} {
		p := waitProblem(t, c)
		t.Logf("reported: %s", p)
		if p.Label == "" || p.Hint == "" || !strings.Contains(p.Reason, p.App) {
			t.Errorf("problem of %s does not name the label, app and fix: %+v", c, p)
		}
	}
	time.Sleep(5 * time.Second) // long past the hostile containers' readiness
	requireVersion(t, "owned", "v1")
	if code, body, _, err := tryGet("http://api.example.test/"); err == nil && code == 200 {
		t.Errorf("the hostile haloy-api container answered: %d %q", code, body)
	}
	snap := load.Snapshot()
	stopLoad(t, load, "while hostile containers copied the app")
	for v, seen := range snap.Versions {
		if v != "v1" {
			t.Errorf("%d requests answered by version %q, want only v1", seen.Count, v)
		}
	}
}

// TestKilledDeployStaysUnrouted kills a deploy while its new replicas wait
// for health: once they turn healthy they stay unrouted (never promoted)
// and the old deployment keeps serving; the next deploy removes them and
// takes over without losing a request.
func TestKilledDeployStaysUnrouted(t *testing.T) {
	requireEngine(t)
	buildTestApp(t, "haloy/testapp-hc:start-6s", "--healthcheck", "APP_VERSION=start-6s", "START_DELAY=6s")
	dir := t.TempDir()
	out, err := deployFile(t, dir, appYAML("kild", "haloy/testapp-hc", "v1", 2))
	if err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	first := deployedID(t, out)
	t.Cleanup(func() { runHaloy("stop", "kild") })
	load := startLoad("kild.example.test")

	bg := startHaloy(t, "deploy", writeApp(t, dir, appYAML("kild", "haloy/testapp-hc", "start-6s", 2, "healthTimeout: 5m\n")))
	bg.waitOutput(t, "waiting until they are healthy", time.Minute)
	bg.kill(t)
	eventually(t, time.Minute, "the killed deploy's replicas healthy", func() error { return heldReady(t, "kild", first) })
	time.Sleep(3 * time.Second) // several passes with the new replicas ready
	if err := heldReady(t, "kild", first); err != nil {
		t.Fatalf("after the killed deploy's replicas turned healthy: %v", err)
	}
	requireVersion(t, "kild", "v1")

	out, err = deployFile(t, dir, appYAML("kild", "haloy/testapp-hc", "v2", 2))
	if err != nil {
		t.Fatalf("deploy after the killed one: %v\n%s", err, out)
	}
	t.Logf("next deploy:\n%s", out)
	requireVersion(t, "kild", "v2")
	// The next deploy's session held its promotion: the sidecar promoted it.
	next := deployedID(t, out)
	if logs := docker(t, "logs", contract.SidecarContainer); !strings.Contains(logs, `"deployment promoted as its replicas became ready","app":"kild","deployment":"`+next+`"`) {
		t.Errorf("the sidecar did not log promoting deployment %s itself; the deploy's session was not used", next)
	}
	stopLoad(t, load, "while a deploy was killed and the next one took over")
	// The old replicas were handed over: the sidecar removes them.
	waitOnlyDeployment(t, "kild", deployedID(t, out), 2, 30*time.Second)
}

// heldReady checks that deployment serving serves app while a newer one
// is held (never promoted) with all its replicas ready.
func heldReady(t *testing.T, app, serving string) error {
	t.Helper()
	for _, a := range sidecarStatus(t).Apps {
		if a.Name != app {
			continue
		}
		if a.Serving != serving {
			return fmt.Errorf("serving %s, want %s: %+v", a.Serving, serving, a.Deployments)
		}
		for _, d := range a.Deployments {
			if d.ID > serving && d.Held && d.State == routing.StateStarting && len(d.Replicas) == 2 && d.Replicas[0].Ready && d.Replicas[1].Ready {
				return nil
			}
		}
		return fmt.Errorf("no held deployment with ready replicas: %+v", a.Deployments)
	}
	return fmt.Errorf("app %s not in the status", app)
}

// TestPlainComposeAppIsBoundToItsProject routes a plain Compose app (its
// Compose labels set as Compose does), restarts the sidecar, then starts a
// container of another project copying the app's name and domain: the
// binding survived the restart, so the copy gets nothing and is reported.
func TestPlainComposeAppIsBoundToItsProject(t *testing.T) {
	requireEngine(t)
	compose := func(project string) []string {
		return []string{"--label", "com.docker.compose.project=" + project, "--label", "com.docker.compose.service=web"}
	}
	runLabelled(t, "shop-web-1", "boundshop", "boundshop.example.test", compose("shop")...)
	waitHosts(t, 30*time.Second, "boundshop.example.test", 1)
	docker(t, "restart", "haloy-sidecar")
	waitSidecar(t)
	load := startLoad("boundshop.example.test")
	runLabelled(t, "evil-web-1", "boundshop", "boundshop.example.test", append(compose("evil"), "-e", "APP_VERSION=evil")...)
	p := waitProblem(t, "evil-web-1")
	t.Logf("reported: %s", p)
	if p.Label != "dev.haloy.appName" || !strings.Contains(p.Reason, "project shop") {
		t.Errorf("problem does not name the label and the bound project: %+v", p)
	}
	time.Sleep(3 * time.Second)
	snap := load.Snapshot()
	stopLoad(t, load, "while another Compose project copied the app")
	for v, seen := range snap.Versions {
		if v != "boundshop" {
			t.Errorf("%d requests answered by version %q, want only shop", seen.Count, v)
		}
	}
}
