package integration

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestHostileLabelsAreRefused starts, next to a deployed app, a container
// with 5,000 junk dev.haloy.* labels, one whose deployment id lies in the
// year 9999, and one whose label key holds an ANSI escape sequence: each is
// reported, the neighbour keeps routing, and status prints no raw escape.
func TestHostileLabelsAreRefused(t *testing.T) {
	requireEngine(t)
	base := []string{"run", "-d", "--network", "haloy", "--label", "dev.haloy.role=app"}
	junk := append([]string{}, base...)
	junk = append(junk, "--name", "caps-junk", "--label", "dev.haloy.appName=junk", "--label", "dev.haloy.domain.0=junk.example.test")
	for i := range 5000 {
		junk = append(junk, "--label", "dev.haloy.junk-"+strconv.Itoa(i)+"=1")
	}
	docker(t, append(junk, "haloy/testapp:v1")...)
	t.Cleanup(func() { docker(t, "rm", "-f", "caps-junk") })
	docker(t, append(base, "--name", "caps-future", "--label", "dev.haloy.appName=future",
		"--label", "dev.haloy.deployment-id=99991231235959", "--label", "dev.haloy.domain.0=future.example.test", "haloy/testapp:v1")...)
	t.Cleanup(func() { docker(t, "rm", "-f", "caps-future") })
	docker(t, append(base, "--name", "caps-ansi", "--label", "dev.haloy.appName=ansi",
		"--label", "dev.haloy.domain.0=ansi.example.test", "--label", "dev.haloy.\x1b[2J\x1b]0;owned\x07=1", "haloy/testapp:v1")...)
	t.Cleanup(func() { docker(t, "rm", "-f", "caps-ansi") })
	good := strings.ReplaceAll(twoReplicaApp, "skeleton", "capsneighbour")
	haloy(t, "deploy", tempFile(t, "haloy.yaml", good))
	t.Cleanup(func() { runHaloy("stop", "capsneighbour") })

	want := map[string]string{
		"caps-junk":   "dev.haloy.*: are 5003 labels, more than the 256 allowed",
		"caps-future": "dev.haloy.deployment-id: lies in the future",
		"caps-ansi":   "is not a Haloy label",
	}
	eventually(t, 15*time.Second, "hostile labels reported", func() error {
		got := map[string]string{}
		for _, p := range sidecarStatus(t).Problems {
			got[p.Container] += p.Label + ": " + p.Reason + "\n"
		}
		for c, w := range want {
			if !strings.Contains(got[c], w) {
				return fmt.Errorf("problems of %s: %q, want %q", c, got[c], w)
			}
		}
		return nil
	})
	out := haloy(t, "status")
	if strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, `dev.haloy.\x1b[2J\x1b]0;owned\x07`) {
		t.Errorf("status prints the ANSI label raw or not at all:\n%q", out)
	}
	if code, body, _ := get(t, "http://capsneighbour.example.test/"); code != 200 {
		t.Errorf("neighbour answered %d %q, want 200", code, body)
	}
	for _, host := range []string{"junk", "future", "ansi"} {
		if code, _, _ := get(t, "http://"+host+".example.test/"); code != 404 {
			t.Errorf("%s answered %d, want 404 (refused, not routed)", host, code)
		}
	}
}
