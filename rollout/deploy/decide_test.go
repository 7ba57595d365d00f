package deploy

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/config"
)

// The deploy's decisions (ready, failed, drained, which replica failed)
// over a fake engine and sidecar: what it starts, promotes, keeps and
// removes, and what it reports.
func TestDeployDecisions(t *testing.T) {
	const old = "web-20261201000000-1"
	const id = "20261202120000"
	name := func(n string) string { return "web-" + id + "-" + n }
	tests := []struct {
		name        string
		fates       map[int]fate
		wantErr     error
		wantMsg     []string // in the error
		wantRemoved []string
		wantPromote bool
	}{
		{name: "every replica ready: promoted, the old one drained and removed",
			wantRemoved: []string{old}, wantPromote: true},
		{name: "replica 2 exits: it is named with its logs, the new ones go, the old one stays",
			fates: map[int]fate{2: fateExits}, wantErr: ErrUnhealthy,
			wantMsg:     []string{"container " + name("2") + " exited", "last 20 log lines of " + name("2"), "panic: " + name("2") + " cannot open its database"},
			wantRemoved: []string{name("1"), name("2")}},
		{name: "replica 1 never ready: the timeout names it",
			fates: map[int]fate{1: fateNever}, wantErr: ErrUnhealthy,
			wantMsg:     []string{"not ready after 1s", "last 20 log lines of " + name("1")},
			wantRemoved: []string{name("1"), name("2")}},
		{name: "the sidecar cannot route replica 2",
			fates: map[int]fate{2: fateUnroutable}, wantErr: ErrUnroutable,
			wantMsg:     []string{"container " + name("2") + ": label dev.haloy.port: not a port"},
			wantRemoved: []string{name("1"), name("2")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEngine(tt.fates, old)
			var progress bytes.Buffer
			hist := &memHistory{}
			d := &Deployer{Engine: e, Sidecar: e, Registry: e, History: hist, Progress: &progress,
				Now: func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }}
			app := config.App{Name: "web", Replicas: 2, Source: config.Source{Image: config.Image{Repository: "r/web", Tag: "1"}},
				Domains: []config.Domain{{Domain: "web.example.com"}}, Port: "80", HealthCheckPath: "/"}
			got, err := d.Deploy(context.Background(), Request{App: app, ReadyTimeout: time.Second, DrainTimeout: time.Second})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Deploy = %q, %v; want error %v\nprogress:\n%s", got, err, tt.wantErr, progress.String())
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not say %q", err, m)
				}
			}
			created := e.named("create")
			slices.Sort(created)
			if !slices.Equal(created, []string{name("1"), name("2")}) {
				t.Errorf("created %v, want both replicas of %s", created, id)
			}
			removed := e.named("remove")
			slices.Sort(removed)
			if !slices.Equal(removed, tt.wantRemoved) {
				t.Errorf("removed %v, want %v", removed, tt.wantRemoved)
			}
			promoted := e.named("promote")
			if tt.wantPromote != (len(promoted) == 1 && promoted[0] == id) {
				t.Errorf("promoted %v, want promotion of %s: %t", promoted, id, tt.wantPromote)
			}
			if saved := len(hist.saved) == 1; saved != (tt.wantErr == nil) {
				t.Errorf("history %v; want the deployment recorded only when it serves", hist.saved)
			}
		})
	}
}
