package membership

import (
	"sort"
	"time"
)

// Retiring records containers of app that a deploy handed over to the
// sidecar once traffic had moved off them and they were drained: the
// sidecar stops and removes them, never routes them again, and drops each
// from the record once the engine no longer has it. A deploy that hands
// over a container already recorded keeps its first time.
func (s *State) Retiring(app string, containers []string, now time.Time) {
	if len(containers) == 0 {
		return
	}
	a := s.app(app)
	if a.Retiring == nil {
		a.Retiring = map[string]time.Time{}
	}
	for _, c := range containers {
		if _, ok := a.Retiring[c]; !ok {
			a.Retiring[c] = now
		}
	}
	s.Apps[app] = a
}

// Removed drops containers the engine no longer has from every app's
// retiring record; it reports whether anything changed.
func (s *State) Removed(containers []string) bool {
	changed := false
	for name, a := range s.Apps {
		for _, c := range containers {
			if _, ok := a.Retiring[c]; ok {
				delete(a.Retiring, c)
				changed = true
			}
		}
		if len(a.Retiring) == 0 {
			a.Retiring = nil
		}
		s.Apps[name] = a
	}
	return changed
}

// RetiringContainer is one container the sidecar is to stop and remove.
type RetiringContainer struct {
	// App is the app it belonged to.
	App string
	// ID is its container id.
	ID string
	// Since is when the deploy handed it over.
	Since time.Time
}

// RetiringContainers lists every recorded retiring container, oldest
// first (then by app and id), so the work is done in a stable order.
func (s State) RetiringContainers() []RetiringContainer {
	var out []RetiringContainer
	for name, a := range s.Apps {
		for id, since := range a.Retiring {
			out = append(out, RetiringContainer{App: name, ID: id, Since: since})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		if out[i].App != out[j].App {
			return out[i].App < out[j].App
		}
		return out[i].ID < out[j].ID
	})
	return out
}
