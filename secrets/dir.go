package secrets

import (
	"fmt"
	"os"
	"path/filepath"
)

// Environment variables the package reads.
const (
	// EnvConfigDir overrides the folder that holds the identity and the store.
	EnvConfigDir = "HALOY_CONFIG_DIR"
	// EnvIdentity holds an age identity (AGE-SECRET-KEY-1...). When set, it
	// takes precedence over the identity file.
	EnvIdentity = "HALOY_AGE_IDENTITY"
)

// File names inside the config folder.
const (
	// IdentityFile holds the private key, in age-keygen's format.
	IdentityFile = "age_identity.txt"
	// RecipientFile holds the public key that matches IdentityFile.
	RecipientFile = "age_recipient.txt"
	// StoreFile holds the encrypted secrets.
	StoreFile = "secrets.json"
)

// ConfigDir returns the folder that holds the identity and the store:
// $HALOY_CONFIG_DIR when set (made absolute), else ~/.config/haloy. It does
// not create the folder.
func ConfigDir() (string, error) {
	if dir := os.Getenv(EnvConfigDir); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("resolving %s=%s: %w", EnvConfigDir, dir, err)
		}
		return abs, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("finding the config folder: %w (set %s)", err, EnvConfigDir)
	}
	return filepath.Join(home, ".config", "haloy"), nil
}

// ensureDir creates dir if needed and makes it private (0700): it holds the
// private key, so an existing folder that others can read is tightened too.
func ensureDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	return nil
}
