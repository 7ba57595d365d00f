package secrets

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
)

// encrypt seals value for the recipients in age's binary format.
func encrypt(value string, rs []age.Recipient) ([]byte, error) {
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, rs...)
	if err != nil {
		return nil, fmt.Errorf("encrypting: %w", err)
	}
	if _, err := io.WriteString(w, value); err != nil {
		return nil, fmt.Errorf("encrypting: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("encrypting: %w", err)
	}
	return buf.Bytes(), nil
}

// decrypt opens the secret r with the identities; dir names the identity
// file in the hint when the key does not match.
func decrypt(r record, ids []age.Identity, dir string) (string, error) {
	pr, err := age.Decrypt(bytes.NewReader(r.Ciphertext), ids...)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return "", fmt.Errorf("cannot decrypt secret %q: %w (check %s or %s)", r.Name, ErrWrongIdentity, EnvIdentity, identityPath(dir))
	}
	if err != nil {
		return "", fmt.Errorf("cannot decrypt secret %q: %w (set it again with: %s %s)", r.Name, err, setCommand, r.Name)
	}
	value, err := io.ReadAll(pr)
	if err != nil {
		return "", fmt.Errorf("cannot decrypt secret %q: %w (set it again with: %s %s)", r.Name, err, setCommand, r.Name)
	}
	return string(value), nil
}
