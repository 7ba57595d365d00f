package acme

import (
	"fmt"
	"os"
	"path/filepath"
)

const (
	// dirMode is the mode of every directory the store creates.
	dirMode os.FileMode = 0o700
	// fileMode is the mode of every file the store writes (keys included).
	fileMode os.FileMode = 0o600
)

// ensureDir creates dir (and parents) with dirMode and tightens dir itself
// to dirMode if it already existed with looser permissions.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := os.Chmod(dir, dirMode); err != nil {
		return fmt.Errorf("restricting %s: %w", dir, err)
	}
	return nil
}

// writeFileAtomic replaces path with data (mode fileMode) so that a reader
// sees either the old or the new content, never a partial file. The data
// is first written to a file in tmpDir, which must be on the same file
// system, so that no half-written file ever appears beside path.
func writeFileAtomic(path, tmpDir string, data []byte) error {
	dir := filepath.Dir(path)
	for _, d := range []string{dir, tmpDir} {
		if err := ensureDir(d); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(tmpDir, filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if err := writeAndSync(tmp, data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return syncDir(dir)
}

// writeAndSync writes data to f with fileMode, flushes and closes it.
func writeAndSync(f *os.File, data []byte) error {
	if err := f.Chmod(fileMode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes dir so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
