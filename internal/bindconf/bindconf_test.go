package bindconf

import (
	"strings"
	"testing"
)

func TestConfigNamesTheKeyAndZone(t *testing.T) {
	s := Server{Zone: "dns01.haloy.test", KeyName: "haloy-acme.", Secret: "c2VjcmV0", Address: "10.0.0.2"}
	conf := s.NamedConf()
	for _, want := range []string{`key "haloy-acme." { algorithm hmac-sha256; secret "c2VjcmV0"; };`,
		`zone "dns01.haloy.test" {`, `file "/etc/bind/haloy/zone.db";`, "grant haloy-acme. zonesub TXT;", "recursion no;"} {
		if !strings.Contains(conf, want) {
			t.Errorf("named.conf lacks %q:\n%s", want, conf)
		}
	}
	if z := s.ZoneFile(); !strings.Contains(z, "* IN A 10.0.0.2\n") || !strings.HasPrefix(z, "$TTL 10\n") {
		t.Errorf("zone:\n%s", z)
	}
}
