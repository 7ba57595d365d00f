// Package config reads haloy.yaml: one app (its keys at the top level), or an
// apps: list of them.
//
// Load and Parse decode the file with line numbers kept, apply the defaults
// (DefaultPort, DefaultReplicas, ...) to keys the file leaves out, and check
// every field. They report every mistake of the file at once, as Errors of
// *FieldError, each with the file, the line and a hint:
//
//	haloy.yaml:7: unknown key "healthcheckPath" in app "web" (did you mean healthCheckPath?)
//
// Domains are written as host names or as {domain, aliases}; port may be a
// number or a string. YAML anchors and merge keys (<<: *defaults) work, and
// keys starting with "x-" are ignored, as in Compose files, to hold them.
//
// App.Validate runs the same checks on an App built in code, App.Route turns
// an app into the dev.haloy.* label contract (package labels), Schema is the
// JSON Schema of the file for editors, and ExampleYAML a commented example.
package config
