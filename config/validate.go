package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/haloydev/haloy/labels"
)

// Validate checks every field of an App built in code or read from a file,
// and returns Errors listing each problem with a hint (nil when a is valid).
// Errors from Validate carry no file or line; Parse and Load run the same
// checks and add both.
func (a *App) Validate() error {
	var errs Errors
	s := newSite("", 0, &errs)
	s.app = a.Name
	a.validate(s)
	return errs.err()
}

// validate reports every problem of a to s.
func (a *App) validate(s *site) {
	a.validateName(s)
	a.Source.Image.validate(s)
	a.validateDomains(s)
	if a.ACMEEmail != "" {
		s.checkValue("acmeEmail", a.ACMEEmail, labels.ValidateEmail, "write an address such as ops@example.com, or remove acmeEmail to use the default")
	}
	if a.ACMEChallenge != "" {
		s.checkValue("acmeChallenge", a.ACMEChallenge, labels.ValidateACMEChallenge, labels.ACMEChallengeHint(a.ACMEChallenge))
	}
	a.validateDNSProvider(s)
	s.checkValue("port", a.Port, labels.ValidatePort, "write the container port the app listens on, e.g. port: 8080")
	s.checkValue("healthCheckPath", a.HealthCheckPath, labels.ValidateHealthCheckPath, "write a URL path such as /healthz")
	s.checkAtLeastOne("replicas", a.Replicas, "at least one container must serve the app")
	s.checkAtLeastOne("deploymentsToKeep", a.DeploymentsToKeep, "keep at least the running deployment")
	a.validateEnv(s)
	validateVolumes(s, a.Volumes)
	validateCommands(s, "preDeploy", a.PreDeploy)
	validateCommands(s, "postDeploy", a.PostDeploy)
	a.validateRollout(s)
}

// checkValue runs a labels validator on a field's value.
func (s *site) checkValue(field, value string, validate func(string) error, hint string) {
	if err := validate(value); err != nil {
		s.fail(field, fmt.Sprintf("%s %q %s", field, brief(value), err), hint)
	}
}

func (s *site) checkAtLeastOne(field string, n int, why string) {
	if n < 1 {
		s.fail(field, fmt.Sprintf("%s is %d", field, n), fmt.Sprintf("use 1 or more: %s", why))
	}
}

func (a *App) validateName(s *site) {
	if a.Name == "" {
		s.fail("name", "name is missing", "add name: my-app; it names the Compose project and the HAProxy backend")
		return
	}
	s.checkValue("name", a.Name, labels.ValidateAppName, "e.g. name: my-app")
}

var (
	// repoPathPart is one path component of an image repository.
	repoPathPart = regexp.MustCompile(`^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$`)
	// registryHost is a registry host name with an optional port.
	registryHost = regexp.MustCompile(`^[A-Za-z0-9.-]+(?::[0-9]+)?$`)
	// tagPattern is a Docker image tag.
	tagPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
)

func (img Image) validate(s *site) {
	const repo, tag = "source.image.repository", "source.image.tag"
	switch reason, hint := checkRepository(img.Repository); {
	case img.Repository == "":
		s.fail(repo, repo+" is missing", "add source: image: repository: with the image to run, e.g. ghcr.io/my-org/my-app")
	case reason != "":
		s.fail(repo, fmt.Sprintf("%s %q %s", repo, img.Repository, reason), hint)
	}
	if !tagPattern.MatchString(img.Tag) {
		s.fail(tag, fmt.Sprintf("%s %q is not a Docker tag", tag, img.Tag), "use letters, digits, '_', '.' and '-', or remove tag to use "+DefaultTag)
	}
}

// checkRepository returns why repo is not an image repository, and a hint.
func checkRepository(repo string) (reason, hint string) {
	parts := strings.Split(repo, "/")
	last := parts[len(parts)-1]
	switch {
	case strings.Contains(repo, "@"):
		return "contains a digest", "name the image by repository and tag"
	case strings.Contains(last, ":"):
		return "contains a tag", "put the tag in source.image.tag"
	}
	if len(parts) > 1 && (strings.ContainsAny(parts[0], ".:") || parts[0] == "localhost") {
		if !registryHost.MatchString(parts[0]) {
			return "has an invalid registry host", "write host[:port]/path, e.g. ghcr.io/my-org/my-app"
		}
		parts = parts[1:]
	}
	for _, p := range parts {
		if !repoPathPart.MatchString(p) {
			return "is not an image repository", "use lower-case letters, digits and '.', '_', '-' between '/', e.g. my-org/my-app"
		}
	}
	return "", ""
}

