package project

import (
	"fmt"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// YAML renders p as a Compose file, for `docker haloy convert` and for
// `docker compose -f - up` or a Portainer stack. Every "$" in environment
// and label values is written as "$$" so that Compose's interpolation gives
// back the literal value.
func YAML(p *types.Project) ([]byte, error) {
	escaped, err := p.WithServicesTransform(func(_ string, s types.ServiceConfig) (types.ServiceConfig, error) {
		return escapeService(s), nil
	})
	if err != nil {
		return nil, fmt.Errorf("escaping project %s: %w", p.Name, err)
	}
	out, err := escaped.MarshalYAML()
	if err != nil {
		return nil, fmt.Errorf("marshalling project %s: %w", p.Name, err)
	}
	return out, nil
}

// escapeService returns s with "$" doubled in its environment and labels.
// The maps are copied; s's own maps stay unchanged.
func escapeService(s types.ServiceConfig) types.ServiceConfig {
	if s.Environment != nil {
		env := make(types.MappingWithEquals, len(s.Environment))
		for k, v := range s.Environment {
			if v != nil {
				e := escape(*v)
				v = &e
			}
			env[k] = v
		}
		s.Environment = env
	}
	if s.Labels != nil {
		l := make(types.Labels, len(s.Labels))
		for k, v := range s.Labels {
			l[k] = escape(v)
		}
		s.Labels = l
	}
	return s
}

func escape(v string) string {
	return strings.ReplaceAll(v, "$", "$$")
}
