package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/haloydev/haloy/config"
)

// decodeApp reads the app of a deploy with config.Parse, the haloy.yaml
// decoder: domains as strings or objects, a port as a number or a string,
// unknown keys with a "did you mean" hint, every app rule.
func decodeApp(name string, raw json.RawMessage) (config.App, error) {
	apps, err := config.Parse("app", withName(name, raw))
	if err != nil {
		return config.App{}, configError(err)
	}
	if len(apps) != 1 {
		return config.App{}, badRequest("app", "the app is an apps: list", "send one app's keys (name, source, domains, ...) as app")
	}
	return apps[0], nil
}

// withName returns raw, an empty object when raw is empty or null, with
// "name": name added when raw is an object without a name.
func withName(name string, raw json.RawMessage) []byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		raw = []byte("{}")
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(raw, &keys) != nil || keys == nil {
		return raw // not an object: Parse says so
	}
	if _, ok := keys["name"]; ok {
		return raw
	}
	quoted, _ := json.Marshal(name)
	rest := strings.TrimSpace(string(raw[1:]))
	if rest != "}" {
		rest = ", " + rest
	}
	return fmt.Appendf(nil, `{"name": %s%s`, quoted, rest)
}
