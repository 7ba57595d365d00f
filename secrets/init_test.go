package secrets

import (
	"errors"
	"os"
	"strings"
	"testing"

	"filippo.io/age"
)

func TestInitWritesPrivateFiles(t *testing.T) {
	dir := newDir(t)
	recipient, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantMode(t, dir, 0o700)
	wantMode(t, identityPath(dir), 0o600)
	wantMode(t, recipientPath(dir), 0o600)

	id, err := age.ParseX25519Identity(identityFileKey(t, dir))
	if err != nil {
		t.Fatalf("identity file: %v", err)
	}
	if got := id.Recipient().String(); got != recipient {
		t.Errorf("Init returned %s, identity's public key is %s", recipient, got)
	}
	data, _ := os.ReadFile(recipientPath(dir))
	if strings.TrimSpace(string(data)) != recipient {
		t.Errorf("%s holds %q, want %s", RecipientFile, data, recipient)
	}
	data, _ = os.ReadFile(identityPath(dir))
	if !strings.Contains(string(data), "# public key: "+recipient+"\n") {
		t.Errorf("identity file lacks age-keygen's public key comment:\n%s", data)
	}
}

func TestInitTwiceKeepsTheIdentity(t *testing.T) {
	dir := initDir(t)
	before := identityFileKey(t, dir)
	_, err := Init(dir)
	wantErrText(t, err, "identity already exists at "+identityPath(dir)+
		" (delete it first to start over; existing secrets would become unreadable)")
	if !errors.Is(err, ErrIdentityExists) {
		t.Errorf("error is not ErrIdentityExists: %v", err)
	}
	if after := identityFileKey(t, dir); after != before {
		t.Error("second Init replaced the identity")
	}
}

func TestInitAfterDeletingStartsOver(t *testing.T) {
	dir := initDir(t)
	first := identityFileKey(t, dir)
	if err := os.Remove(identityPath(dir)); err != nil {
		t.Fatal(err)
	}
	recipient, err := Init(dir)
	if err != nil {
		t.Fatalf("Init after delete: %v", err)
	}
	if identityFileKey(t, dir) == first {
		t.Error("Init after delete kept the old key")
	}
	data, _ := os.ReadFile(recipientPath(dir))
	if strings.TrimSpace(string(data)) != recipient {
		t.Errorf("%s still holds the old public key", RecipientFile)
	}
}
