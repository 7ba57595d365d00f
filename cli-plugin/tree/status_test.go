package tree

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/reconcile"
	"github.com/haloydev/haloy/wire"
	"github.com/haloydev/haloy/wire/certstatus"
)

// hostile is text a label could carry: it clears the screen and moves the
// cursor home, then sets the terminal's title.
const hostile = "\x1b[2J\x1b[H\x1b]0;owned\x07"

// TestStatusTableEscapesLabelText prints a status whose label-derived
// fields hold escape sequences: none may reach the terminal raw.
func TestStatusTableEscapesLabelText(t *testing.T) {
	st := reconcile.Status{
		Apps: []routing.AppStatus{{Name: "web", Deployments: []routing.DeploymentStatus{{
			ID: "20260101120000", State: routing.StateServing,
			Replicas: []routing.ReplicaStatus{{Container: "web-1" + hostile, Running: true, Ready: true}},
		}}}},
		Problems: []routing.Problem{{Container: "evil-1", App: "x" + hostile,
			Label: "dev.haloy." + hostile, Reason: "is not a Haloy label\nfake line", Hint: "remove it"}},
		LastError: "listing: " + hostile,
	}
	certs := certstatus.Report{CA: "ca" + hostile, Error: hostile, Domains: []certstatus.Domain{
		{Domain: "web.example.com", App: "web" + hostile, LastError: "order: " + hostile, Hint: hostile}}}
	var out bytes.Buffer
	printStatus(&out, st)
	printCertificates(&out, certs)
	got := out.String()
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("raw escape sequences in the output:\n%q", got)
	}
	for _, want := range []string{`web-1\x1b[2J\x1b[H\x1b]0;owned\x07`, `label dev.haloy.\x1b[2J`, `is not a Haloy label\nfake line`, `sidecar error: listing: \x1b[2J`, `order: \x1b[2J`, `CA: ca\x1b`} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestStatusTableShowsRetiringDeployments(t *testing.T) {
	st := reconcile.Status{Apps: []routing.AppStatus{{Name: "web", Serving: "20260102120000", Deployments: []routing.DeploymentStatus{
		{ID: "20260101120000", State: routing.StateStopped, Retiring: true, Replicas: []routing.ReplicaStatus{{Container: "web-old-1"}}},
		{ID: "20260102120000", State: routing.StateServing, Replicas: []routing.ReplicaStatus{{Container: "web-new-1", Running: true, Ready: true}}},
	}}}}
	var out bytes.Buffer
	printStatus(&out, st)
	for _, want := range []string{"20260101120000  retiring  web-old-1", "20260102120000  serving   web-new-1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
}

// TestStatusShowsFollowers prints the ingress followers: serving,
// behind, not serving yet and gone, each with its last poll; a status
// without followers prints no section.
func TestStatusShowsFollowers(t *testing.T) {
	var out bytes.Buffer
	printFollowers(&out, &wire.FollowStatus{Version: "e-3", Followers: []wire.FollowerStatus{
		{Name: "node2", Applied: "e-3", Current: true, Live: true},
		{Name: "node3", Applied: "e-2", Live: true, LastPollAge: wire.Duration(1200 * time.Millisecond)},
		{Name: "node4", Live: true, LastPollAge: wire.Duration(time.Second)},
		{Name: "node5" + hostile, Applied: "e-3", Current: true, LastPollAge: wire.Duration(2 * time.Minute)},
	}})
	got := out.String()
	// Compare the rows' fields: the escaped name widens the columns.
	var rows []string
	for _, line := range strings.Split(got, "\n") {
		rows = append(rows, strings.Join(strings.Fields(line), " "))
	}
	for _, want := range []string{"Ingress followers (leader version e-3):", "NODE APPLIED STATE LAST POLL",
		"node2 e-3 serving now (polling)", "node3 e-2 behind 1s ago", "node4 - starting 1s ago", `node5\x1b[2J\x1b[H\x1b]0;owned\x07 e-3 gone 2m0s ago`} {
		if !slices.Contains(rows, want) {
			t.Errorf("followers lack the row %q:\n%s", want, got)
		}
	}
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Errorf("raw escape sequences in the output:\n%q", got)
	}
	out.Reset()
	printFollowers(&out, &wire.FollowStatus{Version: "e-3"})
	printFollowers(&out, nil)
	if out.Len() != 0 {
		t.Errorf("no followers printed %q", out.String())
	}
}
