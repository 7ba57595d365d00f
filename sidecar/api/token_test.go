package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEnsureTokenCreatesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "api-token")
	tok, err := EnsureToken(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 43 || strings.Trim(tok, tokenChars) != "" {
		t.Errorf("token %q is not 43 base64url characters", tok)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode %v (%v), want 0600", fi.Mode(), err)
	}
	again, err := EnsureToken(path)
	if err != nil || again != tok {
		t.Errorf("second EnsureToken = %q, %v; want the first token", again, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

func TestRotatedTokenTakesEffectAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api-token")
	old, err := EnsureToken(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(New(ctx, Options{Backend: &fakeBackend{}, Token: TokenFile(path)}).Handler())
	defer srv.Close()
	status := func(tok string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/apps", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(old); got != http.StatusOK {
		t.Fatalf("old token before rotation: %d", got)
	}
	var out bytes.Buffer
	if err := TokenCommand(path, []string{"--rotate"}, &out); err != nil {
		t.Fatal(err)
	}
	fresh := strings.TrimSpace(out.String())
	if fresh == old || status(old) != http.StatusUnauthorized || status(fresh) != http.StatusOK {
		t.Errorf("after rotation: old token %d, new token %d", status(old), status(fresh))
	}
	if err := TokenCommand(path, []string{"--bogus"}, &out); err == nil {
		t.Error("TokenCommand accepted --bogus")
	}
}

func TestMissingTokenFileRefusesAll(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(New(ctx, Options{Backend: &fakeBackend{}, Token: TokenFile(filepath.Join(t.TempDir(), "none"))}).Handler())
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/v1/apps", nil)
	req.Header.Set("Authorization", "Bearer ")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
}
