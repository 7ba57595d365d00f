// Package config reads haloy.yaml: one app, or an apps: list. It applies
// defaults and validates every field, reporting mistakes with the file, the
// line and a hint such as "did you mean healthCheckPath?".
package config
