package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// minimal is the smallest valid app; tests add or change lines of it.
const minimal = `name: web
source:
  image:
    repository: ghcr.io/acme/web
domains:
  - web.example.com
`

func TestParseValid(t *testing.T) {
	base := App{
		Name:              "web",
		Source:            Source{Image: Image{Repository: "ghcr.io/acme/web", Tag: DefaultTag}},
		Domains:           []Domain{{Domain: "web.example.com"}},
		DeploymentsToKeep: DefaultDeploymentsToKeep,
		Port:              DefaultPort,
		Replicas:          DefaultReplicas,
		HealthCheckPath:   DefaultHealthCheckPath,
	}
	base.applyRolloutDefaults()
	change := func(f func(a *App)) App {
		a := base
		f(&a)
		return a
	}
	tests := []struct {
		name string
		yaml string
		want []App
	}{
		{"one app with defaults", minimal, []App{base}},
		{"port as a number", minimal + "port: 8080\n", []App{change(func(a *App) { a.Port = "8080" })}},
		{"port as a string", minimal + "port: \"8080\"\n", []App{change(func(a *App) { a.Port = "8080" })}},
		{"tag keeps its digits", strings.Replace(minimal, "web\ndomains", "web\n    tag: 1.10\ndomains", 1),
			[]App{change(func(a *App) { a.Source.Image.Tag = "1.10" })}},
		{"object domain with aliases", strings.Replace(minimal, "  - web.example.com\n",
			"  - domain: web.example.com\n    aliases: [www.web.example.com, web.example.net]\n  - api.example.com\n", 1),
			[]App{change(func(a *App) {
				a.Domains = []Domain{
					{Domain: "web.example.com", Aliases: []string{"www.web.example.com", "web.example.net"}},
					{Domain: "api.example.com"},
				}
			})}},
		{"env values and secrets", minimal + "env:\n  - {name: A, value: 1}\n  - {name: B, secretName: b-secret}\n  - {name: C, value: \"\"}\n",
			[]App{change(func(a *App) {
				a.Env = []EnvVar{{Name: "A", Value: "1"}, {Name: "B", SecretName: "b-secret"}, {Name: "C"}}
			})}},
		{"all numbers set", minimal + "replicas: 3\ndeploymentsToKeep: 10\nhealthCheckPath: /up\nacmeEmail: a@example.com\n",
			[]App{change(func(a *App) {
				a.Replicas, a.DeploymentsToKeep, a.HealthCheckPath, a.ACMEEmail = 3, 10, "/up", "a@example.com"
			})}},
		{"lists", minimal + "volumes: [data:/data]\npreDeploy: [make]\npostDeploy:\n  - ./notify.sh\n",
			[]App{change(func(a *App) {
				a.Volumes, a.PreDeploy, a.PostDeploy = []string{"data:/data"}, []string{"make"}, []string{"./notify.sh"}
			})}},
		{"apps list", "apps:\n" + indent(minimal) + indent(strings.NewReplacer("web", "api").Replace(minimal)),
			[]App{base, change(func(a *App) {
				a.Name, a.Source.Image.Repository, a.Domains = "api", "ghcr.io/acme/api", []Domain{{Domain: "api.example.com"}}
			})}},
		{"extension keys, anchors and merge keys",
			"x-common: &common\n  replicas: 2\n  port: 3000\napps:\n" +
				indent(minimal+"<<: *common\nport: 3001\nx-note: ignored\n"),
			[]App{change(func(a *App) { a.Replicas, a.Port = 2, "3001" })}},
		{"rollout settings", minimal + "replicas: 4\nhealthTimeout: 45s\ndrainTimeout: 1m\nstopGracePeriod: 3s\nupdate:\n  parallelism: 2\n  order: stop-first\n  failureAction: pause\n",
			[]App{change(func(a *App) {
				a.Replicas, a.HealthTimeout, a.DrainTimeout, a.StopGracePeriod = 4, Duration(45*time.Second), Duration(time.Minute), Duration(3*time.Second)
				a.Update = Update{Parallelism: 2, Order: OrderStopFirst, FailureAction: FailurePause}
			})}},
		{"null lists are empty", minimal + "env:\nvolumes:\n", []App{change(func(a *App) { a.Env, a.Volumes = []EnvVar{}, []string{} })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apps, err := Parse("haloy.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(apps, tt.want) {
				t.Errorf("Parse =\n%#v\nwant\n%#v", apps, tt.want)
			}
		})
	}
}

