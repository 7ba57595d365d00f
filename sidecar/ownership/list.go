package ownership

import (
	"sort"
	"time"
)

// States of a Listed domain.
const (
	// StateServing: the owner has containers.
	StateServing = "serving"
	// StateOwnerGone: the owner has none; the domain is free at FreeAt.
	StateOwnerGone = "owner gone"
)

// Listed is one owned domain as `docker haloy domains` shows it.
type Listed struct {
	// Domain is the host name.
	Domain string `json:"domain"`
	// Owner is the owning app.
	Owner string `json:"owner"`
	// Since is when Owner became the owner.
	Since time.Time `json:"since"`
	// State is StateServing or StateOwnerGone.
	State string `json:"state"`
	// FreeAt is when the domain becomes free, for StateOwnerGone.
	FreeAt time.Time `json:"freeAt,omitzero"`
}

// List returns the owned domains sorted by name.
func (t Table) List() []Listed {
	out := make([]Listed, 0, len(t))
	for h, e := range t {
		l := Listed{Domain: h, Owner: e.App, Since: e.Since, State: StateServing}
		if e.Gone() {
			l.State, l.FreeAt = StateOwnerGone, e.FreeAt
		}
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Domain < out[j].Domain })
	return out
}
