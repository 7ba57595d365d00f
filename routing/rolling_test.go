package routing

import (
	"reflect"
	"strings"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// rollout marks a container as part of a batched rolling update in order,
// taking over from the named containers.
func rollout(order string, replaces ...string) mod {
	return func(c *Container) {
		c.Labels = copyLabels(c.Labels)
		c.Labels[labels.Rollout] = order
		if len(replaces) > 0 {
			c.Labels[labels.Replaces] = strings.Join(replaces, ",")
		}
	}
}

func TestBuildRollingUpdates(t *testing.T) {
	const start, stop = labels.RolloutStartFirst, labels.RolloutStopFirst
	old := func(mods ...mod) []Container {
		return []Container{
			ctr("web-a1", "web", dep1, "10.0.0.1", mods...),
			ctr("web-a2", "web", dep1, "10.0.0.2"),
			ctr("web-a3", "web", dep1, "10.0.0.3"),
		}
	}
	tests := []struct {
		name       string
		containers []Container
		want       []haproxy.App
		wantStates string
		replaced   []string
	}{
		{
			name:       "start-first batch not ready yet: old serves wholly",
			containers: append(old(), ctr("web-b1", "web", dep2, "10.0.0.4", notReady, rollout(start, "web-a1"))),
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"), srv("web-a2", "10.0.0.2"), srv("web-a3", "10.0.0.3"))},
			wantStates: "serving=" + dep1 + " " + dep2 + "=starting " + dep1 + "=serving",
		},
		{
			name:       "start-first batch ready: both versions serve, the replaced one drains",
			containers: append(old(), ctr("web-b1", "web", dep2, "10.0.0.4", rollout(start, "web-a1"))),
			want: []haproxy.App{routedApp("web", draining("web-a1", "10.0.0.1"), srv("web-a2", "10.0.0.2"), srv("web-a3", "10.0.0.3"),
				srv("web-b1", "10.0.0.4"))},
			wantStates: "serving=" + dep2 + " " + dep2 + "=serving " + dep1 + "=serving",
			replaced:   []string{"web-a1"},
		},
		{
			name: "second batch starting: its replaced container still serves",
			containers: append(old(stopped),
				ctr("web-b1", "web", dep2, "10.0.0.4", rollout(start, "web-a1")),
				ctr("web-b2", "web", dep2, "10.0.0.5", notReady, rollout(start, "web-a2"))),
			want:       []haproxy.App{routedApp("web", srv("web-a2", "10.0.0.2"), srv("web-a3", "10.0.0.3"), srv("web-b1", "10.0.0.4"))},
			wantStates: "serving=" + dep2 + " " + dep2 + "=serving " + dep1 + "=serving",
			replaced:   []string{"web-a1"},
		},
		{
			name: "stop-first: the replaced container drains as soon as its replacement exists",
			containers: append(old(),
				ctr("web-b1", "web", dep2, "", stopped, rollout(stop, "web-a1"))),
			want:       []haproxy.App{routedApp("web", draining("web-a1", "10.0.0.1"), srv("web-a2", "10.0.0.2"), srv("web-a3", "10.0.0.3"))},
			wantStates: "serving=" + dep1 + " " + dep2 + "=stopped " + dep1 + "=serving",
			replaced:   []string{"web-a1"},
		},
		{
			name: "every old replica replaced: the new deployment serves alone",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1", rollout(start)),
				ctr("web-b1", "web", dep2, "10.0.0.4", rollout(start, "web-a1")),
			},
			want:       []haproxy.App{routedApp("web", draining("web-a1", "10.0.0.1"), srv("web-b1", "10.0.0.4"))},
			wantStates: "serving=" + dep2 + " " + dep2 + "=serving " + dep1 + "=draining",
			replaced:   []string{"web-a1"},
		},
		{
			name: "partial ordinary deployment without the label: not served before it is wholly ready",
			containers: []Container{
				ctr("web-a1", "web", dep2, "10.0.0.1"),
				ctr("web-b1", "web", dep3, "10.0.0.4", notReady),
				ctr("web-b2", "web", dep3, "10.0.0.5"),
			},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates: "serving=" + dep2 + " " + dep3 + "=starting " + dep2 + "=serving",
		},
		{
			name: "an older rolling deployment does not let a newer ordinary one serve early",
			containers: []Container{
				ctr("web-a1", "web", dep2, "10.0.0.1", rollout(start, "web-x1")),
				ctr("web-b1", "web", dep3, "10.0.0.4"),
				ctr("web-b2", "web", dep3, "10.0.0.5", notReady),
			},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates: "serving=" + dep2 + " " + dep3 + "=starting " + dep2 + "=serving",
		},
		{
			name: "rolled back: a put-back old replica takes over from the new one",
			containers: []Container{
				ctr("web-a1-restored", "web", dep1, "10.0.0.6", rollout(start, "web-b1")),
				ctr("web-a2", "web", dep1, "10.0.0.2"),
				ctr("web-b1", "web", dep2, "10.0.0.4", rollout(start, "web-a1")),
			},
			want:       []haproxy.App{routedApp("web", srv("web-a1-restored", "10.0.0.6"), srv("web-a2", "10.0.0.2"), draining("web-b1", "10.0.0.4"))},
			wantStates: "serving=" + dep1 + " " + dep2 + "=draining " + dep1 + "=serving",
			replaced:   []string{"web-b1"},
		},
		{
			name: "everything replaced and nothing else ready: replaced replicas keep serving",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-b1", "web", dep2, "", stopped, rollout(stop, "web-a1")),
			},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates: "serving=" + dep1 + " " + dep2 + "=stopped " + dep1 + "=serving",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Build(tt.containers)
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %s", problemLines(res.Problems))
			}
			if !reflect.DeepEqual(res.Model.Apps, tt.want) {
				t.Errorf("model =\n%+v\nwant\n%+v", res.Model.Apps, tt.want)
			}
			st := appStatus(t, res, "web")
			if got := states(st); got != tt.wantStates {
				t.Errorf("states = %s, want %s", got, tt.wantStates)
			}
			if got := replacedOf(st); !reflect.DeepEqual(got, tt.replaced) {
				t.Errorf("replaced = %v, want %v", got, tt.replaced)
			}
		})
	}
}

// replacedOf lists the replicas the status marks as replaced.
func replacedOf(a AppStatus) []string {
	var out []string
	for _, d := range a.Deployments {
		for _, r := range d.Replicas {
			if r.Replaced {
				out = append(out, r.Container)
			}
		}
	}
	return out
}
