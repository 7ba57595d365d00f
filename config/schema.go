package config

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of haloy.yaml, for editors and
// for `docker haloy` to print. Parse does not use it: its own checks give
// better messages.
//
//go:embed haloy.schema.json
var Schema []byte
