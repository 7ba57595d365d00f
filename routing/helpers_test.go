package routing

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// Deployment ids used by the tests, oldest first.
const (
	dep1 = "20260101120000"
	dep2 = "20260102120000"
	dep3 = "20260103120000"
)

// mod changes a test container.
type mod func(*Container)

// ctr returns a running, ready container of app in deployment deploy ("" for
// plain Compose) with the domain <app>.example.com, created when the
// deployment id says (plain Compose: at the first test deployment).
func ctr(name, app, deploy, addr string, mods ...mod) Container {
	c := Container{
		ID:      "id-" + name,
		Name:    name,
		Labels:  labels.Encode(labels.Route{AppName: app, DeploymentID: deploy, Domains: []labels.Domain{{Canonical: app + ".example.com"}}}),
		Running: true,
		Ready:   true,
		Address: addr,
		Created: createdAt(deploy),
	}
	for _, m := range mods {
		m(&c)
	}
	return c
}

func createdAt(deploy string) time.Time {
	if deploy == "" {
		deploy = dep1
	}
	t, err := time.Parse(labels.DeploymentIDLayout, deploy)
	if err != nil {
		panic(err)
	}
	return t
}

// notReady: the container runs but has not passed its health check.
func notReady(c *Container) { c.Ready = false }

// stopped: the container exited.
func stopped(c *Container) { c.Running, c.Ready = false, false }

// noAddress: the container is not attached to the haloy network.
// stopping marks a container that was sent a stop signal.
func stopping(c *Container) { c.Stopping = true }

func noAddress(c *Container) { c.Address = "" }

// withLabel sets one label (value "" deletes it).
func withLabel(key, value string) mod {
	return func(c *Container) {
		c.Labels = copyLabels(c.Labels)
		if value == "" {
			delete(c.Labels, key)
			return
		}
		c.Labels[key] = value
	}
}

// withDomains replaces the container's domain labels.
func withDomains(ds ...labels.Domain) mod {
	return func(c *Container) {
		r, err := labels.Decode(c.Labels)
		if err != nil {
			panic(err)
		}
		r.Domains = ds
		c.Labels = labels.Encode(r)
	}
}

// createdOn sets the creation time.
func createdOn(t time.Time) mod { return func(c *Container) { c.Created = t } }

func copyLabels(l map[string]string) map[string]string {
	out := make(map[string]string, len(l))
	for k, v := range l {
		out[k] = v
	}
	return out
}

// srv is a server on port 80.
func srv(name, addr string) haproxy.Server {
	return haproxy.Server{Name: name, Address: addr, Port: labels.DefaultPort}
}

// draining is srv for a replaced container.
func draining(name, addr string) haproxy.Server {
	s := srv(name, addr)
	s.Draining = true
	return s
}

// domain is a canonical domain with aliases.
func domain(canonical string, aliases ...string) labels.Domain {
	return labels.Domain{Canonical: canonical, Aliases: aliases}
}

// routedApp is the model of app with its default domain and health path.
func routedApp(app string, servers ...haproxy.Server) haproxy.App {
	return haproxy.App{
		Name:            app,
		Domains:         []labels.Domain{domain(app + ".example.com")},
		HealthCheckPath: labels.DefaultHealthCheckPath,
		Servers:         servers,
	}
}

// states renders an app's deployments as "id=state" (id "-" for plain
// Compose), newest first, with the serving id in front.
func states(a AppStatus) string {
	parts := []string{"serving=" + orDash(a.Serving)}
	for _, d := range a.Deployments {
		parts = append(parts, orDash(d.ID)+"="+string(d.State))
	}
	return strings.Join(parts, " ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// appStatus returns the status of the named app, failing if it is absent.
func appStatus(t *testing.T, res Result, name string) AppStatus {
	t.Helper()
	for _, a := range res.Apps {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no status for app %s in %v", name, res.Apps)
	return AppStatus{}
}

// problemLines formats problems one per line for failure messages.
func problemLines(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n  %s", p)
	}
	return b.String()
}
