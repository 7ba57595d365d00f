package jsonout

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// Check reports the places in a JSON document that break the style:
// object keys that are not camelCase (a lower-case first letter, no
// underscores, dashes or spaces) and null values. Map keys that are data
// (app names, domains) should not be passed through Check; list them in
// dataKeys to skip the keys of the objects found under those paths'
// last element (e.g. "labels").
func Check(doc []byte, dataKeys ...string) []string {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return []string{fmt.Sprintf("not JSON: %v", err)}
	}
	var bad []string
	walk(v, "$", dataKeys, false, &bad)
	return bad
}

func walk(v any, path string, dataKeys []string, data bool, bad *[]string) {
	switch x := v.(type) {
	case nil:
		*bad = append(*bad, path+" is null")
	case []any:
		for i, e := range x {
			walk(e, fmt.Sprintf("%s[%d]", path, i), dataKeys, false, bad)
		}
	case map[string]any:
		for k, e := range x {
			if !data && !camel(k) {
				*bad = append(*bad, fmt.Sprintf("%s: key %q is not camelCase", path, k))
			}
			walk(e, path+"."+k, dataKeys, !data && contains(dataKeys, k), bad)
		}
	}
}

func camel(k string) bool {
	if k == "" || !unicode.IsLower(rune(k[0])) {
		return false
	}
	return !strings.ContainsAny(k, "_- ")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
