package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

// parseWithin parses data and fails the test when that takes longer than limit.
func parseWithin(t *testing.T, data string, limit time.Duration) error {
	t.Helper()
	start := time.Now()
	_, err := Parse("haloy.yaml", []byte(data))
	if took := time.Since(start); took > limit {
		t.Errorf("Parse took %v, want under %v", took, limit)
	}
	return err
}

// wantFileError checks that err is a file-level error whose reason and hint
// contain the given texts.
func wantFileError(t *testing.T, err error, reason, hint string) {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Fatalf("error = %v, want one file error", err)
	}
	if !strings.Contains(es[0].Reason, reason) || !strings.Contains(es[0].Hint, hint) {
		t.Errorf("got %q (%q), want reason %q and hint %q", es[0].Reason, es[0].Hint, reason, hint)
	}
}

// billionLaughs nests 9 aliases of the level below, levels deep, under x-
// keys and uses the top one in an env list.
func billionLaughs(levels int) string {
	var b strings.Builder
	b.WriteString(minimal + "x-l0: &l0 {name: LOL, value: lol}\n")
	for i := 1; i <= levels; i++ {
		p := fmt.Sprintf("*l%d", i-1)
		fmt.Fprintf(&b, "x-l%d: &l%d [%s]\n", i, i, strings.Repeat(p+",", 8)+p)
	}
	fmt.Fprintf(&b, "env: *l%d\n", levels)
	return b.String()
}

func TestParseRefusesBillionLaughs(t *testing.T) {
	err := parseWithin(t, billionLaughs(9), 200*time.Millisecond)
	wantFileError(t, err, "expand to more than 100000 extra YAML nodes", "write the shared settings out")
}

// TestParseRefusesCubicAliases: apps, their domains and the domains'
// aliases each repeat an alias a hundred times; every name repeats, so
// without the budget Parse builds millions of errors.
func TestParseRefusesCubicAliases(t *testing.T) {
	refs := func(name string) string { return "[" + strings.Repeat("*"+name+",", 99) + "*" + name + "]" }
	data := "x-al: &al a.example.com\n" +
		"x-as: &as " + refs("al") + "\n" +
		"x-d: &d {domain: d.example.com, aliases: *as}\n" +
		"x-ds: &ds " + refs("d") + "\n" +
		"x-app: &app {name: web, source: {image: {repository: web}}, domains: *ds}\n" +
		"apps: " + refs("app") + "\n"
	if len(data) > 4096 {
		t.Fatalf("the file is %d bytes, want a small one", len(data))
	}
	err := parseWithin(t, data, 500*time.Millisecond)
	wantFileError(t, err, "aliases (*name) expand", "alias whole mappings")
}

func TestParseAcceptsSharedSettings(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-env: &env\n")
	for i := range 50 {
		fmt.Fprintf(&b, "  - {name: VAR_%d, value: v}\n", i)
	}
	b.WriteString("apps:\n")
	for i := range 20 {
		fmt.Fprintf(&b, "  - name: app%d\n    source: {image: {repository: web}}\n    domains: [app%d.example.com]\n    env: *env\n", i, i)
	}
	if _, err := Parse("haloy.yaml", []byte(b.String())); err != nil {
		t.Fatalf("20 apps sharing 50 variables: %v", err)
	}
}

func TestParseRefusesLargeFile(t *testing.T) {
	data := minimal + "env:\n" + strings.Repeat("  - {name: A, value: "+strings.Repeat("x", 200)+"}\n", MaxFileBytes/200)
	err := parseWithin(t, data, 200*time.Millisecond)
	wantFileError(t, err, "larger than the 1048576-byte (1 MiB) limit", "keep the file")
}

func TestLoadRefusesLargeFileUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "haloy.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: 1 GiB of nothing
		t.Fatal(err)
	}
	f.Close()
	_, err = Load(path)
	wantFileError(t, err, "1 MiB", "keep the file")
}

// domainList returns n domains, each with one alias, as YAML.
func domainList(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "  - {domain: app%d.example.com, aliases: [www.app%d.example.com]}\n", i, i)
	}
	return b.String()
}

func TestParseDomainCap(t *testing.T) {
	head := "name: web\nsource: {image: {repository: web}}\ndomains:\n"
	if _, err := Parse("haloy.yaml", []byte(head+domainList(100))); err != nil {
		t.Fatalf("100 domains with an alias each: %v", err)
	}
	_, err := Parse("haloy.yaml", []byte(head+domainList(labels.MaxDomains/2+1)))
	fe := findField(t, err, "domains")
	if !strings.Contains(fe.Reason, "202 names") || !strings.Contains(fe.Reason, "200 allowed") || !strings.Contains(fe.Hint, "split") {
		t.Errorf("got %q (%q), want the count, the limit and the fix", fe.Reason, fe.Hint)
	}
}

func TestValidateBoundsLongValues(t *testing.T) {
	long := strings.Repeat("a", 1<<20)
	tests := []struct {
		field string
		set   func(a *App)
	}{
		{"acmeEmail", func(a *App) { a.ACMEEmail = long + "@example.com" }},
		{"acmeEmail", func(a *App) { a.ACMEEmail = "Ops <ops@example.com>" }},
		{"acmeEmail", func(a *App) { a.ACMEEmail = "a@example.com, b@example.com" }},
		{"healthCheckPath", func(a *App) { a.HealthCheckPath = "/" + long }},
	}
	for _, tt := range tests {
		a := codeApp()
		tt.set(&a)
		fe := findField(t, a.Validate(), tt.field)
		if len(fe.Error()) > 400 {
			t.Errorf("%s: the message is %d bytes: it repeats the value", tt.field, len(fe.Error()))
		}
	}
}

// findField returns the error about field in err.
func findField(t *testing.T, err error, field string) *FieldError {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error = %v, want Errors about %s", err, field)
	}
	for _, e := range es {
		if e.Field == field {
			return e
		}
	}
	t.Fatalf("no error about %s in: %v", field, err)
	return nil
}
