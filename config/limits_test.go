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

// envFile is a one-app haloy.yaml with n env entries of valueBytes each.
func envFile(n, valueBytes int) string {
	var b strings.Builder
	b.WriteString(minimal + "env:\n")
	v := strings.Repeat("x", valueBytes)
	for i := range n {
		if valueBytes == 0 {
			fmt.Fprintf(&b, "  - name: V%d\n", i)
			continue
		}
		fmt.Fprintf(&b, "  - {name: V%d, value: %s}\n", i, v)
	}
	return b.String()
}

// TestParseRefusesIssueFile is the file of issue 14: 10 MB, 46k env
// entries. It is refused by its size, unread past the limit.
func TestParseRefusesIssueFile(t *testing.T) {
	data := envFile(46_000, 200)
	if len(data) < 10_000_000 {
		t.Fatalf("the file is %d bytes, want 10 MB", len(data))
	}
	path := filepath.Join(t.TempDir(), "haloy.yaml")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err := Load(path)
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("Load took %v", took)
	}
	wantFileError(t, err, "1048576-byte (1 MiB) limit", "keep the file")
}

// TestParseEnvCap: 46k short entries fit in 1 MiB; the env cap refuses
// them with one error naming the count and the limit.
func TestParseEnvCap(t *testing.T) {
	if _, err := Parse("haloy.yaml", []byte(envFile(MaxEnv, 10))); err != nil {
		t.Fatalf("%d variables: %v", MaxEnv, err)
	}
	data := envFile(46_000, 0)
	if len(data) > MaxFileBytes {
		t.Fatalf("the file is %d bytes, want it under the size limit", len(data))
	}
	start := time.Now()
	_, err := Parse("haloy.yaml", []byte(data))
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Parse took %v", took)
	}
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 {
		t.Fatalf("error = %v, want exactly one", err)
	}
	fe := findField(t, err, "env")
	if !strings.Contains(fe.Reason, "46000 variables") || !strings.Contains(fe.Reason, "1000 allowed") || !strings.Contains(fe.Hint, "volumes") {
		t.Errorf("got %q (%q), want the count, the limit and the fix", fe.Reason, fe.Hint)
	}
}

func TestParseVolumeCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(minimal + "volumes:\n")
	for i := range MaxVolumes + 1 {
		fmt.Fprintf(&b, "  - v%d:/data/%d\n", i, i)
	}
	fe := findField(t, func() error { _, err := Parse("haloy.yaml", []byte(b.String())); return err }(), "volumes")
	if !strings.Contains(fe.Reason, "101 entries") || !strings.Contains(fe.Reason, "100 allowed") {
		t.Errorf("got %q, want the count and the limit", fe.Reason)
	}
}

// TestValidateEnvCap: an app built in code (the HTTP API's JSON) is held
// to the same cap.
func TestValidateEnvCap(t *testing.T) {
	a := codeApp()
	for i := range MaxEnv + 1 {
		a.Env = append(a.Env, EnvVar{Name: fmt.Sprintf("V%d", i), Value: "x"})
	}
	fe := findField(t, a.Validate(), "env")
	if !strings.Contains(fe.Reason, "1001 variables") {
		t.Errorf("got %q, want the count", fe.Reason)
	}
}
