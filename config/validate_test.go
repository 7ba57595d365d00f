package config

import (
	"errors"
	"strings"
	"testing"
)

// codeApp is a valid App built in code.
func codeApp() App {
	a := App{
		Name:    "web",
		Source:  Source{Image: Image{Repository: "ghcr.io/acme/web"}},
		Domains: []Domain{{Domain: "example.com"}},
	}
	a.ApplyDefaults()
	return a
}

func TestApplyDefaults(t *testing.T) {
	var a App
	a.ApplyDefaults()
	if a.DeploymentsToKeep != 5 || a.Port != "80" || a.Replicas != 1 || a.HealthCheckPath != "/" || a.Source.Image.Tag != "latest" {
		t.Errorf("defaults = %+v", a)
	}
	a = App{Port: "3000", Replicas: 2}
	a.ApplyDefaults()
	if a.Port != "3000" || a.Replicas != 2 {
		t.Errorf("ApplyDefaults replaced set fields: %+v", a)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *App)
		field  string // "" for a valid app
		reason string
	}{
		{"valid", func(a *App) {}, "", ""},
		{"wildcard domain", func(a *App) { a.Domains[0].Domain = "*.example.com" }, "", ""},
		{"registry with port", func(a *App) { a.Source.Image.Repository = "localhost:5000/web" }, "", ""},
		{"empty value is a value", func(a *App) { a.Env = []EnvVar{{Name: "A"}} }, "", ""},
		{"no name", func(a *App) { a.Name = "" }, "name", "name is missing"},
		{"no repository", func(a *App) { a.Source.Image.Repository = "" }, "source.image.repository", "is missing"},
		{"upper-case repository", func(a *App) { a.Source.Image.Repository = "Acme/Web" }, "source.image.repository", "is not an image repository"},
		{"digest", func(a *App) { a.Source.Image.Repository = "web@sha256:abc" }, "source.image.repository", "digest"},
		{"bad registry", func(a *App) { a.Source.Image.Repository = "my_registry.com/web" }, "source.image.repository", "registry host"},
		{"no tag", func(a *App) { a.Source.Image.Tag = "" }, "source.image.tag", "not a Docker tag"},
		{"no domains", func(a *App) { a.Domains = nil }, "domains", "no domains"},
		{"alias repeats domain", func(a *App) { a.Domains[0].Aliases = []string{"example.com"} }, "domains[0].aliases[0]", "repeats domains[0]"},
		{"port zero", func(a *App) { a.Port = "0" }, "port", "port number"},
		{"port empty", func(a *App) { a.Port = "" }, "port", "port number"},
		{"replicas zero", func(a *App) { a.Replicas = 0 }, "replicas", "replicas is 0"},
		{"deploymentsToKeep zero", func(a *App) { a.DeploymentsToKeep = 0 }, "deploymentsToKeep", "is 0"},
		{"env both", func(a *App) { a.Env = []EnvVar{{Name: "A", Value: "x", SecretName: "y"}} }, "env[0]", "both"},
		{"secret with space", func(a *App) { a.Env = []EnvVar{{Name: "A", SecretName: "my secret"}} }, "env[0].secretName", "contains a space"},
		{"volume target", func(a *App) { a.Volumes = []string{"data:data"} }, "volumes[0]", "absolute"},
		{"anonymous volume", func(a *App) { a.Volumes = []string{"/data"} }, "", ""},
		{"empty post hook", func(a *App) { a.PostDeploy = []string{""} }, "postDeploy[0]", "is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := codeApp()
			tt.change(&a)
			err := a.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("Validate = %v, want one error about %s", err, tt.field)
			}
			fe := es[0]
			if fe.Field != tt.field || !strings.Contains(fe.Reason, tt.reason) || fe.Hint == "" {
				t.Errorf("error %+v, want field %s, reason containing %q and a hint", fe, tt.field, tt.reason)
			}
			if fe.File != "" || fe.Line != 0 || fe.App != a.Name {
				t.Errorf("error of an App built in code: File %q Line %d App %q", fe.File, fe.Line, fe.App)
			}
		})
	}
}
