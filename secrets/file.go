package secrets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"time"
)

// fileVersion is the secrets.json format this package reads and writes.
const fileVersion = 1

// storeFile is the JSON document in secrets.json.
type storeFile struct {
	// Version is the format version, fileVersion.
	Version int `json:"version"`
	// Secrets are the stored secrets, sorted by name.
	Secrets []record `json:"secrets"`
}

// record is one stored secret.
type record struct {
	// Name is the secret's name.
	Name string `json:"name"`
	// Created is when the secret was first set.
	Created time.Time `json:"created"`
	// Updated is when its value was last set.
	Updated time.Time `json:"updated"`
	// Ciphertext is the value encrypted with age (binary format); JSON holds
	// it base64-encoded.
	Ciphertext []byte `json:"ciphertext"`
}

// readStore reads the secrets at path, by name. A missing file is an empty
// store.
func readStore(path string) (map[string]record, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]record{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading secrets: %w", err)
	}
	var f storeFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("reading secrets %s: %w", path, err)
	}
	return f.byName(path)
}

// byName checks the document read from path and indexes it by name.
func (f storeFile) byName(path string) (map[string]record, error) {
	if f.Version != fileVersion {
		return nil, fmt.Errorf("reading secrets %s: format version %d, want %d (is this docker haloy older than the one that wrote it?)", path, f.Version, fileVersion)
	}
	recs := make(map[string]record, len(f.Secrets))
	for _, r := range f.Secrets {
		if err := ValidateName(r.Name); err != nil {
			return nil, fmt.Errorf("reading secrets %s: %w", path, err)
		}
		if _, dup := recs[r.Name]; dup {
			return nil, fmt.Errorf("reading secrets %s: secret %q appears twice (remove one by hand)", path, r.Name)
		}
		recs[r.Name] = r
	}
	return recs, nil
}

// writeStore atomically replaces the secrets at path with recs.
func writeStore(path string, recs map[string]record) error {
	f := storeFile{Version: fileVersion, Secrets: make([]record, 0, len(recs))}
	for _, name := range slices.Sorted(maps.Keys(recs)) {
		f.Secrets = append(f.Secrets, recs[name])
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding secrets: %w", err)
	}
	return writeFileAtomic(path, append(data, '\n'))
}
