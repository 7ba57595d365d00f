package commands

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/docker/cli/cli/config"
	"github.com/moby/moby/api/pkg/authconfig"
)

func TestRegistryAuthReadsDockerConfig(t *testing.T) {
	dir := t.TempDir()
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	data := `{"auths": {
		"127.0.0.1:5000": {"auth": "` + b64("deployer:s3cret") + `"},
		"https://index.docker.io/v1/": {"auth": "` + b64("hubuser:hubtoken") + `"}
	}}`
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	auth := registryAuth(cfg)
	tests := []struct{ ref, user, password string }{
		{"127.0.0.1:5000/shop/app:v1", "deployer", "s3cret"},
		{"my-org/app:v1", "hubuser", "hubtoken"},
		{"ghcr.io/my-org/app:v1", "", ""},
	}
	for _, tt := range tests {
		got, err := auth(tt.ref)
		if err != nil {
			t.Fatalf("%s: %v", tt.ref, err)
		}
		if tt.user == "" {
			if got != "" {
				t.Errorf("%s: got %q, want no credentials", tt.ref, got)
			}
			continue
		}
		a, err := authconfig.Decode(got)
		if err != nil {
			t.Fatalf("%s: %v", tt.ref, err)
		}
		if a.Username != tt.user || a.Password != tt.password {
			t.Errorf("%s: got %s/%s, want %s/%s", tt.ref, a.Username, a.Password, tt.user, tt.password)
		}
	}
}

// TestRegistryAuthAsksCredentialHelper: with credHelpers set, the
// credentials come from the helper program (docker-credential-<name> on
// PATH), as for docker pull.
func TestRegistryAuthAsksCredentialHelper(t *testing.T) {
	bin := t.TempDir()
	helper := "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"ci-bot\",\"Secret\":\"from-helper\"}' \"$server\"\n"
	if err := os.WriteFile(filepath.Join(bin, "docker-credential-haloytest"), []byte(helper), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"credHelpers": {"registry.example.com": "haloytest"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := registryAuth(cfg)("registry.example.com/team/app:v1")
	if err != nil {
		t.Fatal(err)
	}
	a, err := authconfig.Decode(got)
	if err != nil || a.Username != "ci-bot" || a.Password != "from-helper" {
		t.Errorf("got %+v, %v; want the helper's ci-bot/from-helper", a, err)
	}
}
