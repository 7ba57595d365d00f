package membership

import "time"

// MaxDeployments is how many registered deployments are kept per app;
// older ones are forgotten when a new one is registered.
const MaxDeployments = 32

// State is the durable membership of every app.
type State struct {
	// Apps is each app's membership by app name.
	Apps map[string]App `json:"apps,omitempty"`
}

// App is one app's registered deployments and Compose binding.
type App struct {
	// Deployments are the registered deployments by deployment id.
	Deployments map[string]Deployment `json:"deployments,omitempty"`
	// Binding is the Compose origin of an app nobody registered.
	Binding *Binding `json:"binding,omitempty"`
	// Retired is set by `docker haloy stop`: every container of the app
	// drains (in-flight requests finish, no new ones arrive) until the stop
	// removes them and forgets the app. The next registered deploy clears it.
	Retired bool `json:"retired,omitempty"`
}

// Deployment is a registered deployment.
type Deployment struct {
	// Containers are the ids of the containers the deploy created, or
	// ServicePrefix+<name> for a Swarm service the deploy created: every
	// task of that service is a member (Swarm makes and replaces tasks).
	Containers []string `json:"containers,omitempty"`
	// Promoted is true once the deploy found the replicas healthy and
	// asked for them to be routed.
	Promoted bool `json:"promoted"`
	// Registered is when the deployment was first registered.
	Registered time.Time `json:"registered"`
}

// Binding is the Compose project and service an app was first served from.
type Binding struct {
	// Project is the com.docker.compose.project label ("" for none).
	Project string `json:"project"`
	// Service is the com.docker.compose.service label ("" for none).
	Service string `json:"service"`
}

// registered reports whether any deploy registered a deployment of the app.
func (a App) registered() bool { return len(a.Deployments) > 0 }

// oldestID is the smallest registered deployment id.
func (a App) oldestID() string {
	oldest := ""
	for id := range a.Deployments {
		if oldest == "" || id < oldest {
			oldest = id
		}
	}
	return oldest
}

// Register records containers of deployment id of app (merging with what
// was registered before) and, when promote is set, promotes it. It keeps
// the newest MaxDeployments deployments of the app.
func (s *State) Register(app, id string, containers []string, promote bool, now time.Time) {
	a := s.app(app)
	d, ok := a.Deployments[id]
	if !ok {
		d.Registered = now
	}
	for _, c := range containers {
		if !contains(d.Containers, c) {
			d.Containers = append(d.Containers, c)
		}
	}
	d.Promoted = d.Promoted || promote
	a.Deployments[id] = d
	a.Retired = false
	a.trim()
	s.Apps[app] = a
}

// Promote marks a registered deployment as routable.
func (s *State) Promote(app, id string) bool {
	a, ok := s.Apps[app]
	d, known := a.Deployments[id]
	if !ok || !known {
		return false
	}
	d.Promoted = true
	a.Deployments[id] = d
	return true
}

// Bind records the Compose origin of an unregistered app, unless it has one.
func (s *State) Bind(app string, b Binding) {
	a := s.app(app)
	if a.Binding == nil {
		a.Binding = &b
	}
	s.Apps[app] = a
}

// Unbind forgets an app's Compose origin, so the next container that
// serves it binds it again.
func (s *State) Unbind(app string) {
	if a, ok := s.Apps[app]; ok {
		a.Binding = nil
		s.Apps[app] = a
	}
}

// Retire takes every container of app out of routing: they drain.
func (s *State) Retire(app string) {
	a := s.app(app)
	a.Retired = true
	s.Apps[app] = a
}

// Forget drops everything known about app (registered deployments, Compose
// binding, retirement), so that a later container of that name starts over
// as a new app.
func (s *State) Forget(app string) {
	delete(s.Apps, app)
}

func (s *State) app(name string) App {
	if s.Apps == nil {
		s.Apps = map[string]App{}
	}
	a := s.Apps[name]
	if a.Deployments == nil {
		a.Deployments = map[string]Deployment{}
	}
	return a
}

// trim forgets all but the newest MaxDeployments deployments.
func (a App) trim() {
	for len(a.Deployments) > MaxDeployments {
		delete(a.Deployments, a.oldestID())
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
