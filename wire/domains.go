package wire

import "time"

// States of an OwnedDomain.
const (
	// DomainServing: the owner has containers.
	DomainServing = "serving"
	// DomainOwnerGone: the owner has none; the domain is free at FreeAt.
	DomainOwnerGone = "owner gone"
)

// OwnedDomain is one owned domain as `docker haloy domains` shows it.
type OwnedDomain struct {
	// Domain is the host name.
	Domain string `json:"domain"`
	// Owner is the owning app.
	Owner string `json:"owner"`
	// Since is when Owner became the owner.
	Since time.Time `json:"since"`
	// State is DomainServing or DomainOwnerGone.
	State string `json:"state"`
	// FreeAt is when the domain becomes free, for DomainOwnerGone.
	FreeAt time.Time `json:"freeAt,omitzero"`
}
