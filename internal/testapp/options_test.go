package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

// env is a lookupFunc over a fixed map.
func env(m map[string]string) lookupFunc {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParseOptions(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want options
	}{
		{
			name: "defaults",
			want: options{listen: ":80", version: "dev"},
		},
		{
			name: "environment",
			env: map[string]string{"PORT": "8080", "APP_VERSION": "v2", "START_DELAY": "2s",
				"UNHEALTHY": "1", "SLOW": "250ms", "NO_DRAIN": "1"},
			want: options{listen: ":8080", version: "v2", startDelay: 2 * time.Second,
				unhealthy: true, slow: 250 * time.Millisecond, noDrain: true},
		},
		{
			name: "flags win over environment",
			args: []string{"-version", "v3", "-slow", "1s", "-unhealthy=false", "-start-delay", "0s"},
			env:  map[string]string{"APP_VERSION": "v2", "SLOW": "2s", "UNHEALTHY": "true", "START_DELAY": "3s"},
			want: options{listen: ":80", version: "v3", slow: time.Second},
		},
		{
			name: "PORT replaces the port of -listen",
			args: []string{"-listen", "127.0.0.1:9000"},
			env:  map[string]string{"PORT": "9001"},
			want: options{listen: "127.0.0.1:9001", version: "dev"},
		},
		{
			name: "empty variables are unset",
			env:  map[string]string{"PORT": "", "APP_VERSION": "", "SLOW": ""},
			want: options{listen: ":80", version: "dev"},
		},
		{
			name: "healthcheck client",
			args: []string{"-healthcheck"},
			env:  map[string]string{"PORT": "8081"},
			want: options{listen: ":8081", version: "dev", healthcheck: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseOptions(tt.args, env(tt.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseOptionsErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
	}{
		{name: "bad START_DELAY", env: map[string]string{"START_DELAY": "2"}, wantErr: `START_DELAY="2"`},
		{name: "bad UNHEALTHY", env: map[string]string{"UNHEALTHY": "yes"}, wantErr: `UNHEALTHY="yes"`},
		{name: "bad SLOW", env: map[string]string{"SLOW": "slow"}, wantErr: `SLOW="slow"`},
		{name: "bad PORT", env: map[string]string{"PORT": "http"}, wantErr: `PORT="http"`},
		{name: "bad -listen", args: []string{"-listen", "80"}, wantErr: `-listen "80"`},
		{name: "unknown flag", args: []string{"-verbose"}, wantErr: "-verbose"},
		{name: "argument", args: []string{"serve"}, wantErr: `unexpected argument "serve"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseOptions(tt.args, env(tt.env), io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestOptionsPort(t *testing.T) {
	for listen, want := range map[string]string{":80": "80", "127.0.0.1:8080": "8080", "[::]:81": "81"} {
		if got := (options{listen: listen}).port(); got != want {
			t.Errorf("port of %q = %q, want %q", listen, got, want)
		}
	}
}
