package secrets

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/haloydev/haloy/internal/suggest"
)

// Store is the encrypted secrets in one config folder. Open reads it once;
// Set and Delete read the file again before writing it, so they never drop
// secrets that another process stored in the meantime. A Store is safe for
// use by several goroutines. It never holds a decrypted value or the private
// key.
type Store struct {
	dir     string
	mu      sync.Mutex
	records map[string]record
}

// Entry describes a stored secret without its value.
type Entry struct {
	// Name is the secret's name.
	Name string `json:"name"`
	// Created is when the secret was first set.
	Created time.Time `json:"created"`
	// Updated is when its value was last set.
	Updated time.Time `json:"updated"`
}

// now is the clock for Created and Updated.
var now = func() time.Time { return time.Now().UTC() }

// Open reads the store in dir (see ConfigDir). A folder without a store is
// an empty store. Open needs no identity.
func Open(dir string) (*Store, error) {
	s := &Store{dir: dir}
	recs, err := readStore(s.path())
	if err != nil {
		return nil, err
	}
	s.records = recs
	return s, nil
}

// String names the store's file and how many secrets it holds.
func (s *Store) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprintf("secrets store %s (%d secrets)", s.path(), len(s.records))
}

// path is the store's file.
func (s *Store) path() string { return filepath.Join(s.dir, StoreFile) }

// Set encrypts value and stores it as name, replacing any value it had. It
// needs only the public key: from HALOY_AGE_IDENTITY, else the identity
// file, else the recipient file.
func (s *Store) Set(name, value string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	rs, err := loadRecipients(s.dir)
	if err != nil {
		return err
	}
	ct, err := encrypt(value, rs)
	if err != nil {
		return fmt.Errorf("setting secret %q: %w", name, err)
	}
	return s.update(func(recs map[string]record) error {
		t := now()
		r, ok := recs[name]
		if !ok {
			r = record{Name: name, Created: t}
		}
		r.Updated, r.Ciphertext = t, ct
		recs[name] = r
		return nil
	})
}

// Get decrypts the secret name. It needs the identity.
func (s *Store) Get(name string) (string, error) {
	r, err := s.lookup(name, "set it with: "+setCommand+" "+name)
	if err != nil {
		return "", err
	}
	ids, err := loadIdentities(s.dir)
	if err != nil {
		return "", err
	}
	return decrypt(r, ids, s.dir)
}

// List describes every stored secret, sorted by name. It never returns
// values.
func (s *Store) List() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	entries := make([]Entry, 0, len(s.records))
	for _, name := range slices.Sorted(maps.Keys(s.records)) {
		r := s.records[name]
		entries = append(entries, Entry{Name: r.Name, Created: r.Created, Updated: r.Updated})
	}
	return entries
}

// Delete removes the secret name. Deleting a secret that does not exist is
// an ErrNotFound error.
func (s *Store) Delete(name string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	return s.update(func(recs map[string]record) error {
		if _, ok := recs[name]; !ok {
			return notFound(name, slices.Collect(maps.Keys(recs)), listCommand+" shows the stored ones")
		}
		delete(recs, name)
		return nil
	})
}

// lookup returns the record of name, or an ErrNotFound error ending in fix.
func (s *Store) lookup(name, fix string) (record, error) {
	if err := ValidateName(name); err != nil {
		return record{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[name]
	if !ok {
		return record{}, notFound(name, slices.Collect(maps.Keys(s.records)), fix)
	}
	return r, nil
}

// update re-reads the file, lets change edit the secrets, and writes the
// result back atomically. Nothing is written when change fails.
func (s *Store) update(change func(map[string]record) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	recs, err := readStore(s.path())
	if err != nil {
		return err
	}
	if err := change(recs); err != nil {
		return err
	}
	if err := writeStore(s.path(), recs); err != nil {
		return err
	}
	s.records = recs
	return nil
}

// notFound is the error for a missing secret name, with a "did you mean"
// when a stored name is close, and fix.
func notFound(name string, known []string, fix string) error {
	slices.Sort(known)
	if near := suggest.Closest(name, known); near != "" {
		fix = fmt.Sprintf("did you mean %q? otherwise %s", near, fix)
	}
	return fmt.Errorf("secret %q %w (%s)", name, ErrNotFound, fix)
}
