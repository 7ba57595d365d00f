package reconcile

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/routing"
)

func TestRefusedContainersAreReportedAndNotRouted(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1"), app("evil", "web", "10.0.0.9")}}
	refuse := func([]routing.Container) (routing.Admissions, error) {
		return routing.Admissions{"id-evil": {Verdict: routing.Refuse, Label: "dev.haloy.appName", Reason: "not a member", Hint: "rename it"}}, nil
	}
	h := startAdmitting(t, lister, refuse)
	h.waitPasses(t, 1)
	waitFor(t, "the first apply", func() bool { return h.applier.count() == 1 })
	h.loop.Hint()
	h.waitPasses(t, 2)
	h.quiet()
	for _, a := range h.applier.last().Apps {
		for _, s := range a.Servers {
			if s.Name == "evil" {
				t.Errorf("the refused container is routed: %+v", a)
			}
		}
	}
	if ps := h.loop.Status().Problems; len(ps) != 1 || ps[0].Container != "evil" || ps[0].Reason != "not a member" {
		t.Errorf("Problems = %v, want evil's refusal", ps)
	}
	if n := h.logs.count("container not routed as labelled"); n != 1 || !strings.Contains(h.logs.String(), "container=evil") {
		t.Errorf("the refusal was logged %d times, want once naming evil:\n%s", n, h.logs.String())
	}
}

func TestMembershipErrorLeavesRoutingUntouched(t *testing.T) {
	lister := &fakeLister{cs: []routing.Container{app("web-1", "web", "10.0.0.1")}}
	var mu sync.Mutex
	var fail error
	admit := func([]routing.Container) (routing.Admissions, error) {
		mu.Lock()
		defer mu.Unlock()
		return nil, fail
	}
	h := startAdmitting(t, lister, admit)
	waitFor(t, "the first apply", func() bool { return h.applier.count() == 1 })
	mu.Lock()
	fail = errors.New("reading /data/membership.json: unexpected end of JSON input")
	mu.Unlock()
	lister.set(nil, nil) // would remove web if applied
	h.loop.Hint()
	h.waitPasses(t, 2)
	h.quiet()
	if got := h.applier.count(); got != 1 {
		t.Errorf("Apply was called %d times, want 1: unreadable membership must not change routing", got)
	}
	if st := h.loop.Status(); !strings.Contains(st.LastError, "membership.json") {
		t.Errorf("LastError = %q, want the membership error", st.LastError)
	}
}

// last is the model applied most recently.
func (f *fakeApplier) last() haproxy.Model {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.models[len(f.models)-1]
}
