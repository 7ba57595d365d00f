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
		parallelism int // update.parallelism
		old         []string
		fates       map[int]fate
		wantErr     error
		wantMsg     []string // in the error
		wantRemoved []string
		wantHanded  []string // handed over to the sidecar to stop and remove
		wantPromote bool
	}{
		{name: "every replica ready: promoted, the old one drained and handed over to the sidecar",
			wantHanded: []string{old}, wantPromote: true},
		{name: "rolling, one at a time: every old container removed once both batches serve",
			parallelism: 1, old: []string{old, "web-20261201000000-2"},
			wantRemoved: []string{old, "web-20261201000000-2"}, wantPromote: true},
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
			olds := tt.old
			if olds == nil {
				olds = []string{old}
			}
			e := newFakeEngine(tt.fates, olds...)
			var progress bytes.Buffer
			hist := &memHistory{}
			d := &Deployer{Engine: e, Sidecar: e, Registry: e, History: hist, Progress: &progress,
				Now: func() time.Time { return time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC) }}
			app := config.App{Name: "web", Replicas: 2, Source: config.Source{Image: config.Image{Repository: "r/web", Tag: "1"}},
				Domains: []config.Domain{{Domain: "web.example.com"}}, Port: "80", HealthCheckPath: "/",
				Update: config.Update{Parallelism: tt.parallelism}}
			req := Request{App: app, ReadyTimeout: time.Second, DrainTimeout: time.Second}
			plan, err := d.Plan(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.Deploy(context.Background(), req)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Deploy = %q, %v; want error %v\nprogress:\n%s", got, err, tt.wantErr, progress.String())
			}
			for _, m := range tt.wantMsg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("error %q does not say %q", err, m)
				}
			}
			created := e.named("create")
			if tt.parallelism > 0 {
				checkBatches(t, plan, e.named("start"))
			}
			slices.Sort(created)
			if !slices.Equal(created, []string{name("1"), name("2")}) {
				t.Errorf("created %v, want both replicas of %s", created, id)
			}
			removed := e.named("remove")
			slices.Sort(removed)
			if !slices.Equal(removed, tt.wantRemoved) {
				t.Errorf("removed %v, want %v", removed, tt.wantRemoved)
			}
			handed := e.named("hand-over")
			slices.Sort(handed)
			if !slices.Equal(handed, tt.wantHanded) {
				t.Errorf("handed over %v, want %v", handed, tt.wantHanded)
			}
			promoted := e.named("promote")
			if tt.wantPromote != (len(promoted) == 1 && promoted[0] == id) {
				t.Errorf("promoted %v, want promotion of %s: %t", promoted, id, tt.wantPromote)
			}
			batches := 1
			if tt.parallelism > 0 {
				batches = (2 + tt.parallelism - 1) / tt.parallelism
			}
			if plan.DeploymentID != id || len(plan.Batches) != batches {
				t.Errorf("plan: deployment %s in %d batch(es); the deploy took %s", plan.DeploymentID, len(plan.Batches), id)
			}
			if saved := len(hist.saved) == 1; saved != (tt.wantErr == nil) {
				t.Errorf("history %v; want the deployment recorded only when it serves", hist.saved)
			}
		})
	}
}

// checkBatches checks that the replicas started in the plan's batch order.
func checkBatches(t *testing.T, p Plan, started []string) {
	t.Helper()
	var want []string
	for _, b := range p.Batches {
		for _, r := range b {
			want = append(want, r.Name)
		}
	}
	if !slices.Equal(started, want) {
		t.Errorf("started %v, the plan said %v", started, want)
	}
}
