// Package secrets keeps the values of an app's secret environment variables
// encrypted at rest with age (https://age-encryption.org), so haloy.yaml can
// name a secret (env: [{name: DB_PASSWORD, secretName: db-pass}]) without
// holding its value.
//
// # Where things live
//
// Everything sits in one folder, [ConfigDir]: $HALOY_CONFIG_DIR, or
// ~/.config/haloy when that is not set. The package keeps the folder at 0700
// and every file it writes at 0600.
//
//	age_identity.txt   the private key (AGE-SECRET-KEY-1...), in age-keygen's format
//	age_recipient.txt  its public key (age1...), so secrets can be set without the private key
//	secrets.json       every secret: name, created and updated times, the age ciphertext
//
// secrets.json holds one JSON document with a version and a list of secrets
// sorted by name; each value is the binary age ciphertext, base64-encoded.
// It is rewritten atomically (a temporary file renamed over the old one), so
// a crash never leaves half a store behind. One file (rather than one file per
// secret) keeps a store easy to back up and to move between machines.
//
// # The identity
//
// [Init] creates the identity once and returns its public key. It never
// replaces an existing identity: secrets encrypted for it would become
// unreadable. To use the store on another machine (or in CI) without copying
// the file, put the identity in the HALOY_AGE_IDENTITY environment variable;
// when set, it takes precedence over age_identity.txt. The file is a plain age
// identity file, so the age CLI reads it too (age -d -i age_identity.txt).
//
// # Using a store
//
//	dir, err := secrets.ConfigDir()
//	...
//	s, err := secrets.Open(dir)      // reads secrets.json; needs no identity
//	err = s.Set("db-pass", value)    // needs only the public key
//	v, err := s.Get("db-pass")       // needs the identity
//	env, err := s.Resolve(names)     // decrypts many; reports every missing one at once
//
// Set needs only the public key: it comes from HALOY_AGE_IDENTITY, else from
// age_identity.txt, else from age_recipient.txt. So a machine that keeps the
// private key elsewhere (say, in a password manager, handed over through
// HALOY_AGE_IDENTITY only when deploying) can still add and rotate secrets.
//
// # Errors
//
// Errors end with the fix, e.g.
//
//	secret "db-pass" not found (set it with: docker haloy secrets set db-pass)
//
// and can be tested with errors.Is against [ErrNotFound], [ErrNoIdentity],
// [ErrWrongIdentity], [ErrIdentityExists] and [ErrInvalidName]. No error, and
// no String or fmt output of a [Store] or [Entry], ever contains a secret
// value.
package secrets