// validateDomains checks each domain and alias and that none is listed twice.
func (a *App) validateDomains(s *site) {
	if len(a.Domains) == 0 {
		s.fail("domains", "no domains are listed", "add domains: with at least one host name, e.g. - app.example.com")
		return
	}
	names := domainFields(*a)
	if len(names) > labels.MaxDomains {
		s.fail("domains", fmt.Sprintf("domains lists %d names (domains and aliases), more than the %d allowed per app", len(names), labels.MaxDomains),
			"split the domains over several apps, or serve the names with a wildcard domain such as *.example.com")
		return
	}
	seen := map[string]string{}
	for _, d := range names {
		switch err := labels.ValidateDomain(d.name); {
		case d.name == "" && !strings.Contains(d.field, "."):
			s.fail(d.field, d.field+" has no domain", "add domain: app.example.com; aliases go beside it")
		case err != nil:
			s.fail(d.field, fmt.Sprintf("%s %q %s", d.field, brief(d.name), err), "use a lower-case host name such as app.example.com")
		case seen[d.name] != "":
			s.fail(d.field, fmt.Sprintf("%s %q repeats %s", d.field, d.name, seen[d.name]), "list each domain and alias once")
		default:
			seen[d.name] = d.field
		}
	}
}

// domainField is a domain or alias name and the field path it is written at.
type domainField struct{ field, name string }

// domainFields lists the domains and aliases of a in file order.
func domainFields(a App) []domainField {
	var out []domainField
	for i, d := range a.Domains {
		field := index("domains", i)
		out = append(out, domainField{field, d.Domain})
		for j, alias := range d.Aliases {
			out = append(out, domainField{index(field+".aliases", j), alias})
		}
	}
	return out
}

func (a *App) validateEnv(s *site) {
	if len(a.Env) > MaxEnv {
		reason, hint := envCapError(len(a.Env))
		s.fail("env", reason, hint)
		return
	}
	seen := map[string]string{}
	for i, e := range a.Env {
		field := index("env", i)
		switch {
		case e.Name == "":
			s.fail(field+".name", field+" has no name", "add name: MY_VAR")
		case strings.ContainsAny(e.Name, "= \t\r\n"):
			s.fail(field+".name", fmt.Sprintf("%s name %q contains '=' or a space", field, e.Name), "use letters, digits and '_', e.g. DATABASE_URL")
		case seen[e.Name] != "":
			s.fail(field+".name", fmt.Sprintf("%s %q is already set by %s", field, e.Name, seen[e.Name]), "set each variable once")
		default:
			seen[e.Name] = field
		}
		if e.Value != "" && e.SecretName != "" {
			s.fail(field, fmt.Sprintf("%s %q sets both value and secretName", field, e.Name), "keep one: value for plain text, secretName for a stored secret")
		}
		if strings.ContainsAny(e.SecretName, " \t\r\n") {
			s.fail(field+".secretName", fmt.Sprintf("%s secretName %q contains a space", field, e.SecretName), "name secrets with letters, digits, '-' and '_'")
		}
	}
}

// validateVolumes checks the short "source:target[:mode]" (or "target") form.
func validateVolumes(s *site, volumes []string) {
	if len(volumes) > MaxVolumes {
		s.fail("volumes", fmt.Sprintf("volumes lists %d entries, more than the %d allowed per app", len(volumes), MaxVolumes),
			"mount a parent folder once instead of many single paths")
		return
	}
	for i, v := range volumes {
		field := index("volumes", i)
		parts := strings.Split(v, ":")
		target := parts[min(1, len(parts)-1)]
		switch {
		case v == "":
			s.fail(field, field+" is empty", "remove the empty entry")
		case len(parts) > 3 || (len(parts) == 3 && parts[2] == ""):
			s.fail(field, fmt.Sprintf("%s %q is not source:target[:mode]", field, v), "e.g. my-app-data:/var/lib/my-app or ./config:/etc/my-app:ro")
		case !strings.HasPrefix(target, "/"):
			s.fail(field, fmt.Sprintf("%s %q has no absolute container path", field, v), "the part after ':' is the path inside the container, e.g. my-app-data:/data")
		}
	}
}

// validateCommands checks a hook list for empty commands.
func validateCommands(s *site, field string, cmds []string) {
	for i, c := range cmds {
		if strings.TrimSpace(c) == "" {
			s.fail(index(field, i), index(field, i)+" is empty", "remove the empty entry or write the command")
		}
	}
}

// validateDNSProvider checks acmeDNSProvider and that it goes with
// acmeChallenge: dns-01 needs one, the other challenges take none.
func (a *App) validateDNSProvider(s *site) {
	if a.ACMEDNSProvider != "" && labels.ValidateDNSProvider(a.ACMEDNSProvider) != nil {
		s.checkValue("acmeDNSProvider", a.ACMEDNSProvider, labels.ValidateDNSProvider, labels.DNSProviderHint(a.ACMEDNSProvider))
		return
	}
	switch {
	case a.ACMEChallenge == labels.ChallengeDNS01 && a.ACMEDNSProvider == "":
		s.failAt(s.lineOf("acmeChallenge"), "acmeDNSProvider", "acmeDNSProvider is missing: dns-01 needs the DNS provider that creates the TXT records",
			"add acmeDNSProvider: one of "+strings.Join(labels.DNSProviders, ", ")+", e.g. rfc2136")
	case a.ACMEChallenge != labels.ChallengeDNS01 && a.ACMEDNSProvider != "":
		s.fail("acmeDNSProvider", "acmeDNSProvider is only used with acmeChallenge: dns-01",
			"set acmeChallenge: dns-01, or remove acmeDNSProvider")
	}
}
