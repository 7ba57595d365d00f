package routing

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

func TestBuildReportsLabelErrorsPerLabel(t *testing.T) {
	res := Build([]Container{
		ctr("web-1", "web", dep1, "10.0.0.1"),
		ctr("bad-1", "bad", dep1, "10.0.0.9",
			withLabel(labels.Port, "http"),
			withLabel("dev.haloy.prot", "8080")),
		ctr("nameless-1", "x", dep1, "10.0.0.8", withLabel(labels.AppName, "")),
	})

	want := []struct{ container, app, label, hint string }{
		{"bad-1", "bad", labels.Port, "fix the value"},
		{"bad-1", "bad", "dev.haloy.prot", "did you mean " + labels.Port + "?"},
		{"nameless-1", "", labels.AppName, "set it to the app's name"},
	}
	if len(res.Problems) != len(want) {
		t.Fatalf("got %d problems, want %d:%s", len(res.Problems), len(want), problemLines(res.Problems))
	}
	for i, w := range want {
		p := res.Problems[i]
		if p.Container != w.container || p.App != w.app || p.Label != w.label {
			t.Errorf("problem %d: got %s (app %q), want container %s app %q label %s", i, p, p.App, w.container, w.app, w.label)
		}
		if p.Reason == "" || !strings.Contains(p.Hint, w.hint) {
			t.Errorf("problem %d: reason %q, hint %q; want a reason and a hint containing %q", i, p.Reason, p.Hint, w.hint)
		}
	}

	wantModel := []haproxy.App{routedApp("web", srv("web-1", "10.0.0.1"))}
	if !reflect.DeepEqual(res.Model.Apps, wantModel) {
		t.Errorf("the valid app must still route:\n got %+v\nwant %+v", res.Model.Apps, wantModel)
	}
	if len(res.Apps) != 1 || res.Apps[0].Name != "web" {
		t.Errorf("statuses: got %+v, want only web", res.Apps)
	}
}

func TestBuildLabelErrorsOfOneReplicaLeaveTheOthersRouted(t *testing.T) {
	res := Build([]Container{
		ctr("web-1", "web", dep1, "10.0.0.1"),
		ctr("web-2", "web", dep1, "10.0.0.2", withLabel(labels.HealthCheckPath, "healthz")),
	})
	if len(res.Problems) != 1 || res.Problems[0].Container != "web-2" || res.Problems[0].Label != labels.HealthCheckPath {
		t.Fatalf("problems:%s\nwant one for web-2's %s", problemLines(res.Problems), labels.HealthCheckPath)
	}
	want := []haproxy.App{routedApp("web", srv("web-1", "10.0.0.1"))}
	if !reflect.DeepEqual(res.Model.Apps, want) {
		t.Errorf("model:\n got %+v\nwant %+v", res.Model.Apps, want)
	}
}

func TestBuildDomainConflicts(t *testing.T) {
	early, late := createdAt(dep1), createdAt(dep2)
	tests := []struct {
		name string
		// zeta is created first, so it keeps contested names although
		// alpha sorts first by name.
		zeta, alpha []labels.Domain
		// wantZeta and wantAlpha are the domains each app is routed with.
		wantZeta, wantAlpha []labels.Domain
		// wantLabels are alpha's labels reported, in order.
		wantLabels []string
	}{
		{
			name:       "canonical domain",
			zeta:       []labels.Domain{domain("shop.example.com")},
			alpha:      []labels.Domain{domain("alpha.example.com"), domain("shop.example.com")},
			wantZeta:   []labels.Domain{domain("shop.example.com")},
			wantAlpha:  []labels.Domain{domain("alpha.example.com")},
			wantLabels: []string{labels.DomainLabel(1)},
		},
		{
			name:       "alias against alias and canonical",
			zeta:       []labels.Domain{domain("shop.example.com", "www.shop.example.com")},
			alpha:      []labels.Domain{domain("alpha.example.com", "www.shop.example.com", "www.alpha.example.com", "shop.example.com")},
			wantZeta:   []labels.Domain{domain("shop.example.com", "www.shop.example.com")},
			wantAlpha:  []labels.Domain{domain("alpha.example.com", "www.alpha.example.com")},
			wantLabels: []string{labels.AliasLabel(0, 0), labels.AliasLabel(0, 2)},
		},
		{
			name:       "canonical against alias",
			zeta:       []labels.Domain{domain("shop.example.com", "www.shop.example.com")},
			alpha:      []labels.Domain{domain("www.shop.example.com")},
			wantZeta:   []labels.Domain{domain("shop.example.com", "www.shop.example.com")},
			wantAlpha:  nil,
			wantLabels: []string{labels.DomainLabel(0)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Build([]Container{
				ctr("alpha-1", "alpha", dep2, "10.0.0.1", withDomains(tt.alpha...), createdOn(late)),
				ctr("zeta-1", "zeta", dep1, "10.0.0.2", withDomains(tt.zeta...), createdOn(early)),
			})
			checkConflicts(t, res, tt.wantLabels)
			if got := res.Model.Apps[0].Domains; !reflect.DeepEqual(got, tt.wantAlpha) {
				t.Errorf("alpha routed with %v, want %v", got, tt.wantAlpha)
			}
			if got := res.Model.Apps[1].Domains; !reflect.DeepEqual(got, tt.wantZeta) {
				t.Errorf("zeta routed with %v, want %v", got, tt.wantZeta)
			}
			if got := appStatus(t, res, "alpha").Domains; !reflect.DeepEqual(got, tt.wantAlpha) {
				t.Errorf("alpha's status shows %v, want %v", got, tt.wantAlpha)
			}
			if len(res.Model.Apps[0].Servers) != 1 {
				t.Errorf("alpha must keep its servers, got %v", res.Model.Apps[0].Servers)
			}
		})
	}
}

