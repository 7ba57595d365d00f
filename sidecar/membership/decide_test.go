package membership

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
)

const (
	dep1 = "20260101120000"
	dep2 = "20260102120000"
	dep3 = "20260103120000"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// ctr is a running, ready container of app in deployment dep from Compose
// project/service "web"/"web", created at t0 plus age minutes.
func ctr(name, app, dep string, age int, extra ...string) routing.Container {
	l := map[string]string{labels.Role: "app", labels.AppName: app, labels.DeploymentID: dep,
		ComposeProject: "web", ComposeService: "web"}
	for i := 0; i+1 < len(extra); i += 2 {
		l[extra[i]] = extra[i+1]
	}
	return routing.Container{ID: "id-" + name, Name: name, Labels: l, Running: true, Ready: true,
		Created: t0.Add(time.Duration(age) * time.Minute)}
}

func registered(app string, deps map[string]Deployment, b *Binding) State {
	return State{Apps: map[string]App{app: {Deployments: deps, Binding: b}}}
}

func TestDecide(t *testing.T) {
	webBound := &Binding{Project: "web", Service: "web"}
	pol := Policy{ReservedApp: "haloy-api", SelfName: "haloy-sidecar"}
	strict := pol
	strict.RegisteredOnly = true
	promoted := map[string]Deployment{dep2: {Containers: []string{"id-web-b1"}, Promoted: true}}
	tests := []struct {
		name  string
		st    State
		pol   Policy
		cs    []routing.Container
		want  string // "name=verdict" per container, sorted as given
		binds string // new bindings "app=project/service"
	}{
		{
			name: "tasks of a registered Swarm service are members whatever their ids; held until promoted",
			st: registered("web", map[string]Deployment{
				dep2: {Containers: []string{ServicePrefix + "web-" + dep2}, Promoted: true},
				dep3: {Containers: []string{ServicePrefix + "web-" + dep3}},
			}, nil),
			pol:  pol,
			cs:   []routing.Container{task("web-"+dep2, "web", dep2, 1), task("web-"+dep2, "web", dep2, 9), task("web-"+dep3, "web", dep3, 1)},
			want: "web-" + dep2 + ".1=admit web-" + dep2 + ".9=admit web-" + dep3 + ".1=hold",
		},
		{
			name: "a plain container named like a registered service's task is not a member, nor a task of another service",
			st:   registered("web", map[string]Deployment{dep2: {Containers: []string{ServicePrefix + "web-" + dep2}, Promoted: true}}, nil),
			pol:  pol,
			cs:   []routing.Container{ctr("web-"+dep2+".1", "web", dep2, 1), task("web-"+dep2+"x", "web", dep2, 1)},
			want: "web-" + dep2 + ".1=refuse:" + labels.DeploymentID + " web-" + dep2 + "x.1=refuse:" + labels.DeploymentID,
		},
		{
			name: "registered, promoted container admitted; copy of the name with a later id refused",
			st:   registered("web", promoted, nil),
			pol:  pol,
			cs:   []routing.Container{ctr("web-b1", "web", dep2, 1), ctr("evil", "web", dep3, 2)},
			want: "web-b1=admit evil=refuse:" + labels.DeploymentID,
		},
		{
			name: "copy of the registered id itself is refused: it is not a registered container",
			st:   registered("web", promoted, nil),
			pol:  pol,
			cs:   []routing.Container{ctr("evil", "web", dep2, 2)},
			want: "evil=refuse:" + labels.DeploymentID,
		},
		{
			name: "registered but not promoted: held",
			st:   registered("web", map[string]Deployment{dep2: {Containers: []string{"id-web-b1"}}}, nil),
			pol:  pol,
			cs:   []routing.Container{ctr("web-b1", "web", dep2, 1)},
			want: "web-b1=hold",
		},
		{
			name: "bound legacy deployment older than the first registered one keeps serving; a later unregistered one is refused",
			st:   registered("web", promoted, webBound),
			pol:  pol,
			cs:   []routing.Container{ctr("web-a1", "web", dep1, 0), ctr("evil", "web", dep3, 2)},
			want: "web-a1=admit evil=refuse:" + labels.DeploymentID,
		},
		{
			name: "strict: legacy deployment of a registered app refused",
			st:   registered("web", promoted, webBound),
			pol:  strict,
			cs:   []routing.Container{ctr("web-a1", "web", dep1, 0)},
			want: "web-a1=refuse:" + labels.DeploymentID,
		},
		{
			name:  "plain compose: first served binds the app; another project copying the name is refused",
			pol:   pol,
			cs:    []routing.Container{ctr("web-1", "web", "", 0), ctr("evil", "web", "", 5, ComposeProject, "evil")},
			want:  "web-1=admit evil=refuse:" + labels.AppName,
			binds: "web=web/web",
		},
		{
			name: "plain compose bound: same project and service admitted, other service refused",
			st:   registered("web", nil, webBound),
			pol:  pol,
			cs:   []routing.Container{ctr("web-2", "web", "", 9), ctr("db", "web", "", 0, ComposeService, "db")},
			want: "web-2=admit db=refuse:" + labels.AppName,
		},
		{
			name: "plain compose: nothing ready, nothing bound, all admitted (none routes yet)",
			pol:  pol,
			cs:   []routing.Container{notReady(ctr("web-1", "web", "", 0))},
			want: "web-1=admit",
		},
		{
			name: "strict: plain compose refused, nothing bound",
			pol:  strict,
			cs:   []routing.Container{ctr("web-1", "web", "", 0)},
			want: "web-1=refuse:" + labels.AppName,
		},
		{
			name: "haloy-api: only the sidecar's own container",
			pol:  pol,
			cs:   []routing.Container{ctr("haloy-sidecar", "haloy-api", "", 0), ctr("evil", "haloy-api", dep3, 1)},
			want: "haloy-sidecar=admit evil=refuse:" + labels.AppName,
		},
		{
			name: "haloy-api under strict: the sidecar still serves its API",
			pol:  strict,
			cs:   []routing.Container{ctr("haloy-sidecar", "haloy-api", "", 0)},
			want: "haloy-sidecar=admit",
		},
		{
			name: "retired registered app: its promoted and held containers drain, a copy stays refused",
			st: State{Apps: map[string]App{"web": {Retired: true, Deployments: map[string]Deployment{
				dep2: {Containers: []string{"id-web-b1"}, Promoted: true}, dep3: {Containers: []string{"id-web-c1"}}}}}},
			pol:  pol,
			cs:   []routing.Container{ctr("web-b1", "web", dep2, 1), ctr("web-c1", "web", dep3, 2), ctr("evil", "web", dep3, 3)},
			want: "web-b1=retire web-c1=retire evil=refuse:" + labels.DeploymentID,
		},
		{
			name: "retired plain compose app drains and binds nothing",
			st:   State{Apps: map[string]App{"web": {Retired: true}}},
			pol:  pol,
			cs:   []routing.Container{ctr("web-1", "web", "", 0)},
			want: "web-1=retire",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := Decide(tt.st, tt.pol, tt.cs)
			var got []string
			for _, c := range tt.cs {
				a := dec.Admissions[c.ID]
				got = append(got, c.Name+"="+verdict(a))
				if a.Verdict == routing.Refuse && (a.Reason == "" || a.Hint == "") {
					t.Errorf("%s refused without reason or hint: %+v", c.Name, a)
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("verdicts\n got %s\nwant %s", g, tt.want)
			}
			var binds []string
			for app, b := range dec.Bindings {
				binds = append(binds, app+"="+b.Project+"/"+b.Service)
			}
			if g := strings.Join(binds, " "); g != tt.binds {
				t.Errorf("bindings %q, want %q", g, tt.binds)
			}
		})
	}
}

func notReady(c routing.Container) routing.Container {
	c.Ready = false
	return c
}

func verdict(a routing.Admission) string {
	switch a.Verdict {
	case routing.Hold:
		return "hold"
	case routing.Refuse:
		return "refuse:" + a.Label
	case routing.Retire:
		return "retire"
	}
	return "admit"
}

func TestRetireAndForget(t *testing.T) {
	var st State
	st.Register("web", dep1, []string{"c1"}, true, t0)
	st.Bind("web", Binding{Project: "web", Service: "web"})
	st.Retire("web")
	if !st.Apps["web"].Retired {
		t.Fatal("Retire did not retire web")
	}
	st.Register("web", dep2, []string{"c2"}, false, t0)
	if st.Apps["web"].Retired {
		t.Error("a new registered deployment left web retired")
	}
	st.Retire("web")
	st.Forget("web")
	if _, ok := st.Apps["web"]; ok {
		t.Errorf("Forget kept %+v", st.Apps["web"])
	}
	if dec := Decide(st, Policy{}, []routing.Container{ctr("web-1", "web", "", 0, ComposeProject, "other")}); dec.Bindings["web"].Project != "other" {
		t.Errorf("after Forget a new Compose project did not bind web: %+v", dec.Bindings)
	}
}

func TestRegisterKeepsNewest(t *testing.T) {
	var st State
	for i := 0; i < MaxDeployments+3; i++ {
		st.Register("web", t0.Add(time.Duration(i)*time.Hour).Format(labels.DeploymentIDLayout), []string{"c"}, false, t0)
	}
	if n := len(st.Apps["web"].Deployments); n != MaxDeployments {
		t.Fatalf("kept %d deployments, want %d", n, MaxDeployments)
	}
	if _, ok := st.Apps["web"].Deployments[t0.Format(labels.DeploymentIDLayout)]; ok {
		t.Errorf("the oldest deployment was kept")
	}
	const late = "20270101120000"
	st.Register("web", late, []string{"a"}, false, t0)
	st.Register("web", late, []string{"b", "a"}, false, t0)
	if !st.Promote("web", late) || st.Promote("web", "20280101120000") || st.Promote("api", late) {
		t.Errorf("Promote: want true only for the registered deployment")
	}
	if d := st.Apps["web"].Deployments[late]; strings.Join(d.Containers, ",") != "a,b" || !d.Promoted {
		t.Errorf("merged registration = %+v", d)
	}
}

// task is a running, ready task of Swarm service svc (slot), of app in
// deployment dep, as the sidecar's Swarm observer reports it.
func task(svc, app, dep string, slot int) routing.Container {
	c := ctr(svc+"."+strconv.Itoa(slot), app, dep, 1)
	c.ID, c.Service = "task"+strconv.Itoa(slot)+svc, svc
	return c
}
