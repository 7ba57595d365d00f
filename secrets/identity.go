package secrets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
)

// identityPath is where dir keeps the private key.
func identityPath(dir string) string { return filepath.Join(dir, IdentityFile) }

// recipientPath is where dir keeps the public key.
func recipientPath(dir string) string { return filepath.Join(dir, RecipientFile) }

// loadIdentities returns the identities that decrypt secrets:
// HALOY_AGE_IDENTITY when set, else the identity file in dir.
func loadIdentities(dir string) ([]age.Identity, error) {
	if v := strings.TrimSpace(os.Getenv(EnvIdentity)); v != "" {
		return parseIdentities(v, EnvIdentity)
	}
	path := identityPath(dir)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s and %s is not set (run: %s)", ErrNoIdentity, path, EnvIdentity, initCommand)
	}
	if err != nil {
		return nil, fmt.Errorf("reading age identity: %w", err)
	}
	return parseIdentities(string(data), path)
}

// parseIdentities parses identity text from source (a file or the
// environment variable). The error leaves out age's own reason, which may
// quote characters of the key.
func parseIdentities(text, source string) ([]age.Identity, error) {
	ids, err := age.ParseIdentities(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("%s does not hold a valid age identity (want a line starting with AGE-SECRET-KEY-1, as written by: %s)", source, initCommand)
	}
	return ids, nil
}

// loadRecipients returns the public keys Set encrypts to: those of the
// identities when available, else the recipient file in dir.
func loadRecipients(dir string) ([]age.Recipient, error) {
	ids, err := loadIdentities(dir)
	if errors.Is(err, ErrNoIdentity) {
		return readRecipientFile(recipientPath(dir), err)
	}
	if err != nil {
		return nil, err
	}
	return recipientsOf(ids)
}

// readRecipientFile parses the recipient file at path; when there is none
// it returns noIdentity, the reason it was looked for.
func readRecipientFile(path string, noIdentity error) ([]age.Recipient, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noIdentity
	}
	if err != nil {
		return nil, fmt.Errorf("reading age recipient: %w", err)
	}
	rs, err := age.ParseRecipients(strings.NewReader(string(data)))
	if err != nil {
		return nil, fmt.Errorf("reading age recipient %s: %w (delete it to derive it from %s again)", path, err, IdentityFile)
	}
	return rs, nil
}

// recipientsOf returns the public key of each identity.
func recipientsOf(ids []age.Identity) ([]age.Recipient, error) {
	rs := make([]age.Recipient, 0, len(ids))
	for _, id := range ids {
		switch id := id.(type) {
		case *age.X25519Identity:
			rs = append(rs, id.Recipient())
		case *age.HybridIdentity:
			rs = append(rs, id.Recipient())
		default:
			return nil, fmt.Errorf("age identity of type %T has no known public key", id)
		}
	}
	return rs, nil
}
