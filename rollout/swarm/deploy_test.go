package swarm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/deploy"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// The deploy sequence against an in-memory cluster and sidecar: what is
// proved here is the order of the steps and the failure handling; the
// integration test TestSwarmDeployRollback proves them on a real Swarm.

// memCluster runs services as tasks that are running at once, or failed
// when the image says "broken".
type memCluster struct {
	health   *container.HealthConfig // what StartHealth answers
	mu       sync.Mutex
	services map[string]Service
	checks   []*container.HealthConfig // each created spec's healthcheck
	next     int
	log      []string
}

func (m *memCluster) CreateService(_ context.Context, spec swarm.ServiceSpec) (Service, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.next++
	s := Service{ID: fmt.Sprintf("s%d", m.next), Name: spec.Name, DeploymentID: DeploymentOf(spec.Labels),
		Image: pin(spec.TaskTemplate.ContainerSpec.Image), Replicas: int(*spec.Mode.Replicated.Replicas)}
	m.services[s.ID] = s
	m.checks = append(m.checks, spec.TaskTemplate.ContainerSpec.Healthcheck)
	m.log = append(m.log, "create "+s.Name)
	return s, nil
}

func (m *memCluster) Resolve(_ context.Context, image string) (string, error) {
	return pin(image), nil
}

func (m *memCluster) StartHealth(context.Context, string) *container.HealthConfig {
	return m.health
}

func (m *memCluster) Services(_ context.Context, app string) ([]Service, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Service
	for _, s := range m.services {
		if strings.HasPrefix(s.Name, app+"-") {
			out = append(out, s)
		}
	}
	return out, nil
}

func (m *memCluster) Tasks(_ context.Context, id string) ([]Task, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.services[id]
	var out []Task
	for i := 1; i <= s.Replicas; i++ {
		t := Task{ID: fmt.Sprintf("%s-t%d", id, i), Slot: i, NodeID: fmt.Sprintf("n%d", i), State: swarm.TaskStateRunning, DesiredState: swarm.TaskStateRunning}
		if strings.Contains(s.Image, "broken") {
			t.State, t.Err = swarm.TaskStateFailed, "task: non-zero exit (1)"
		}
		out = append(out, t)
	}
	return out, nil
}

func (m *memCluster) RemoveService(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.log = append(m.log, "remove "+m.services[id].Name)
	delete(m.services, id)
	return nil
}

// memSidecar reports the cluster's running tasks as the sidecar would:
// members of a registered service, serving once promoted.
type memSidecar struct {
	cluster *memCluster
	mu      sync.Mutex
	members map[string]string // member -> deployment id
	served  string
	log     []string
}

func (s *memSidecar) Register(_ context.Context, app, id string, cs []string, promote bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range cs {
		s.members[c] = id
	}
	s.log = append(s.log, "register "+id+" "+strings.Join(cs, ","))
	return nil
}

func (s *memSidecar) Promote(_ context.Context, app, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served = id
	s.log = append(s.log, "promote "+id)
	return nil
}

func (s *memSidecar) Retire(context.Context, string) error { return nil }
func (s *memSidecar) Forget(context.Context, string) error { return nil }

func (s *memSidecar) Status(ctx context.Context) (wire.Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := routing.AppStatus{Name: "web", Serving: s.served}
	svcs, _ := s.cluster.Services(ctx, "web")
	for _, svc := range svcs {
		id, ok := s.members[ServiceMember(svc.Name)]
		if !ok {
			continue
		}
		dep := routing.DeploymentStatus{ID: id, State: routing.StateStarting}
		if id == s.served {
			dep.State = routing.StateServing
		}
		tasks, _ := s.cluster.Tasks(ctx, svc.ID)
		for _, t := range tasks {
			running := t.State == swarm.TaskStateRunning
			dep.Replicas = append(dep.Replicas, routing.ReplicaStatus{Container: t.Name(svc.Name), Running: running, Ready: running})
		}
		a.Deployments = append(a.Deployments, dep)
	}
	return wire.Status{Apps: []routing.AppStatus{a}}, nil
}

func newTestDeployer(start time.Time) (*Deployer, *memCluster, *memSidecar, *ConfigHistory) {
	c := &memCluster{services: map[string]Service{}}
	sc := &memSidecar{cluster: c, members: map[string]string{}}
	cfgs := &memConfigs{byName: map[string]Config{}, clock: start}
	h := &ConfigHistory{Configs: cfgs}
	now := start
	d := &Deployer{Cluster: c, Configs: cfgs, Sidecar: sc, History: h, Registry: sc, Poll: time.Millisecond,
		Now: func() time.Time { now = now.Add(time.Second); return now }}
	return d, c, sc, h
}

func webApp(image string) config.App {
	return config.App{Name: "web", Source: config.Source{Image: config.Image{Repository: "reg:5000/web", Tag: image}},
		Domains: []config.Domain{{Domain: "web.example.test"}}, Replicas: 3, Port: "80", HealthCheckPath: "/",
		DrainTimeout: config.Duration(time.Second)}
}

