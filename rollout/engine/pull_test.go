package engine

import (
	"errors"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/jsonstream"
)

func TestParsePullPolicy(t *testing.T) {
	for in, want := range map[string]PullPolicy{"": PullMissing, "missing": PullMissing, "always": PullAlways, "never": PullNever} {
		got, err := ParsePullPolicy(in)
		if err != nil || got != want {
			t.Errorf("ParsePullPolicy(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParsePullPolicy("if-not-present")
	if err == nil || !strings.Contains(err.Error(), "always, missing or never") {
		t.Errorf("unknown policy: %v, want the allowed values", err)
	}
}

func TestRegistryOf(t *testing.T) {
	for ref, want := range map[string]string{
		"nginx":                         "docker.io",
		"my-org/app:v1":                 "docker.io",
		"ghcr.io/my-org/my-app:1.2":     "ghcr.io",
		"127.0.0.1:5000/shop/app:v1":    "127.0.0.1:5000",
		"localhost:5000/app":            "localhost:5000",
		"registry.example.com/a/b/c:d1": "registry.example.com",
	} {
		if got := RegistryOf(ref); got != want {
			t.Errorf("RegistryOf(%q) = %q, want %q", ref, got, want)
		}
	}
}

func TestPullPrinterPrintsStepsNotBars(t *testing.T) {
	var b strings.Builder
	p := newPullPrinter(&b)
	msgs := []jsonstream.Message{
		{Status: "Pulling from shop/app", ID: "v1"},
		{Status: "Pulling fs layer", ID: "31cfb05d440a"},
		{Status: "Downloading", ID: "31cfb05d440a", Progress: &jsonstream.Progress{Current: 100, Total: 3_400_000}},
		{Status: "Downloading", ID: "31cfb05d440a", Progress: &jsonstream.Progress{Current: 2_000_000, Total: 3_400_000}},
		{Status: "Download complete", ID: "31cfb05d440a"},
		{Status: "Extracting", ID: "31cfb05d440a", Progress: &jsonstream.Progress{Current: 1, Total: 3_400_000}},
		{Status: "Extracting", ID: "31cfb05d440a", Progress: &jsonstream.Progress{Current: 2, Total: 3_400_000}},
		{Status: "Pull complete", ID: "31cfb05d440a"},
		{Status: "Digest: sha256:93acf1"},
		{Status: "Status: Downloaded newer image for 127.0.0.1:5000/shop/app:v1\x1b[2J"},
	}
	for _, m := range msgs {
		if err := p.print(m); err != nil {
			t.Fatal(err)
		}
	}
	want := `  v1: Pulling from shop/app
  31cfb05d440a: Pulling fs layer
  31cfb05d440a: Downloading (3.4MB)
  31cfb05d440a: Download complete
  31cfb05d440a: Extracting (3.4MB)
  31cfb05d440a: Pull complete
  Digest: sha256:93acf1
  Status: Downloaded newer image for 127.0.0.1:5000/shop/app:v1\x1b[2J
`
	if b.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", b.String(), want)
	}
	err := p.print(jsonstream.Message{Error: &jsonstream.Error{Message: "unauthorized: authentication required"}})
	if err == nil || err.Error() != "unauthorized: authentication required" {
		t.Errorf("an error message gave %v, want it returned", err)
	}
}

func TestHumanBytes(t *testing.T) {
	for n, want := range map[int64]string{999: "999B", 1000: "1.0kB", 3_400_000: "3.4MB", 2_500_000_000: "2.5GB"} {
		if got := humanBytes(n); got != want {
			t.Errorf("humanBytes(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestPullErrorNamesImageRegistryAndFix(t *testing.T) {
	const img, reg = "127.0.0.1:5000/shop/app:v1", "127.0.0.1:5000"
	tests := []struct {
		name   string
		authed bool
		engine string
		reason string
		fix    string
	}{
		{"no credentials", false, `Head "http://127.0.0.1:5000/v2/shop/app/manifests/v1": no basic auth credentials`, "none are stored", "docker login 127.0.0.1:5000"},
		{"wrong password", true, "unauthorized: authentication required", "refused the credentials", "docker login 127.0.0.1:5000"},
		{"no such tag", true, "manifest for 127.0.0.1:5000/shop/app:v1 not found: manifest unknown: manifest unknown", "no such image", "docker push " + img},
		{"down", false, `Get "http://127.0.0.1:5000/v2/": dial tcp 127.0.0.1:5000: connect: connection refused`, "cannot reach", "--pull never"},
		{"plain http", false, `Get "https://10.0.0.5:5000/v2/": http: server gave HTTP response to HTTPS client`, "plain HTTP", "insecure-registries"},
		{"hub private or missing", false, "pull access denied for shop/app, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", "no such repository, or it is private", "docker login 127.0.0.1:5000"},
		{"denied", true, "denied: requested access to the resource is denied", "denied access", "may pull"},
	}
	for _, tt := range tests {
		err := newPullError(img, reg, tt.authed, errors.New(tt.engine))
		var pe *PullError
		if !errors.As(err, &pe) {
			t.Fatalf("%s: %v is not a *PullError", tt.name, err)
		}
		msg := err.Error()
		for _, want := range []string{img, "registry " + reg, tt.reason, tt.fix, tt.engine} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q lacks %q", tt.name, msg, want)
			}
		}
	}
}

func TestPullErrorDockerHubLogin(t *testing.T) {
	err := newPullError("my-org/app:v1", "docker.io", false, errors.New("unauthorized: authentication required"))
	if !strings.Contains(err.Error(), "log in first: docker login,") {
		t.Errorf("%v: want the fix to be a bare docker login", err)
	}
}
