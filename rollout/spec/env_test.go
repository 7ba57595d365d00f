package spec

import (
	"strings"
	"testing"

	"github.com/haloydev/haloy/config"
)

func TestEnvironment(t *testing.T) {
	vars := []config.EnvVar{
		{Name: "PLAIN", Value: "from-yaml"},
		{Name: "TOKEN", SecretName: "api-token"},
	}
	tests := []struct {
		name    string
		opts    Options
		want    map[string]string
		wantErr string
	}{
		{
			name: "resolved secret",
			opts: Options{Env: map[string]string{"TOKEN": "t0k3n"}},
			want: map[string]string{"PLAIN": "from-yaml", "TOKEN": "t0k3n"},
		},
		{
			name: "Env overrides a plain value",
			opts: Options{Env: map[string]string{"PLAIN": "override", "TOKEN": "x"}},
			want: map[string]string{"PLAIN": "override", "TOKEN": "x"},
		},
		{
			name: "omitted secret needs no value",
			opts: Options{OmitSecrets: true},
			want: map[string]string{"PLAIN": "from-yaml"},
		},
		{
			name: "omission wins over a resolved value",
			opts: Options{OmitSecrets: true, Env: map[string]string{"TOKEN": "t0k3n"}},
			want: map[string]string{"PLAIN": "from-yaml"},
		},
		{
			name:    "missing secret names the secret",
			opts:    Options{Env: map[string]string{"PLAIN": "x"}},
			wantErr: `env TOKEN: secret "api-token" has no resolved value`,
		},
		{
			name:    "nil Env with a secret",
			wantErr: `secret "api-token"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := environment(vars, tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := got
			if len(m) != len(tt.want) {
				t.Fatalf("got %v, want %v", m, tt.want)
			}
			for k, v := range tt.want {
				if m[k] != v {
					t.Errorf("%s = %q, want %q", k, m[k], v)
				}
			}
		})
	}
}

func TestEnvironmentEmpty(t *testing.T) {
	got, err := environment(nil, Options{Env: map[string]string{"UNUSED": "x"}})
	if err != nil || got != nil {
		t.Fatalf("environment(nil) = %v, %v; want nil, nil (only the app's variables are set)", got, err)
	}
}