func TestDeploySequence(t *testing.T) {
	ctx := context.Background()
	d, c, sc, h := newTestDeployer(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	v1, err := d.Deploy(ctx, Request{App: webApp("v1")})
	if err != nil {
		t.Fatal(err)
	}
	v2, err := d.Deploy(ctx, Request{App: webApp("v2")})
	if err != nil {
		t.Fatal(err)
	}
	if v2 <= v1 {
		t.Errorf("deployment ids %s then %s: not increasing", v1, v2)
	}
	wantCluster := []string{"create web-" + v1, "create web-" + v2, "remove web-" + v1}
	if !slices.Equal(c.log, wantCluster) {
		t.Errorf("cluster steps %v, want %v", c.log, wantCluster)
	}
	wantSidecar := []string{"register " + v1 + " service:web-" + v1, "promote " + v1, "register " + v2 + " service:web-" + v2, "promote " + v2}
	if !slices.Equal(sc.log, wantSidecar) {
		t.Errorf("sidecar steps %v, want %v", sc.log, wantSidecar)
	}
	e, err := h.Get(ctx, "web", v2)
	if err != nil || e.Snapshot.Image != "reg:5000/web:v2@sha256:pinned" {
		t.Errorf("history of %s: %+v, %v; want the pinned image", v2, e, err)
	}
	back, err := d.Deploy(ctx, Request{App: e.Snapshot.App, Image: "reg:5000/web:v1@sha256:pinned"})
	if err != nil {
		t.Fatal(err)
	}
	svcs, _ := c.Services(ctx, "web")
	if len(svcs) != 1 || svcs[0].Name != "web-"+back || svcs[0].Image != "reg:5000/web:v1@sha256:pinned" {
		t.Errorf("after the rollback: %+v", svcs)
	}
}

func TestDeployGivesTheTasksTheStartHealth(t *testing.T) {
	ctx := context.Background()
	d, c, _, _ := newTestDeployer(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	if _, err := d.Deploy(ctx, Request{App: webApp("v1")}); err != nil {
		t.Fatal(err)
	}
	c.health = &container.HealthConfig{StartInterval: 250 * time.Millisecond}
	if _, err := d.Deploy(ctx, Request{App: webApp("v2")}); err != nil {
		t.Fatal(err)
	}
	if len(c.checks) != 2 || c.checks[0] != nil || c.checks[1] != c.health {
		t.Errorf("created specs' healthchecks %v, want none, then %+v", c.checks, c.health)
	}
}

func TestDeployFailedTaskKeepsTheOldOne(t *testing.T) {
	ctx := context.Background()
	d, c, sc, _ := newTestDeployer(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	v1, err := d.Deploy(ctx, Request{App: webApp("v1")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Deploy(ctx, Request{App: webApp("broken")})
	if !errors.Is(err, deploy.ErrUnhealthy) || !strings.Contains(err.Error(), "non-zero exit") {
		t.Fatalf("deploying a failing image: %v, want ErrUnhealthy with Swarm's task error", err)
	}
	svcs, _ := c.Services(ctx, "web")
	if len(svcs) != 1 || svcs[0].DeploymentID != v1 || sc.served != v1 {
		t.Errorf("after the failed deploy: services %+v, serving %s; want only %s", svcs, sc.served, v1)
	}
	if _, err := d.Deploy(ctx, Request{App: webApp("v2")}); err != nil {
		t.Errorf("the lock was not released after the failure: %v", err)
	}
}

func TestDeployTimingsNameTheSwarmSteps(t *testing.T) {
	ctx := context.Background()
	d, _, _, _ := newTestDeployer(time.Date(2026, 12, 2, 4, 0, 0, 0, time.UTC))
	if _, err := d.Deploy(ctx, Request{App: webApp("v1")}); err != nil {
		t.Fatal(err)
	}
	d.Timings = &deploy.Timings{}
	if _, err := d.Deploy(ctx, Request{App: webApp("v2")}); err != nil {
		t.Fatal(err)
	}
	got := d.Timings.String()
	steps := []string{deploy.StepLock, StepDigest, StepCreateService, StepTasksRunning, deploy.StepReady, deploy.StepSwitch, deploy.StepRecord, deploy.StepDrain, StepRemoveOld}
	for _, step := range steps {
		if _, ok := d.Timings.Took(step); !ok {
			t.Errorf("timings %q lack step %q", got, step)
		}
	}
	var names []string
	for _, part := range strings.Split(got, ", ") {
		names = append(names, part[:strings.LastIndex(part, " ")])
	}
	if !slices.Equal(names, steps) {
		t.Errorf("timings %q: steps %q, want %q in that order", got, names, steps)
	}
}

// pin adds a digest as the manager does when the registry tells one.
func pin(image string) string {
	if strings.Contains(image, "@") {
		return image
	}
	return image + "@sha256:pinned"
}
