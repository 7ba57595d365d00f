package acme

import (
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-acme/lego/v5/lego"
	"github.com/haloydev/haloy/labels"
)

func TestParseDNSCredentials(t *testing.T) {
	in := "# the DNS server\nDNSUPDATE_NAMESERVER=192.0.2.53:53\n\nexport DNSUPDATE_TSIG_KEY = haloy.\n" +
		"DNSUPDATE_TSIG_SECRET=\"c2VjcmV0=\"\nHALOY_DNS_RESOLVERS=192.0.2.53, 198.51.100.1:5353\n"
	c, err := ParseDNSCredentials(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if c["DNSUPDATE_TSIG_SECRET"] != "c2VjcmV0=" || c["DNSUPDATE_TSIG_KEY"] != "haloy." {
		t.Errorf("parsed %v", c)
	}
	if got, want := c.Resolvers(), []string{"192.0.2.53:53", "198.51.100.1:5353"}; !slices.Equal(got, want) {
		t.Errorf("Resolvers() = %v, want %v", got, want)
	}
	if got := c.Names(); !slices.IsSorted(got) || len(got) != 4 {
		t.Errorf("Names() = %v", got)
	}
}

func TestParseDNSCredentialsErrorsNeverShowValues(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"DNSUPDATE_TSIG_SECRET\n", "line 1: want NAME=VALUE"},
		{"# x\nlower_case=s3cr3t-value\n", `line 2: "lower_case" is not a variable name`},
		{"A=s3cr3t-value\nA=s3cr3t-value\n", "line 2: A is set twice"},
		{"A=" + strings.Repeat("s3cr3t-value", 1000) + "\n", "the value of A is longer than"},
		{strings.Repeat("A=s3cr3t-value\n", 5000), "larger than 65536 bytes"},
	} {
		_, err := ParseDNSCredentials(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.30q: %v, want %q", c.in, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error shows the value: %v", err)
		}
	}
}

func TestEveryLinkedProviderIsBuilt(t *testing.T) {
	var names []string
	for n := range dnsProviderBuilders {
		names = append(names, n)
	}
	slices.Sort(names)
	if !slices.Equal(names, labels.DNSProviders) {
		t.Errorf("acme builds %v, labels.DNSProviders lists %v", names, labels.DNSProviders)
	}
}

func TestDNSProvidersNameTheirMissingCredential(t *testing.T) {
	for name, want := range map[string]string{
		labels.DNSProviderRFC2136: "DNSUPDATE_NAMESERVER (or RFC2136_NAMESERVER)",
		"cloudflare":              "CLOUDFLARE_DNS_API_TOKEN (or CF_DNS_API_TOKEN)",
		"digitalocean":            "DO_AUTH_TOKEN:",
		"hetzner":                 "HETZNER_API_TOKEN:",
	} {
		_, err := newDNSProvider(name, DNSCredentials{})
		if !errors.Is(err, ErrDNSCredentialMissing) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s without credentials: %v, want ErrDNSCredentialMissing naming %s", name, err, want)
		}
	}
	_, err := newDNSProvider(labels.DNSProviderRFC2136, DNSCredentials{"RFC2136_NAMESERVER": "192.0.2.53", "DNSUPDATE_TSIG_KEY": "k."})
	if !strings.Contains(err.Error(), "DNSUPDATE_TSIG_SECRET (or RFC2136_TSIG_SECRET)") {
		t.Errorf("without a TSIG secret: %v", err)
	}
}

func TestRFC2136ProviderSettings(t *testing.T) {
	full := DNSCredentials{"DNSUPDATE_NAMESERVER": "192.0.2.53:5353", "DNSUPDATE_TSIG_KEY": "haloy.", "DNSUPDATE_TSIG_SECRET": "c2VjcmV0",
		"DNSUPDATE_PROPAGATION_TIMEOUT": "30", "DNSUPDATE_SEQUENCE_INTERVAL": "1"}
	p, err := newDNSProvider(labels.DNSProviderRFC2136, full)
	if err != nil {
		t.Fatal(err)
	}
	timeout, interval := p.(interface {
		Timeout() (time.Duration, time.Duration)
	}).Timeout()
	if timeout != 30*time.Second || interval != 2*time.Second {
		t.Errorf("Timeout() = %s, %s; want 30s, 2s", timeout, interval)
	}
	for v, want := range map[string]string{
		"601":  "DNSUPDATE_PROPAGATION_TIMEOUT must be from 1 to 600 seconds",
		"soon": "DNSUPDATE_PROPAGATION_TIMEOUT is not a whole number",
	} {
		bad := DNSCredentials{}
		for k, x := range full {
			bad[k] = x
		}
		bad["DNSUPDATE_PROPAGATION_TIMEOUT"] = v
		if _, err := newDNSProvider(labels.DNSProviderRFC2136, bad); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("propagation timeout %s: %v, want %q", v, err, want)
		}
	}
}

func TestWildcardFileNames(t *testing.T) {
	for domain, file := range map[string]string{"*.example.com": "_wildcard.example.com", "example.com": "example.com"} {
		if got := FileName(domain); got != file {
			t.Errorf("FileName(%s) = %s, want %s", domain, got, file)
		}
		if got := DomainOfFile(file); got != domain {
			t.Errorf("DomainOfFile(%s) = %s, want %s", file, got, domain)
		}
	}
	if err := validateStoreName("*.*.example.com"); err == nil {
		t.Error("*.*.example.com accepted")
	}
}

func TestDNSCredentialsFileIsReadAgainWhenItChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme", "dns.env")
	names, err := WriteDNSCredentialsFile(path, []byte("DNSUPDATE_NAMESERVER=192.0.2.53\nDNSUPDATE_TSIG_KEY=k.\n"))
	if err != nil || !slices.Equal(names, []string{"DNSUPDATE_NAMESERVER", "DNSUPDATE_TSIG_KEY"}) {
		t.Fatalf("WriteDNSCredentialsFile: %v, %v", names, err)
	}
	checkMode(t, path, 0o600)
	checkMode(t, filepath.Dir(path), 0o700)
	m := &Manager{cfg: Config{DNSCredentialsFile: path}, clients: map[clientKey]*lego.Client{}}
	m.cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := m.dnsProvider(labels.DNSProviderRFC2136); !errors.Is(err, ErrDNSCredentialMissing) || !strings.Contains(err.Error(), "DNSUPDATE_TSIG_SECRET") {
		t.Fatalf("without a secret: %v", err)
	}
	m.clients[clientKey{challenge: labels.ChallengeDNS01 + "/rfc2136"}] = nil
	m.clients[clientKey{challenge: labels.ChallengeHTTP01}] = nil
	if _, err := WriteDNSCredentialsFile(path, []byte("DNSUPDATE_NAMESERVER=192.0.2.53\nDNSUPDATE_TSIG_KEY=k.\nDNSUPDATE_TSIG_SECRET=c2VjcmV0\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := m.dnsProvider(labels.DNSProviderRFC2136); err != nil {
		t.Fatalf("after the secret was added: %v", err)
	}
	if _, ok := m.clients[clientKey{challenge: labels.ChallengeDNS01 + "/rfc2136"}]; ok || len(m.clients) != 1 {
		t.Errorf("clients after the change: %v; want only the HTTP-01 one", m.clients)
	}
	if _, err := WriteDNSCredentialsFile(path, []byte("secret-value\n")); err == nil || strings.Contains(err.Error(), "secret-value") {
		t.Errorf("writing a bad file: %v", err)
	}
}
