// Package labels is the dev.haloy.* label contract: the one interface between
// everything that starts containers (the docker haloy CLI, plain Compose,
// Portainer stacks) and the sidecar that routes them.
//
// Encode turns a Route into labels; Decode reads labels back into a Route and
// validates them, returning LabelErrors: one *LabelError for each offending
// label, with the reason and the fix. The package uses the standard library
// only.
package labels