// indent makes a one-app file into an entry of an apps: list.
func indent(app string) string {
	lines := strings.Split(strings.TrimSuffix(app, "\n"), "\n")
	for i, l := range lines {
		prefix := "    "
		if i == 0 {
			prefix = "  - "
		}
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		yaml   string
		line   int
		field  string
		reason string // substring of Reason
		hint   string // substring of Hint
	}{
		{"misspelt top key", minimal + "healthcheckPath: /up\n", 7, "healthcheckPath", `unknown key "healthcheckPath"`, "did you mean healthCheckPath?"},
		{"misspelt nested key", strings.Replace(minimal, "repository:", "repo:", 1), 4, "source.image.repo", `unknown key "repo" in source.image`, "did you mean repository?"},
		{"misspelt domain key", strings.Replace(minimal, "  - web.example.com", "  - domain: web.example.com\n    alias: [www.example.com]", 1), 7, "domains[0].alias", `unknown key "alias" in domains[0]`, "did you mean aliases?"},
		{"misspelt env key", minimal + "env:\n  - name: A\n    secret: x\n", 9, "env[0].secret", `unknown key "secret"`, "did you mean secretName?"},
		{"misplaced key", minimal + "repository: x\n", 7, "repository", `unknown key "repository"`, "it belongs under source.image"},
		{"unrelated key", minimal + "completelyUnrelated: 1\n", 7, "completelyUnrelated", "unknown key", "known keys are acmeChallenge, acmeDNSProvider, acmeEmail, deploymentsToKeep"},
		{"missing name", strings.Replace(minimal, "name: web\n", "port: 80\n", 1), 1, "name", "name is missing", "add name: my-app"},
		{"bad name", strings.Replace(minimal, "name: web", "name: Web App", 1), 1, "name", `name "Web App" must be lower-case`, "name: my-app"},
		{"missing repository", strings.Replace(minimal, "    repository: ghcr.io/acme/web\n", "    tag: v1\n", 1), 3, "source.image.repository", "source.image.repository is missing", "ghcr.io/my-org/my-app"},
		{"missing source", strings.Replace(minimal, "source:\n  image:\n    repository: ghcr.io/acme/web\n", "", 1), 1, "source.image.repository", "is missing", "add source: image: repository:"},
		{"repository with tag", strings.Replace(minimal, "acme/web", "acme/web:1.0", 1), 4, "source.image.repository", "contains a tag", "put the tag in source.image.tag"},
		{"empty tag", strings.Replace(minimal, "acme/web\n", "acme/web\n    tag: \"\"\n", 1), 5, "source.image.tag", "is not a Docker tag", "remove tag to use latest"},
		{"no domains", strings.Replace(minimal, "  - web.example.com\n", "", 1), 5, "domains", "no domains are listed", "add domains:"},
		{"domains not a list", strings.Replace(minimal, "\n  - web.example.com", " web.example.com", 1), 5, "domains", "domains must be a list", `starting with "- "`},
		{"upper-case domain", strings.Replace(minimal, "- web.example.com", "- Web.example.com", 1), 6, "domains[0]", "must be lower-case", "lower-case host name"},
		{"single-label domain", strings.Replace(minimal, "- web.example.com", "- localhost", 1), 6, "domains[0]", "not a fully qualified domain name", "app.example.com"},
		{"bad alias", strings.Replace(minimal, "- web.example.com", "- domain: web.example.com\n    aliases:\n      - www", 1), 8, "domains[0].aliases[0]", `"www" is not a fully qualified`, "host name"},
		{"object domain without domain", strings.Replace(minimal, "- web.example.com", "- aliases: [www.example.com]", 1), 6, "domains[0]", "has no domain", "add domain:"},
		{"same domain twice", minimal + "  - domain: api.example.com\n    aliases: [web.example.com]\n", 8, "domains[1].aliases[0]", `"web.example.com" repeats domains[0]`, "once"},
		{"port 80a", minimal + "port: 80a\n", 7, "port", `port "80a" is not a port number`, "port: 8080"},
		{"port 0", minimal + "port: 0\n", 7, "port", `port "0" is not a port number`, "port: 8080"},
		{"port 70000", minimal + "port: 70000\n", 7, "port", "from 1 to 65535", "container port"},
		{"port as a list", minimal + "port: [80]\n", 7, "port", "port must be a single value", "port: value"},
		{"replicas 0", minimal + "replicas: 0\n", 7, "replicas", "replicas is 0", "use 1 or more"},
		{"replicas negative", minimal + "replicas: -2\n", 7, "replicas", "replicas is -2", "use 1 or more"},
		{"replicas not a number", minimal + "replicas: three\n", 7, "replicas", `"three" is not a whole number`, "replicas: 2"},
		{"deploymentsToKeep 0", minimal + "deploymentsToKeep: 0\n", 7, "deploymentsToKeep", "deploymentsToKeep is 0", "use 1 or more"},
		{"health path without slash", minimal + "healthCheckPath: healthz\n", 7, "healthCheckPath", "must start with '/'", "/healthz"},
		{"bad e-mail", minimal + "acmeEmail: ops\n", 7, "acmeEmail", "is not an e-mail address", "ops@example.com"},
		{"dns-01 without provider", minimal + "acmeChallenge: dns-01\n", 7, "acmeDNSProvider", "acmeDNSProvider is missing: dns-01 needs the DNS provider", "e.g. rfc2136"},
		{"provider without dns-01", minimal + "acmeDNSProvider: rfc2136\n", 7, "acmeDNSProvider", "only used with acmeChallenge: dns-01", "remove acmeDNSProvider"},
		{"provider not linked", minimal + "acmeChallenge: dns-01\nacmeDNSProvider: route53\n", 8, "acmeDNSProvider", `acmeDNSProvider "route53" is not a DNS provider Haloy links`, "rfc2136 for a DNS server of your own"},
		{"mistyped challenge", minimal + "acmeChallenge: TLS-ALPN-01\n", 7, "acmeChallenge", "not a challenge Haloy solves", "did you mean tls-alpn-01?"},
		{"env with both", minimal + "env:\n  - name: A\n    value: x\n    secretName: y\n", 8, "env[0]", `env[0] "A" sets both value and secretName`, "keep one"},
		{"env with neither", minimal + "env:\n  - name: A\n", 8, "env[0]", "sets neither value nor secretName", "add value:"},
		{"env without name", minimal + "env:\n  - value: x\n", 8, "env[0].name", "env[0] has no name", "add name:"},
		{"env twice", minimal + "env:\n  - {name: A, value: x}\n  - {name: A, value: y}\n", 9, "env[1].name", `env[1] "A" is already set by env[0]`, "once"},
		{"volume without target", minimal + "volumes:\n  - data\n", 8, "volumes[0]", "has no absolute container path", "my-app-data:/data"},
		{"empty hook", minimal + "preDeploy:\n  - make\n  - \"\"\n", 9, "preDeploy[1]", "preDeploy[1] is empty", "remove the empty entry"},
		{"key twice", minimal + "port: 80\nport: 81\n", 8, "port", `key "port" is set twice (first at line 7)`, "keep one"},
		{"duplicate app names", "apps:\n" + indent(minimal) + indent(strings.Replace(minimal, "web.example.com", "api.example.com", 1)), 8, "name", `app name "web" is already used at line 2`, "its own name"},
		{"domain in two apps", "apps:\n" + indent(minimal) + indent(strings.Replace(minimal, "name: web", "name: api", 1)), 13, "domains[0]", `"web.example.com" is already routed to app "web" at line 7`, "one app only"},
		{"key beside apps", "name: x\napps:\n" + indent(minimal), 1, "name", `key "name" is beside apps:`, "move it into each entry"},
		{"empty apps", "apps: []\n", 1, "apps", "apps must be a list of at least one app", "- name: "},
		{"app not a mapping", "apps:\n  - web\n", 2, "apps[0]", "apps[0] is not an app", "mapping"},
		{"top level a list", "- name: web\n", 1, "", "must be a mapping", "apps:"},
		{"empty file", "# nothing yet\n", 0, "", "the file is empty", "apps: list"},
		{"two documents", minimal + "---\n" + minimal, 7, "", "more than one YAML document", "apps:"},
		{"syntax error", "name: web\nsource: [\n", 2, "", "invalid YAML", "indentation"},
		{"tab indent", "name: web\nsource:\n\timage: x\n", 3, "", "invalid YAML", "line 3 has a tab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apps, err := Parse("haloy.yaml", []byte(tt.yaml))
			if apps != nil {
				t.Errorf("Parse returned apps with an error: %v", apps)
			}
			fe := findFieldError(t, err, tt.field, tt.reason)
			if fe.Line != tt.line {
				t.Errorf("Line = %d, want %d (%v)", fe.Line, tt.line, fe)
			}
			if !strings.Contains(fe.Hint, tt.hint) {
				t.Errorf("Hint = %q, want it to contain %q", fe.Hint, tt.hint)
			}
			if fe.File != "haloy.yaml" {
				t.Errorf("File = %q, want haloy.yaml", fe.File)
			}
		})
	}
}