// checkConflicts checks that the problems are alpha's, for wantLabels, and
// name both apps.
func checkConflicts(t *testing.T, res Result, wantLabels []string) {
	t.Helper()
	if len(res.Problems) != len(wantLabels) {
		t.Fatalf("got %d problems, want %d:%s", len(res.Problems), len(wantLabels), problemLines(res.Problems))
	}
	for i, p := range res.Problems {
		if p.Container != "alpha-1" || p.App != "alpha" || p.Label != wantLabels[i] {
			t.Errorf("problem %d: got %s (app %q), want alpha-1's %s", i, p, p.App, wantLabels[i])
		}
		if !strings.Contains(p.Reason, "zeta") {
			t.Errorf("problem %d: reason %q does not name the owner zeta", i, p.Reason)
		}
		if !strings.Contains(p.Hint, "alpha") || !strings.Contains(p.Hint, "zeta") {
			t.Errorf("problem %d: hint %q does not name both apps", i, p.Hint)
		}
	}
}

func TestBuildDomainConflictNamesTheLabelAsWritten(t *testing.T) {
	// Domain indexes may have gaps; the problem must name the label the
	// user wrote, not the domain's position.
	alpha := ctr("alpha-1", "alpha", dep2, "10.0.0.1",
		withLabel(labels.DomainLabel(0), ""),
		withLabel(labels.DomainLabel(3), "alpha.example.com"),
		withLabel(labels.DomainLabel(7), "shop.example.com"),
		withLabel(labels.AliasLabel(3, 5), "www.shop.example.com"),
	)
	zeta := ctr("zeta-1", "zeta", dep1, "10.0.0.2", withDomains(domain("shop.example.com", "www.shop.example.com")))
	res := Build([]Container{alpha, zeta})
	checkConflicts(t, res, []string{labels.AliasLabel(3, 5), labels.DomainLabel(7)})
}

func TestBuildDomainConflictTieBrokenByName(t *testing.T) {
	same := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	res := Build([]Container{
		ctr("zeta-1", "zeta", dep1, "10.0.0.2", withDomains(domain("shop.example.com")), createdOn(same)),
		ctr("alpha-1", "alpha", dep1, "10.0.0.1", withDomains(domain("shop.example.com")), createdOn(same)),
	})
	if len(res.Problems) != 1 || res.Problems[0].App != "zeta" {
		t.Fatalf("problems:%s\nwant one for zeta", problemLines(res.Problems))
	}
}

func TestBuildClaimOrderUsesTheOldestContainer(t *testing.T) {
	// alpha's current deployment is newer than zeta's, but alpha was first
	// seen earlier (its old, stopped deployment), so it keeps the domain.
	res := Build([]Container{
		ctr("alpha-a1", "alpha", dep1, "", stopped, withDomains(domain("shop.example.com"))),
		ctr("alpha-c1", "alpha", dep3, "10.0.0.1", withDomains(domain("shop.example.com"))),
		ctr("zeta-b1", "zeta", dep2, "10.0.0.2", withDomains(domain("shop.example.com"))),
	})
	if len(res.Problems) != 1 || res.Problems[0].Container != "zeta-b1" {
		t.Fatalf("problems:%s\nwant one for zeta-b1", problemLines(res.Problems))
	}
}
