package ownership

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/haloydev/haloy/contract"
)

// DefaultFile is where the sidecar keeps the table on its data volume.
const DefaultFile = contract.DataDir + "/ownership/domains.json"

// Store keeps a Table in a JSON file. Update holds an exclusive lock on a
// file beside it, so the daemon and the domains subcommand (another
// process) never lose each other's changes.
type Store struct {
	// Path is the JSON file.
	Path string
}

// Load reads the table; a missing file is an empty table.
func (s Store) Load() (Table, error) {
	b, err := os.ReadFile(s.Path)
	if errors.Is(err, os.ErrNotExist) {
		return Table{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Path, err)
	}
	t := Table{}
	if err := json.Unmarshal(b, &t); err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Path, err)
	}
	return t, nil
}

// Update loads the table under the lock, lets fn change it and writes it
// back atomically if fn reports a change.
func (s Store) Update(fn func(Table) (bool, error)) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	t, err := s.Load()
	if err != nil {
		return err
	}
	changed, err := fn(t)
	if err != nil || !changed {
		return err
	}
	return s.write(t)
}

func (s Store) lock() (func(), error) {
	if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
		return nil, fmt.Errorf("creating %s: %w", filepath.Dir(s.Path), err)
	}
	f, err := os.OpenFile(s.Path+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s.lock: %w", s.Path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s.lock: %w", s.Path, err)
	}
	return func() { f.Close() }, nil
}

// write replaces the file through a temporary file and a rename, so a
// crash leaves either the old table or the new one.
func (s Store) write(t Table) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", s.Path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.Path), ".domains-*.json")
	if err != nil {
		return fmt.Errorf("writing %s: %w", s.Path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("syncing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), s.Path); err != nil {
		return fmt.Errorf("replacing %s: %w", s.Path, err)
	}
	return nil
}
