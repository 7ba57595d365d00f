package membership

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/haloydev/haloy/contract"
)

// DefaultFile is where the state lives on the sidecar's data volume.
const DefaultFile = contract.DataDir + "/membership.json"

// Store keeps State in one JSON file. The sidecar and its one-shot
// subcommands (separate processes) share it: updates hold an exclusive
// lock on File+".lock" and replace the file atomically.
type Store struct {
	// File is the state file.
	File string
}

// Load reads the state; a missing file is the empty state.
func (s Store) Load() (State, error) {
	var st State
	data, err := os.ReadFile(s.File)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("reading %s: %w", s.File, err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, fmt.Errorf("reading %s: %w", s.File, err)
	}
	return st, nil
}

// Update applies change to the stored state under the lock and saves it
// unless change fails.
func (s Store) Update(change func(*State) error) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	st, err := s.Load()
	if err != nil {
		return err
	}
	if err := change(&st); err != nil {
		return err
	}
	return s.save(st)
}

func (s Store) lock() (func(), error) {
	if err := os.MkdirAll(filepath.Dir(s.File), 0o700); err != nil {
		return nil, fmt.Errorf("creating %s: %w", filepath.Dir(s.File), err)
	}
	f, err := os.OpenFile(s.File+".lock", os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening %s.lock: %w", s.File, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("locking %s.lock: %w", s.File, err)
	}
	return func() { f.Close() }, nil
}

func (s Store) save(st State) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp := s.File + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("writing %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, s.File); err != nil {
		return fmt.Errorf("replacing %s: %w", s.File, err)
	}
	return nil
}
