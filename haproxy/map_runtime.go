package haproxy

import (
	"context"
	"strings"
)

// SetMapEntry makes key map to value in the map file file (as HAProxy
// names it: the path in the configuration), in memory: "set map", or
// "add map" when the key is not there yet. Write the file too, so a
// reload keeps it.
func (r Runtime) SetMapEntry(ctx context.Context, file, key, value string) error {
	if err := checkPaths(file); err != nil {
		return err
	}
	if err := checkNames(key, value); err != nil {
		return err
	}
	out, err := r.Exec(ctx, "set map "+file+" "+key+" "+value)
	if err != nil || out == "" {
		return err
	}
	return r.expect(ctx, "add map "+file+" "+key+" "+value, "")
}

// MapEntries returns the key-value pairs HAProxy holds for the map file.
func (r Runtime) MapEntries(ctx context.Context, file string) (map[string]string, error) {
	if err := checkPaths(file); err != nil {
		return nil, err
	}
	cmd := "show map " + file
	out, err := r.Exec(ctx, cmd)
	if err != nil {
		return nil, err
	}
	entries := map[string]string{}
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case len(f) == 3:
			entries[f[1]] = f[2]
		default:
			return nil, &CommandError{Command: cmd, Answer: out}
		}
	}
	return entries, nil
}