// findFieldError returns the one error in err about field whose reason
// contains reason, failing the test when err holds other errors too.
func findFieldError(t *testing.T, err error, field, reason string) *FieldError {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want Errors", err)
	}
	if len(es) != 1 {
		t.Errorf("want exactly one error, got %d:\n%v", len(es), err)
	}
	for _, fe := range es {
		if fe.Field == field && strings.Contains(fe.Reason, reason) {
			return fe
		}
	}
	t.Fatalf("no error about %q with reason %q in:\n%v", field, reason, err)
	return nil
}

func TestParseReportsEveryError(t *testing.T) {
	_, err := Parse("haloy.yaml", []byte("name: web\nport: 0\nreplicas: 0\nhealthcheckPath: /\n"))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v, want Errors", err)
	}
	var got []int
	for _, e := range es {
		got = append(got, e.Line)
	}
	// repository and domains are missing (reported at the app's line 1),
	// then port, replicas and the unknown key in line order.
	if want := []int{1, 1, 2, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("error lines = %v, want %v:\n%v", got, want, err)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "source.image.repository" {
		t.Errorf("errors.As(*FieldError) = %v, want the first error", fe)
	}
	if n := strings.Count(err.Error(), "\n"); n != len(es)-1 {
		t.Errorf("Error() has %d newlines, want one line per error:\n%v", n, err)
	}
}

