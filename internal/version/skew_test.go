package version

import (
	"strings"
	"testing"
)

func TestSkew(t *testing.T) {
	for _, c := range []struct {
		client, sidecar Info
		want            string
	}{
		{Info{Version: "v1.2.0", Commit: "a"}, Info{Version: "v1.2.0", Commit: "a"}, ""},
		{Info{Version: "v1.2.0", Commit: "a"}, Info{Version: "v1.1.0", Commit: "b"}, "docker haloy is v1.2.0 but the sidecar is v1.1.0"},
		{Info{Version: "dev", Commit: "abc"}, Info{Version: "dev", Commit: "def"}, "commit abc but the sidecar is commit def"},
		{Info{Version: "dev", Commit: "abc"}, Info{Version: "dev", Commit: "unknown"}, ""},
		{Info{Version: "dev", Commit: "abc"}, Info{}, ""},
	} {
		got := Skew(c.client, c.sidecar)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("Skew(%+v, %+v) = %q, want %q", c.client, c.sidecar, got, c.want)
		}
	}
}

func TestGetHasACommit(t *testing.T) {
	if i := Get(); i.Commit == "" || i.Version == "" || i.Platform == "" {
		t.Errorf("Get() = %+v: empty fields", i)
	}
	Commit = "0123abc"
	defer func() { Commit = "" }()
	if i := Get(); i.Commit != "0123abc" {
		t.Errorf("Get().Commit = %q with -X Commit=0123abc", i.Commit)
	}
}
