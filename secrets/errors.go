package secrets

import "errors"

var (
	// ErrNotFound is wrapped by errors for a secret name the store does not hold.
	ErrNotFound = errors.New("not found")
	// ErrNoIdentity is wrapped when neither HALOY_AGE_IDENTITY nor the
	// identity file (nor, for Set, the recipient file) exists.
	ErrNoIdentity = errors.New("no age identity found")
	// ErrWrongIdentity is wrapped when a secret was encrypted for another key.
	ErrWrongIdentity = errors.New("it was encrypted for another key")
	// ErrIdentityExists is wrapped when Init finds an identity already in place.
	ErrIdentityExists = errors.New("identity already exists")
	// ErrInvalidName is wrapped when a secret name breaks the naming rules.
	ErrInvalidName = errors.New("invalid secret name")
)

// Commands named in hints, so a message tells the human what to run.
const (
	initCommand = "docker haloy secrets init"
	setCommand  = "docker haloy secrets set"
	listCommand = "docker haloy secrets list"
)
