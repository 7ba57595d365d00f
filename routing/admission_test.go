package routing

import (
	"reflect"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

func TestBuildWithAdmissions(t *testing.T) {
	refuse := Admission{Verdict: Refuse, Label: labels.DeploymentID, Reason: "deployment not registered", Hint: "deploy with docker haloy"}
	hold := Admission{Verdict: Hold}
	retire := Admission{Verdict: Retire}
	tests := []struct {
		name         string
		containers   []Container
		adm          Admissions
		want         []haproxy.App
		wantStates   string
		wantProblems []string // containers reported
	}{
		{
			name: "refused later deployment gets nothing, old serves, reported",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("evil", "web", dep2, "10.0.0.9", withDomains(domain("evil.example.com"))),
			},
			adm:          Admissions{"id-evil": refuse},
			want:         []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates:   "serving=" + dep1 + " " + dep1 + "=serving",
			wantProblems: []string{"evil"},
		},
		{
			// A deploy registers its containers after creating them: a
			// refusal judged before the container runs may be stale.
			name: "refused container that is not running gets nothing and is not reported yet",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-b1", "web", dep2, "", stopped),
			},
			adm:        Admissions{"id-web-b1": refuse},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates: "serving=" + dep1 + " " + dep1 + "=serving",
		},
		{
			name: "held ready deployment is shown starting, never routed; old keeps serving",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-b1", "web", dep2, "10.0.0.2"),
			},
			adm:        Admissions{"id-web-b1": hold},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates: "serving=" + dep1 + " " + dep2 + "=starting " + dep1 + "=serving",
		},
		{
			name: "held first deployment: app has no servers yet",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
			},
			adm:        Admissions{"id-web-a1": hold},
			want:       []haproxy.App{routedApp("web")},
			wantStates: "serving=- " + dep1 + "=starting",
		},
		{
			name: "held rolling deployment does not co-serve",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-b1", "web", dep2, "10.0.0.2", withLabel(labels.Rollout, labels.RolloutStartFirst)),
			},
			adm:        Admissions{"id-web-b1": hold},
			want:       []haproxy.App{routedApp("web", srv("web-a1", "10.0.0.1"))},
			wantStates: "serving=" + dep1 + " " + dep2 + "=starting " + dep1 + "=serving",
		},
		{
			name: "retired app: every running replica drains, nothing serves, a stopped one has no server",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-a2", "web", dep1, "10.0.0.2", notReady),
				ctr("web-a3", "web", dep1, "10.0.0.3", stopped),
			},
			adm:        Admissions{"id-web-a1": retire, "id-web-a2": retire, "id-web-a3": retire},
			want:       []haproxy.App{routedApp("web", draining("web-a1", "10.0.0.1"), draining("web-a2", "10.0.0.2"))},
			wantStates: "serving=- " + dep1 + "=draining",
		},
		{
			name: "retired app with an older and a newer deployment: both drain, neither serves",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-b1", "web", dep2, "10.0.0.2"),
			},
			adm:        Admissions{"id-web-a1": retire, "id-web-b1": retire},
			want:       []haproxy.App{routedApp("web", draining("web-a1", "10.0.0.1"), draining("web-b1", "10.0.0.2"))},
			wantStates: "serving=- " + dep2 + "=draining " + dep1 + "=draining",
		},
		{
			name: "retired rolling deployment does not co-serve",
			containers: []Container{
				ctr("web-a1", "web", dep1, "10.0.0.1"),
				ctr("web-b1", "web", dep2, "10.0.0.2", withLabel(labels.Rollout, labels.RolloutStartFirst)),
			},
			adm:        Admissions{"id-web-a1": retire, "id-web-b1": retire},
			want:       []haproxy.App{routedApp("web", draining("web-a1", "10.0.0.1"), draining("web-b1", "10.0.0.2"))},
			wantStates: "serving=- " + dep2 + "=draining " + dep1 + "=draining",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := BuildWith(tt.containers, Input{Admissions: tt.adm})
			if !reflect.DeepEqual(res.Model.Apps, tt.want) {
				t.Errorf("model\n got %+v\nwant %+v", res.Model.Apps, tt.want)
			}
			web := appStatus(t, res, "web")
			if got := states(web); got != tt.wantStates {
				t.Errorf("states %q, want %q", got, tt.wantStates)
			}
			for _, d := range web.Deployments {
				v := tt.adm["id-"+d.Replicas[0].Container].Verdict
				if want := v == Hold; d.Held != want {
					t.Errorf("deployment %s Held = %v, want %v", d.ID, d.Held, want)
				}
				if want := v == Retire; d.Retiring != want {
					t.Errorf("deployment %s Retiring = %v, want %v", d.ID, d.Retiring, want)
				}
			}
			var got []string
			for _, p := range res.Problems {
				got = append(got, p.Container)
				if p.Label != refuse.Label || p.Reason != refuse.Reason || p.App != "web" {
					t.Errorf("problem %s does not carry the refusal", p)
				}
			}
			if !reflect.DeepEqual(got, tt.wantProblems) {
				t.Errorf("problems %v, want %v%s", got, tt.wantProblems, problemLines(res.Problems))
			}
		})
	}
}
