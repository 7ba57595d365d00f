package commands

import "testing"

func TestParseVersion(t *testing.T) {
	for _, c := range []struct {
		out, version, commit string
		ok                   bool
	}{
		{`{"version":"v1.2.0","commit":"abc","goVersion":"go1.26","platform":"linux/amd64"}`, "v1.2.0", "abc", true},
		{`{"version":""}`, "", "", false},
		{`relay: leader unreachable`, "", "", false},
	} {
		v, err := parseVersion(c.out)
		if (err == nil) != c.ok || v.Version != c.version || v.Commit != c.commit {
			t.Errorf("parseVersion(%q) = %+v, %v; want %s %s, ok %t", c.out, v, err, c.version, c.commit, c.ok)
		}
	}
}
