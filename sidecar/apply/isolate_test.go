package apply

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// haproxyValidator checks candidates with the installed haproxy binary,
// like the sidecar does in the HAProxy container, and counts the checks.
type haproxyValidator struct {
	bin    string
	checks int
}

func (v *haproxyValidator) Validate(ctx context.Context, path string) error {
	v.checks++
	out, err := exec.CommandContext(ctx, v.bin, "-c", "-f", path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("haproxy -c: %w: %s", err, out)
	}
	return nil
}

func haproxyBinary(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"haproxy", "/usr/sbin/haproxy"} {
		if bin, err := exec.LookPath(p); err == nil {
			return bin
		}
	}
	t.Skip("haproxy is not installed")
	return ""
}

// appsModel returns apps named a0..a<n-1>; the ones in bad get a health
// path that breaks the rendered line, which HAProxy refuses.
func appsModel(n int, bad ...int) haproxy.Model {
	var m haproxy.Model
	for i := range n {
		name := fmt.Sprintf("a%d", i)
		m.Apps = append(m.Apps, haproxy.App{
			Name:            name,
			Domains:         []labels.Domain{{Canonical: name + ".example.com"}},
			HealthCheckPath: "/",
			Servers:         []haproxy.Server{{Name: name + "-1", Address: fmt.Sprintf("10.0.0.%d", i+1), Port: "80"}},
		})
	}
	for _, i := range bad {
		m.Apps[i].HealthCheckPath = "/up\n    no-such-keyword here"
	}
	return m
}

func TestRejectedAppsAreLeftOutAndTheRestApplied(t *testing.T) {
	cases := map[string]struct {
		apps int
		bad  []int
	}{
		"one bad app of five":    {5, []int{1}},
		"two bad apps of twelve": {12, []int{0, 9}},
		"the last of two":        {2, []int{1}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			g := newRig(t)
			v := &haproxyValidator{bin: haproxyBinary(t)}
			g.a.Validator, g.a.HAProxyDir = v, g.dir
			g.a.Settings = haproxy.Settings{StatsSocket: g.dir + "/admin.sock", ChallengeServer: "127.0.0.1:8080"}
			m := appsModel(c.apps, c.bad...)
			out, err := g.apply(t, m)
			if err != nil || out != Reloaded {
				t.Fatalf("Apply = %q, %v; want the other apps reloaded", out, err)
			}
			file := g.file(t)
			var wantRejected []string
			for i, a := range m.Apps {
				isBad := contains(c.bad, i)
				if got := strings.Contains(file, "backend "+haproxy.BackendName(a.Name)+"\n"); got == isBad {
					t.Errorf("app %s in the installed file: %v, want %v", a.Name, got, !isBad)
				}
				if isBad {
					wantRejected = append(wantRejected, a.Name)
				}
			}
			var got []string
			for _, r := range g.a.Rejected() {
				got = append(got, r.App)
				if !strings.Contains(r.Reason, "no-such-keyword") {
					t.Errorf("reason for %s does not quote HAProxy: %q", r.App, r.Reason)
				}
			}
			if strings.Join(got, ",") != strings.Join(wantRejected, ",") {
				t.Errorf("Rejected = %v, want %v", got, wantRejected)
			}
			g.noCandidate(t)
			checks := v.checks
			if out, err := g.apply(t, m); err != nil || out != Unchanged {
				t.Errorf("second Apply = %q, %v; want unchanged", out, err)
			}
			if v.checks != checks {
				t.Errorf("the same rejected model was bisected again (%d more checks)", v.checks-checks)
			}
			if len(g.a.Rejected()) != len(c.bad) {
				t.Errorf("the second Apply forgot the rejected apps: %v", g.a.Rejected())
			}
		})
	}
}

func TestFixedAppIsAppliedAgain(t *testing.T) {
	g := newRig(t)
	g.a.Validator, g.a.HAProxyDir = &haproxyValidator{bin: haproxyBinary(t)}, g.dir
	g.a.Settings = haproxy.Settings{StatsSocket: g.dir + "/admin.sock", ChallengeServer: "127.0.0.1:8080"}
	if _, err := g.apply(t, appsModel(3, 2)); err != nil {
		t.Fatal(err)
	}
	if out, err := g.apply(t, appsModel(3)); err != nil || out != Reloaded {
		t.Fatalf("Apply of the fixed model = %q, %v", out, err)
	}
	if len(g.a.Rejected()) != 0 || !strings.Contains(g.file(t), "backend app_a2\n") {
		t.Errorf("the fixed app is still left out: %v", g.a.Rejected())
	}
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestRejectedAppIsSuspectedFirst changes a model beside a rejected app
// and checks that the next Apply suspects the known culprit first instead
// of bisecting all apps again.
func TestRejectedAppIsSuspectedFirst(t *testing.T) {
	g := newRig(t)
	v := &haproxyValidator{bin: haproxyBinary(t)}
	g.a.Validator, g.a.HAProxyDir = v, g.dir
	g.a.Settings = haproxy.Settings{StatsSocket: g.dir + "/admin.sock", ChallengeServer: "127.0.0.1:8080"}
	if _, err := g.apply(t, appsModel(16, 3)); err != nil {
		t.Fatal(err)
	}
	first := v.checks
	before := v.checks
	if out, err := g.apply(t, appsModel(17, 3)); err != nil || out != Reloaded {
		t.Fatalf("Apply with one more app = %q, %v", out, err)
	}
	t.Logf("checks: first isolation %d, after the change %d", first, v.checks-before)
	if got := v.checks - before; got > 3 {
		t.Errorf("the changed model took %d checks (the first isolation %d), want at most 3", got, first)
	}
	if r := g.a.Rejected(); len(r) != 1 || r[0].App != "a3" {
		t.Errorf("Rejected = %v, want a3", r)
	}
	if !strings.Contains(g.file(t), "backend app_a16\n") {
		t.Error("the new app was not applied")
	}
}
