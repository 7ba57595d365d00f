package secrets

import (
	"os"
	"path/filepath"
	"testing"
)

func TestConfigDir(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv(EnvConfigDir, "")
	if got, _ := ConfigDir(); got != filepath.Join(home, ".config", "haloy") {
		t.Errorf("ConfigDir without %s = %q", EnvConfigDir, got)
	}
	t.Setenv(EnvConfigDir, "/srv/haloy")
	if got, _ := ConfigDir(); got != "/srv/haloy" {
		t.Errorf("ConfigDir with %s = %q", EnvConfigDir, got)
	}
	t.Chdir(home)
	t.Setenv(EnvConfigDir, "rel")
	if got, _ := ConfigDir(); got != filepath.Join(home, "rel") {
		t.Errorf("ConfigDir with a relative %s = %q, want it made absolute", EnvConfigDir, got)
	}
}

func TestEnsureDirTightensExistingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "haloy")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := ensureDir(dir); err != nil {
		t.Fatal(err)
	}
	wantMode(t, dir, 0o700)
}
