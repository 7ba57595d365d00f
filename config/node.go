package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/haloydev/haloy/internal/suggest"
	"gopkg.in/yaml.v3"
)

// handlers decode the value of each known key of a mapping; the argument is
// the field path of the key.
type handlers map[string]func(path string, v *yaml.Node)

// deref follows YAML aliases (*name) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// pair is one key and value of a mapping.
type pair struct{ key, value *yaml.Node }

// pairs lists the entries of mapping m. Merge keys (<<: *defaults) are
// expanded in place of the explicit keys they do not override, so callers
// see each key once unless the file itself repeats it.
func pairs(m *yaml.Node) []pair {
	return mappingPairs(m, map[*yaml.Node]bool{})
}

// mappingPairs is pairs with the set of mappings merged so far: merging one
// twice adds nothing (earlier entries win), and skipping it keeps a file
// full of nested merges from costing exponential time.
func mappingPairs(m *yaml.Node, merged map[*yaml.Node]bool) []pair {
	merged[m] = true
	var from, explicit []pair
	have := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.ShortTag() == "!!merge" {
			from = append(from, mergedPairs(v, merged)...)
			continue
		}
		explicit = append(explicit, pair{k, v})
		have[k.Value] = true
	}
	out := make([]pair, 0, len(from)+len(explicit))
	for _, p := range from {
		if !have[p.key.Value] {
			have[p.key.Value] = true
			out = append(out, p)
		}
	}
	return append(out, explicit...)
}

// mergedPairs are the entries a merge key's value brings in: one mapping or
// a list of them, earlier ones winning.
func mergedPairs(v *yaml.Node, merged map[*yaml.Node]bool) []pair {
	var maps []*yaml.Node
	switch v = deref(v); v.Kind {
	case yaml.MappingNode:
		maps = []*yaml.Node{v}
	case yaml.SequenceNode:
		for _, m := range v.Content {
			maps = append(maps, deref(m))
		}
	}
	var out []pair
	for _, m := range maps {
		if m.Kind == yaml.MappingNode && !merged[m] {
			out = append(out, mappingPairs(m, merged)...)
		}
	}
	return out
}

// mapping decodes mapping n at path with one handler per known key. Keys
// starting with "x-" are extensions and are skipped, as in Compose files.
// It reports a value that is not a mapping, unknown keys and repeated keys.
func (s *site) mapping(path string, n *yaml.Node, h handlers) {
	if n = deref(n); n.Kind != yaml.MappingNode {
		s.failAt(n.Line, path, fmt.Sprintf("%s must be a mapping of keys to values", describe(path)), "write key: value pairs, indented under "+lastKey(path))
		return
	}
	seen := map[string]int{}
	var guesses []string
	for _, p := range pairs(n) {
		key, kpath := p.key.Value, join(path, p.key.Value)
		if first, ok := seen[key]; ok {
			s.failAt(p.key.Line, kpath, fmt.Sprintf("key %q is set twice (first at line %d)", key, first), "keep one of them")
			continue
		}
		seen[key] = p.key.Line
		if strings.HasPrefix(key, "x-") {
			continue
		}
		decode, ok := h[key]
		if !ok {
			guesses = append(guesses, s.unknownKey(p.key, path, key, h))
			continue
		}
		s.lines[kpath] = p.key.Line
		decode(kpath, p.value)
	}
	for _, g := range guesses {
		if _, set := seen[g]; g != "" && !set {
			s.bad[join(path, g)] = true // "missing" would repeat the typo's error
		}
	}
}

// unknownKey reports key under path with a did-you-mean hint, and returns
// the known key it guessed ("" for none).
func (s *site) unknownKey(k *yaml.Node, path, key string, h handlers) string {
	known := make([]string, 0, len(h))
	for name := range h {
		known = append(known, name)
	}
	slices.Sort(known)
	reason := fmt.Sprintf("unknown key %q", key)
	if path != "" {
		reason += " in " + path
	}
	hint := "known keys are " + strings.Join(known, ", ")
	guess := closestKey(key, known)
	if guess != "" {
		hint = "did you mean " + guess + "?"
	} else if where, ok := misplacedKeys[key]; ok && path == "" {
		hint = "it belongs under " + where
	}
	s.failAt(k.Line, join(path, key), reason, hint)
	return guess
}

// closestKey is the known key that key is a typo or an abbreviation of
// ("repo" for repository), or "".
func closestKey(key string, known []string) string {
	if m := suggest.Closest(key, known); m != "" {
		return m
	}
	for _, k := range known {
		if len(key) >= 3 && strings.HasPrefix(strings.ToLower(k), strings.ToLower(key)) {
			return k
		}
	}
	return ""
}

// misplacedKeys are keys of nested mappings that people write at the top of an app.
var misplacedKeys = map[string]string{
	"image":      "source",
	"repository": "source.image",
	"tag":        "source.image",
	"aliases":    "a domains entry: - domain: app.example.com",
	"secretName": "an env entry: - name: MY_VAR",
}

// str decodes a scalar as text, whatever its YAML type: "port: 8080" and
// "tag: 1.10" keep the digits as written. A null value is "".
func (s *site) str(path string, n *yaml.Node) string {
	if n = deref(n); n.Kind != yaml.ScalarNode {
		s.failAt(n.Line, path, describe(path)+" must be a single value", "write it on one line, e.g. "+lastKey(path)+": value")
		return ""
	}
	if n.ShortTag() == "!!null" {
		return ""
	}
	return n.Value
}

// number decodes a whole number, keeping def when the value is not one.
func (s *site) number(path string, n *yaml.Node, def int) int {
	v := deref(n)
	i, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || err != nil {
		s.failAt(v.Line, path, fmt.Sprintf("%s %q is not a whole number", describe(path), v.Value), "write a number, e.g. "+lastKey(path)+": 2")
		return def
	}
	return i
}

// strs decodes a list of single values; each item's line is recorded as path[i].
func (s *site) strs(path string, n *yaml.Node) []string {
	return list(s, path, n, s.str)
}

// list decodes each item of a list with decode, recording each item's line
// as path[i] so errors about it name that line.
func list[T any](s *site, path string, n *yaml.Node, decode func(path string, item *yaml.Node) T) []T {
	items := s.seq(path, n)
	out := make([]T, 0, len(items))
	for i, item := range items {
		p := index(path, i)
		s.lines[p] = item.Line
		out = append(out, decode(p, item))
	}
	return out
}

// seq returns the items of a list; null is an empty list.
func (s *site) seq(path string, n *yaml.Node) []*yaml.Node {
	n = deref(n)
	switch {
	case n.Kind == yaml.SequenceNode:
		return n.Content
	case n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		return nil
	}
	s.failAt(n.Line, path, describe(path)+" must be a list", "write one item per line, each starting with \"- \"")
	return nil
}

// index is the field path of item i of the list at path.
func index(path string, i int) string {
	return fmt.Sprintf("%s[%d]", path, i)
}

// describe names a field path in a message ("the file" for the root).
func describe(path string) string {
	if path == "" {
		return "the file"
	}
	return path
}

// lastKey is the final key of a field path, for examples in hints.
func lastKey(path string) string {
	path = strings.TrimRight(path, "]0123456789[")
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[i+1:]
	}
	if path == "" {
		return "name"
	}
	return path
}
