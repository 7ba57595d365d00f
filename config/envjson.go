package config

import "encoding/json"

// MarshalJSON writes a plain variable's value even when it is empty, so
// that the JSON reads back through Parse (which, like haloy.yaml, wants
// value or secretName on every variable).
func (e EnvVar) MarshalJSON() ([]byte, error) {
	type fields EnvVar // without this method
	if e.SecretName != "" {
		return json.Marshal(fields(e))
	}
	return json.Marshal(struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}{e.Name, e.Value})
}
