package secrets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"filippo.io/age"
)

// Init creates a new age identity in dir (age_identity.txt, 0600) and its
// public key beside it (age_recipient.txt), and returns the public key
// ("age1..."). It never replaces an existing identity, since every secret
// encrypted for it would become unreadable: it fails with ErrIdentityExists
// instead. HALOY_AGE_IDENTITY, when set, still takes precedence over the file.
func Init(dir string) (recipient string, err error) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		return "", fmt.Errorf("generating age identity: %w", err)
	}
	if err := ensureDir(dir); err != nil {
		return "", err
	}
	if err := createIdentityFile(identityPath(dir), id); err != nil {
		return "", err
	}
	recipient = id.Recipient().String()
	if err := writeFileAtomic(recipientPath(dir), []byte(recipient+"\n")); err != nil {
		return "", err
	}
	return recipient, nil
}

// createIdentityFile writes id to path, failing if path exists. O_EXCL makes
// the check and the creation one step, so two Inits cannot both succeed.
func createIdentityFile(path string, id *age.X25519Identity) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%w at %s (delete it first to start over; existing secrets would become unreadable)", ErrIdentityExists, path)
	}
	if err != nil {
		return fmt.Errorf("creating age identity: %w", err)
	}
	if err := writeAndSync(f, []byte(identityText(id))); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("writing age identity %s: %w", path, err)
	}
	return nil
}

// identityText is id in age-keygen's file format, so the age CLI can use it.
func identityText(id *age.X25519Identity) string {
	return fmt.Sprintf("# created: %s\n# public key: %s\n%s\n",
		time.Now().Format(time.RFC3339), id.Recipient(), id)
}
