package config

import (
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"
)

// Caps on a haloy.yaml, so that no file costs more than a moment to read.
const (
	// MaxFileBytes is the largest haloy.yaml read (1 MiB): a real one is a
	// few kilobytes, even with a hundred domains and environment variables.
	MaxFileBytes = 1 << 20
	// MaxAliasNodes is how many YAML nodes aliases (*name) may add to a file
	// when each is replaced by what it stands for. Aliases share settings
	// between apps; nested ones ("billion laughs") would otherwise make a
	// file of a few kilobytes decode into billions of fields.
	MaxAliasNodes = 100_000
	// MaxEnv is how many env entries an app may have: every one becomes a
	// container variable and a line of the deployment's snapshot, and a
	// real app has tens. A list over it is refused before its entries are
	// checked, so a file of thousands of entries costs no more than one.
	MaxEnv = 1000
	// MaxVolumes is how many volumes an app may mount.
	MaxVolumes = 100
)

// readCapped reads the file at path, refusing one over MaxFileBytes
// without reading it all.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return data, nil
}

// envCapError is the reason and the fix for an env list of n > MaxEnv entries.
func envCapError(n int) (reason, hint string) {
	return fmt.Sprintf("env lists %d variables, more than the %d allowed per app", n, MaxEnv),
		"keep env to the app's settings; put bulk data in a file mounted with volumes, or in one secret"
}

// checkSize reports a file over MaxFileBytes.
func checkSize(file string, data []byte, errs *Errors) bool {
	if len(data) <= MaxFileBytes {
		return true
	}
	errs.add(file, 0, "", fmt.Sprintf("the file is larger than the %d-byte (1 MiB) limit for a haloy.yaml", MaxFileBytes),
		"keep the file to the apps' settings; move long values (certificates, scripts) into files or secrets")
	return false
}

// checkAliases reports a document whose aliases, expanded, add more than
// MaxAliasNodes nodes. Merge keys count as the decoder expands them (each
// merged mapping once per mapping). The count is memoized per node, so
// nesting aliases deeply costs no more than writing them.
func checkAliases(file string, root *yaml.Node, errs *Errors) bool {
	const ceiling = 1 << 50 // saturate: deep nesting would overflow int
	sizes := map[*yaml.Node]int{}
	var count func(n *yaml.Node) int
	count = func(n *yaml.Node) int {
		if s, ok := sizes[n]; ok {
			return s
		}
		sizes[n] = 1 // an alias cycle counts once
		s := 1
		switch {
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			s += count(n.Alias)
		case n.Kind == yaml.MappingNode:
			for _, p := range pairs(n) { // merge keys as the decoder expands them
				s = min(s+count(p.key)+count(p.value), ceiling)
			}
		default:
			for _, c := range n.Content {
				s = min(s+count(c), ceiling)
			}
		}
		sizes[n] = s
		return s
	}
	total := count(root)
	if total-len(sizes) <= MaxAliasNodes {
		return true
	}
	errs.add(file, 0, "", fmt.Sprintf("the file's aliases (*name) expand to more than %d extra YAML nodes", MaxAliasNodes),
		"write the shared settings out, or alias whole mappings instead of aliases of aliases")
	return false
}

// briefBytes is how much of a value an error message quotes.
const briefBytes = 64

// brief shortens a value for an error message, so that refusing an
// oversized value does not print it whole.
func brief(v string) string {
	if len(v) <= briefBytes {
		return v
	}
	return v[:briefBytes] + "..."
}
