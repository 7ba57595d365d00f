package routing

import (
	"reflect"
	"testing"

	"github.com/haloydev/haloy/haproxy"
)

func TestBuildRoutesDeployments(t *testing.T) {
	tests := []struct {
		name       string
		containers []Container
		want       []haproxy.App
		// wantStates is states() of each app, by app name.
		wantStates map[string]string
	}{
		{
			name:       "no containers",
			containers: nil,
			want:       nil,
			wantStates: map[string]string{},
		},
		{
			name: "one app two ready replicas",
			containers: []Container{
				ctr("web-2", "web", dep1, "10.0.0.2"),
				ctr("web-1", "web", dep1, "10.0.0.1"),
			},
			want:       []haproxy.App{routedApp("web", srv("web-1", "10.0.0.1"), srv("web-2", "10.0.0.2"))},
			wantStates: map[string]string{"web": "serving=" + dep1 + " " + dep1 + "=serving"},
		},
		{
			name: "replica sent a stop signal (compose scale-down): drains, the others serve",
			containers: []Container{
				ctr("web-1", "web", "", "10.0.0.1"),
				ctr("web-2", "web", "", "10.0.0.2", stopping),
			},
			want:       []haproxy.App{routedApp("web", srv("web-1", "10.0.0.1"), draining("web-2", "10.0.0.2"))},
			wantStates: map[string]string{"web": "serving=- -=serving"},
		},
		{
			name: "new deployment starting: old serves, new excluded",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-a2", "web", dep1, "10.0.0.2"),
				ctr("web-b1", "web", dep2, "10.0.0.3"),
				ctr("web-b2", "web", dep2, "10.0.0.4", notReady),
			},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"), srv("web-a2", "10.0.0.2"))},
			wantStates: map[string]string{"web": "serving=" + dep1 + " " + dep2 + "=starting " + dep1 + "=serving"},
		},
		{
			name: "new deployment all ready: new serves, old drains",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-a2", "web", dep1, "10.0.0.2", notReady),
				ctr("web-b1", "web", dep2, "10.0.0.3"),
				ctr("web-b2", "web", dep2, "10.0.0.4"),
			},
			want: []haproxy.App{routedApp("web",
				draining("web-a1", "10.0.0.1"), draining("web-a2", "10.0.0.2"),
				srv("web-b1", "10.0.0.3"), srv("web-b2", "10.0.0.4"))},
			wantStates: map[string]string{"web": "serving=" + dep2 + " " + dep2 + "=serving " + dep1 + "=draining"},
		},
		{
			name: "crashed replica in the serving deployment: newest with any ready serves",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1", stopped),
				ctr("web-b1", "web", dep2, "10.0.0.3"),
				ctr("web-b2", "web", dep2, "10.0.0.4", stopped),
			},
			want:       []haproxy.App{routedApp("web", srv("web-b1", "10.0.0.3"))},
			wantStates: map[string]string{"web": "serving=" + dep2 + " " + dep2 + "=serving " + dep1 + "=stopped"},
		},
		{
			name: "unhealthy replica in the only deployment: the healthy one serves",
			containers: []Container{
				ctr("web-b1", "web", dep2, "10.0.0.3", notReady),
				ctr("web-b2", "web", dep2, "10.0.0.4"),
			},
			want:       []haproxy.App{routedApp("web", srv("web-b2", "10.0.0.4"))},
			wantStates: map[string]string{"web": "serving=" + dep2 + " " + dep2 + "=serving"},
		},
		{
			name: "nothing ready: the app keeps its domains and has no servers",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1", notReady),
			},
			want:       []haproxy.App{routedApp("web")},
			wantStates: map[string]string{"web": "serving=- " + dep1 + "=starting"},
		},
		{
			name: "plain compose containers without deployment id",
			containers: []Container{
				ctr("shop-web-1", "shop", "", "10.0.1.1"),
				ctr("shop-web-2", "shop", "", "10.0.1.2"),
			},
			want:       []haproxy.App{routedApp("shop", srv("shop-web-1", "10.0.1.1"), srv("shop-web-2", "10.0.1.2"))},
			wantStates: map[string]string{"shop": "serving=- -=serving"},
		},
		{
			name: "a haloy deployment replaces plain compose containers",
			containers: []Container{
				ctr("shop-web-1", "shop", "", "10.0.1.1"),
				ctr("shop-b1", "shop", dep2, "10.0.1.2"),
			},
			want:       []haproxy.App{routedApp("shop", srv("shop-b1", "10.0.1.2"), draining("shop-web-1", "10.0.1.1"))},
			wantStates: map[string]string{"shop": "serving=" + dep2 + " " + dep2 + "=serving -=draining"},
		},
		{
			name: "not-running containers are excluded, also from draining",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1", stopped),
				ctr("web-a2", "web", dep1, "10.0.0.2"),
				ctr("web-b1", "web", dep2, "10.0.0.3"),
				ctr("web-b2", "web", dep2, "10.0.0.4"),
				ctr("web-c1", "web", dep3, "10.0.0.5", stopped),
			},
			want: []haproxy.App{routedApp("web",
				draining("web-a2", "10.0.0.2"), srv("web-b1", "10.0.0.3"), srv("web-b2", "10.0.0.4"))},
			wantStates: map[string]string{"web": "serving=" + dep2 + " " + dep3 + "=stopped " + dep2 + "=serving " + dep1 + "=draining"},
		},
		{
			name: "containers without an address are excluded",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1", noAddress),
				ctr("web-b1", "web", dep2, "10.0.0.3"),
				ctr("web-b2", "web", dep2, "", noAddress),
			},
			want:       []haproxy.App{routedApp("web", srv("web-b1", "10.0.0.3"))},
			wantStates: map[string]string{"web": "serving=" + dep2 + " " + dep2 + "=serving " + dep1 + "=draining"},
		},
		{
			name: "port and health path come from the labels",
			containers: []Container{
				ctr("api-1", "api", dep1, "10.0.2.1",
					withLabel("dev.haloy.port", "8080"), withLabel("dev.haloy.health-check-path", "/healthz")),
			},
			want: []haproxy.App{{
				Name:            "api",
				Domains:         routedApp("api").Domains,
				HealthCheckPath: "/healthz",
				Servers:         []haproxy.Server{{Name: "api-1", Address: "10.0.2.1", Port: "8080"}},
			}},
			wantStates: map[string]string{"api": "serving=" + dep1 + " " + dep1 + "=serving"},
		},
		{
			name: "apps are independent and sorted by name; older not-ready containers drain",
			containers: []Container{
				ctr("web-1", "web", dep2, "10.0.0.1"),
				ctr("api-1", "api", dep1, "10.0.2.1", notReady),
				ctr("api-2", "api", dep3, "10.0.2.2"),
			},
			want: []haproxy.App{
				routedApp("api", draining("api-1", "10.0.2.1"), srv("api-2", "10.0.2.2")),
				routedApp("web", srv("web-1", "10.0.0.1")),
			},
			wantStates: map[string]string{
				"api": "serving=" + dep3 + " " + dep3 + "=serving " + dep1 + "=draining",
				"web": "serving=" + dep2 + " " + dep2 + "=serving",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Build(tt.containers)
			if len(res.Problems) > 0 {
				t.Errorf("unexpected problems:%s", problemLines(res.Problems))
			}
			if !reflect.DeepEqual(res.Model.Apps, tt.want) {
				t.Errorf("model:\n got %+v\nwant %+v", res.Model.Apps, tt.want)
			}
			if len(res.Apps) != len(tt.wantStates) {
				t.Errorf("got %d app statuses, want %d", len(res.Apps), len(tt.wantStates))
			}
			for app, want := range tt.wantStates {
				if got := states(appStatus(t, res, app)); got != want {
					t.Errorf("app %s states:\n got %s\nwant %s", app, got, want)
				}
			}
		})
	}
}

func TestBuildReplicaStatus(t *testing.T) {
	res := Build([]Container{
		ctr("web-2", "web", dep1, "10.0.0.2", notReady, func(c *Container) { c.Health = HealthStarting }),
		ctr("web-1", "web", dep1, "10.0.0.1", func(c *Container) { c.Health = HealthHealthy }),
	})
	st := appStatus(t, res, "web")
	want := []ReplicaStatus{
		{Container: "web-1", Address: "10.0.0.1", Running: true, Health: HealthHealthy, Ready: true},
		{Container: "web-2", Address: "10.0.0.2", Running: true, Health: HealthStarting, Ready: false},
	}
	if len(st.Deployments) != 1 || !reflect.DeepEqual(st.Deployments[0].Replicas, want) {
		t.Errorf("replicas:\n got %+v\nwant %+v", st.Deployments, want)
	}
	if !reflect.DeepEqual(st.Domains, routedApp("web").Domains) {
		t.Errorf("domains: got %v", st.Domains)
	}
}
