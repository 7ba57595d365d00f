package api

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/haloydev/haloy/contract"
)

// DefaultTokenFile is where the token lives on the sidecar's data volume.
const DefaultTokenFile = contract.DataDir + "/api-token"

// tokenBytes is the token's entropy: 32 random bytes, 43 base64url characters.
const tokenBytes = 32

// ErrNoToken means the token file does not exist yet.
var ErrNoToken = errors.New("the API token has not been created yet")

// NewToken returns a fresh random token (32 bytes, base64url without padding).
func NewToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// ReadToken returns the token stored at path, or ErrNoToken.
func ReadToken(path string) (string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "", ErrNoToken
	}
	if err != nil {
		return "", fmt.Errorf("reading the API token: %w", err)
	}
	tok := strings.TrimSpace(string(data))
	if tok == "" {
		return "", fmt.Errorf("the API token file %s is empty (rotate it: docker haloy api token --rotate)", path)
	}
	return tok, nil
}

// EnsureToken returns the token at path, creating it (mode 0600) when
// there is none. Two callers racing both get the one that was stored.
func EnsureToken(path string) (string, error) {
	tok, err := ReadToken(path)
	if !errors.Is(err, ErrNoToken) {
		return tok, err
	}
	tmp, _, err := writeTemp(path)
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("storing the API token: %w", err)
	}
	return ReadToken(path)
}

// RotateToken replaces the token at path with a fresh one and returns it.
// A running server reads the file on every request, so the old token
// stops working at once.
func RotateToken(path string) (string, error) {
	tmp, tok, err := writeTemp(path)
	if err != nil {
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("storing the API token: %w", err)
	}
	return tok, nil
}

// writeTemp writes a fresh token to a 0600 file beside path.
func writeTemp(path string) (string, string, error) {
	tok, err := NewToken()
	if err != nil {
		return "", "", err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", fmt.Errorf("creating %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".api-token-*")
	if err != nil {
		return "", "", fmt.Errorf("writing the API token: %w", err)
	}
	_, werr := f.WriteString(tok + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(f.Name())
		return "", "", fmt.Errorf("writing the API token: %w", werr)
	}
	return f.Name(), tok, nil
}
