package subcmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDNSCredentialsSetAndNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acme", "dns.env")
	var out bytes.Buffer
	in := strings.NewReader("DNSUPDATE_NAMESERVER=192.0.2.53\nDNSUPDATE_TSIG_SECRET=s3cr3t\n")
	if err := runDNSCredentials(path, []string{"set"}, in, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != `["DNSUPDATE_NAMESERVER","DNSUPDATE_TSIG_SECRET"]`+"\n" || strings.Contains(got, "s3cr3t") {
		t.Errorf("set printed %q", got)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("file: %v, %v", st, err)
	}
	out.Reset()
	if err := runDNSCredentials(path, []string{"names"}, nil, &out); err != nil || strings.Contains(out.String(), "s3cr3t") || !strings.Contains(out.String(), "DNSUPDATE_TSIG_SECRET") {
		t.Errorf("names: %q, %v", out.String(), err)
	}
	err = runDNSCredentials(path, []string{"set"}, strings.NewReader("s3cr3t\n"), &out)
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("set of a bad file: %v", err)
	}
}
