package ownership

import (
	"sort"

	"github.com/haloydev/haloy/wire"
)

// States of a Listed domain.
const (
	// StateServing: the owner has containers.
	StateServing = wire.DomainServing
	// StateOwnerGone: the owner has none; the domain is free at FreeAt.
	StateOwnerGone = wire.DomainOwnerGone
)

// Listed is one owned domain as `docker haloy domains` shows it (a wire type).
type Listed = wire.OwnedDomain

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