func TestFieldErrorMessage(t *testing.T) {
	tests := []struct {
		err  FieldError
		want string
	}{
		{FieldError{File: "haloy.yaml", Line: 7, App: "web", Field: "healthcheckPath", Reason: `unknown key "healthcheckPath"`, Hint: "did you mean healthCheckPath?"},
			`haloy.yaml:7: unknown key "healthcheckPath" in app "web" (did you mean healthCheckPath?)`},
		{FieldError{File: "haloy.yaml", Reason: "the file is empty"}, "haloy.yaml: the file is empty"},
		{FieldError{App: "web", Reason: "replicas is 0", Hint: "use 1 or more"}, `replicas is 0 in app "web" (use 1 or more)`},
		{FieldError{Line: 3, Reason: "x"}, "line 3: x"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %s\nwant      %s", got, tt.want)
		}
	}
}

func TestParseErrorExample(t *testing.T) {
	yaml := "name: web\nsource:\n  image:\n    repository: web\ndomains:\n  - web.example.com\nhealthcheckPath: /\n"
	_, err := Parse("haloy.yaml", []byte(yaml))
	want := `haloy.yaml:7: unknown key "healthcheckPath" in app "web" (did you mean healthCheckPath?)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), DefaultFileName)
	if err := os.WriteFile(path, []byte(minimal+"port: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":7: ") {
		t.Errorf("Load error = %v, want it to start with %s:7:", err, path)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file = %v, want os.ErrNotExist", err)
	}
}

// TestParseNestedMergesIsFast guards against expanding shared merge keys
// again at every level, which costs 2^depth.
func TestParseNestedMergesIsFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("x-0: &m0 {replicas: 2}\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "x-%d: &m%d {<<: [*m%d, *m%d], x-k%d: 1}\n", i, i, i-1, i-1, i)
	}
	b.WriteString("apps:\n" + indent(minimal+"<<: *m40\n"))
	done := make(chan error, 1)
	go func() {
		_, err := Parse("haloy.yaml", []byte(b.String()))
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Parse took over 5s on nested merge keys")
	}
}

func TestParseDNS01App(t *testing.T) {
	src := "name: web\nsource:\n  image: {repository: example/web}\ndomains:\n  - domain: \"*.example.com\"\n    aliases: [example.com]\n" +
		"acmeChallenge: dns-01\nacmeDNSProvider: rfc2136\n"
	apps, err := Parse("haloy.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := apps[0].Route("20260102150405")
	if r.ACMEChallenge != "dns-01" || r.ACMEDNSProvider != "rfc2136" || r.Domains[0].Canonical != "*.example.com" {
		t.Errorf("route %+v", r)
	}
}
