package config

import (
	"errors"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// FuzzParse checks that Parse never panics, that it returns either apps or
// Errors, and that every app it accepts is valid and gives decodable labels.
func FuzzParse(f *testing.F) {
	f.Add([]byte(ExampleYAML))
	f.Add([]byte(minimal))
	f.Add([]byte("apps:\n" + indent(minimal) + indent(minimal)))
	f.Add([]byte("x: &a {name: web}\napps: [*a, {<<: *a, port: 81}]\n"))
	f.Add([]byte("name: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		apps, err := Parse("fuzz.yaml", data)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 || apps != nil {
				t.Fatalf("Parse = %v, %#v; want no apps and Errors", apps, err)
			}
			return
		}
		for _, a := range apps {
			if err := a.Validate(); err != nil {
				t.Fatalf("Parse accepted an app that Validate rejects: %v", err)
			}
			if _, err := labels.Decode(labels.Encode(a.Route("20240102150405"))); err != nil {
				t.Fatalf("Parse accepted an app whose labels do not decode: %v", err)
			}
		}
	})
}
