package project

import (
	"bytes"
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// ComposeV1Version is the file format version ComposeV1YAML writes: the
// newest of the 2.x line, whose `scale` the Python docker-compose (1.29,
// Debian's package) applies; 3.x needs Swarm for replicas.
const ComposeV1Version = "2.4"

// ComposeV1YAML renders p as a Compose file that docker-compose 1.29
// accepts: a `version` key and no top-level `name` (pass the project name
// with -p), `scale` instead of `deploy.replicas`, and none of the empty
// `bind: {}` / `volume: {}` blocks the 2.x schema refuses.
func ComposeV1YAML(p *types.Project) ([]byte, error) {
	out, err := YAML(p)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		return nil, fmt.Errorf("reading project %s: %w", p.Name, err)
	}
	delete(doc, "name")
	doc["version"] = ComposeV1Version
	services, _ := doc["services"].(map[string]any)
	for _, s := range services {
		if svc, ok := s.(map[string]any); ok {
			toV1Service(svc)
		}
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("marshalling project %s: %w", p.Name, err)
	}
	return buf.Bytes(), nil
}

// toV1Service rewrites one service's spec-only keys for the 2.4 format.
func toV1Service(svc map[string]any) {
	if d, ok := svc["deploy"].(map[string]any); ok {
		if r, ok := d["replicas"]; ok {
			svc["scale"] = r
		}
		delete(svc, "deploy")
	}
	vols, _ := svc["volumes"].([]any)
	for _, v := range vols {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		for _, k := range []string{"bind", "volume", "tmpfs"} {
			if sub, ok := m[k].(map[string]any); ok && len(sub) == 0 {
				delete(m, k)
			}
		}
	}
}
