package haproxy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// haproxyMaxWords is HAProxy's MAX_LINE_ARGS: a line with more words
// makes `haproxy -c` reject the whole file.
const haproxyMaxWords = 64

// largeModel has one app with 1,000 domains (and 101 aliases, one a
// wildcard) and 300 apps with a wildcard domain and a wildcard alias each.
func largeModel() Model {
	var big App
	big.Name, big.HealthCheckPath = "big", "/"
	for i := range 1000 {
		big.Domains = append(big.Domains, labels.Domain{Canonical: fmt.Sprintf("d%04d.big.example.com", i)})
	}
	// A wildcard alias of an exact domain makes known_host list the exact
	// hosts of every app.
	big.Domains[0].Aliases = []string{"www.big.example.com", "*.big.example.org"}
	for i := range 100 {
		big.Domains[0].Aliases = append(big.Domains[0].Aliases, fmt.Sprintf("alias%03d.big.example.net", i))
	}
	m := Model{Apps: []App{big}}
	for i := range 300 {
		m.Apps = append(m.Apps, App{
			Name: fmt.Sprintf("tenant%03d", i),
			Domains: []labels.Domain{
				{Canonical: fmt.Sprintf("*.t%03d.example.com", i), Aliases: []string{fmt.Sprintf("*.t%03d.example.org", i)}},
				{Canonical: fmt.Sprintf("t%03d.example.com", i), Aliases: []string{fmt.Sprintf("www.t%03d.example.com", i)}},
			},
			HealthCheckPath: "/",
		})
	}
	return m
}

// TestRenderLargeGolden renders 1,000 domains on one app and 300 apps with
// wildcards and has the real HAProxy check it, then the same with TLS
// (whose frontends repeat the ACLs), checked but not kept as a golden file.
func TestRenderLargeGolden(t *testing.T) {
	golden := filepath.Join("testdata", "large.cfg")
	cfg := compareGolden(t, golden, Render(largeModel(), testSettings))
	checkLineLimits(t, golden, cfg)
	checkConfig(t, golden)
	tls := Render(largeModel(), tlsTestSettings)
	checkLineLimits(t, "large with TLS", tls)
	checkConfig(t, withTLSFiles(t, tls))
}

// TestGoldenLineLimits checks every golden file against HAProxy's limits.
func TestGoldenLineLimits(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.cfg")
	more, _ := filepath.Glob("testdata/*/haproxy.cfg")
	deeper, _ := filepath.Glob("testdata/*/*/haproxy.cfg")
	for _, f := range append(append(files, more...), deeper...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkLineLimits(t, f, data)
	}
}

// checkLineLimits fails on a line of more than haproxyMaxWords words or
// longer than maxLineBytes plus one host name.
func checkLineLimits(t *testing.T, file string, cfg []byte) {
	t.Helper()
	for i, line := range strings.Split(string(cfg), "\n") {
		if n := len(strings.Fields(line)); n > haproxyMaxWords {
			t.Errorf("%s:%d has %d words, HAProxy allows %d", file, i+1, n, haproxyMaxWords)
		}
		if len(line) > maxLineBytes+253 {
			t.Errorf("%s:%d is %d bytes long", file, i+1, len(line))
		}
	}
}

func TestACLValueLines(t *testing.T) {
	long := strings.Repeat("x", maxLineBytes)
	var many []string
	for i := range 2*maxLineValues + 1 {
		many = append(many, fmt.Sprintf("h%d", i))
	}
	cases := map[string]struct {
		values []string
		lines  int
	}{
		"none":                 {nil, 0},
		"one":                  {[]string{"a"}, 1},
		"exactly a line":       {many[:maxLineValues], 1},
		"one more than a line": {many[:maxLineValues+1], 2},
		"many":                 {many, 3},
		"over-long values":     {[]string{"a", long, long, "b"}, 4},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got := aclValueLines("acl x", c.values)
			if len(got) != c.lines {
				t.Fatalf("%d lines, want %d: %q", len(got), c.lines, got)
			}
			var values []string
			for _, l := range got {
				f := strings.Fields(l)
				if f[0] != "acl" || f[1] != "x" || len(f)-2 > maxLineValues {
					t.Errorf("bad line %q", l)
				}
				values = append(values, f[2:]...)
			}
			if strings.Join(values, " ") != strings.Join(c.values, " ") {
				t.Errorf("values changed: %q", values)
			}
		})
	}
}
