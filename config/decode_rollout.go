package config

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"
)

// duration decodes a Go duration such as "90s" or "2m", keeping def when
// the value is not one. A bare number is not accepted: its unit would be
// a guess.
func (s *site) duration(path string, n *yaml.Node, def Duration) Duration {
	v := deref(n)
	d, err := time.ParseDuration(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil {
		s.failAt(v.Line, path, fmt.Sprintf("%s %q is not a duration", describe(path), v.Value), "write a number with a unit, e.g. "+lastKey(path)+": 30s or 2m")
		return def
	}
	return Duration(d)
}

// decodeUpdate reads the update: mapping (Compose's deploy.update_config).
func (s *site) decodeUpdate(path string, n *yaml.Node, u *Update) {
	s.mapping(path, n, handlers{
		"parallelism":   func(p string, v *yaml.Node) { u.Parallelism = s.number(p, v, u.Parallelism) },
		"order":         func(p string, v *yaml.Node) { u.Order = s.str(p, v) },
		"failureAction": func(p string, v *yaml.Node) { u.FailureAction = s.str(p, v) },
	})
}
