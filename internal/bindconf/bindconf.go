// Package bindconf writes the configuration of an authoritative BIND 9
// (named) for the DNS-01 tests: one zone that accepts RFC 2136 updates of
// TXT records signed with one TSIG key, and nothing else (no recursion, no
// control channel). Both the acme end-to-end test and the integration test
// use it, with the image scripts/build-images.sh bind9 makes, which runs
// named -g -c /etc/bind/haloy/named.conf.
package bindconf

import (
	"fmt"
	"strings"
)

// Dir is the folder of the configuration inside the bind9 image.
const Dir = "/etc/bind/haloy"

// ZoneFileName is the zone's file in Dir (named writes its journal beside it).
const ZoneFileName = "zone.db"

// Server describes the server to configure.
type Server struct {
	// Zone is the zone the server is authoritative for, e.g. "dns01.haloy.test".
	Zone string
	// KeyName is the TSIG key's name, e.g. "haloy-acme." (with the dot).
	KeyName string
	// Secret is the key's base64 HMAC-SHA256 secret.
	Secret string
	// Address is what every name in the zone resolves to (A records).
	Address string
}

// NamedConf returns named.conf: the key, allowed to change TXT records
// anywhere in the zone and nothing else.
func (s Server) NamedConf() string {
	return fmt.Sprintf(`options {
	directory "%[1]s";
	listen-on port 53 { any; };
	listen-on-v6 { none; };
	recursion no;
	allow-query { any; };
	dnssec-validation no;
	pid-file none;
	session-keyfile none;
};
controls { };
key "%[2]s" { algorithm hmac-sha256; secret "%[3]s"; };
zone "%[4]s" {
	type primary;
	file "%[1]s/%[5]s";
	update-policy { grant %[2]s zonesub TXT; };
};
`, Dir, s.KeyName, s.Secret, s.Zone, ZoneFileName)
}

// ZoneFile returns the zone: SOA, one name server and a wildcard A record,
// with TTLs of 10 s.
func (s Server) ZoneFile() string {
	return strings.Join([]string{
		"$TTL 10",
		"@ IN SOA ns1 hostmaster 1 60 60 3600 10",
		"@ IN NS ns1",
		"ns1 IN A " + s.Address,
		"@ IN A " + s.Address,
		"* IN A " + s.Address,
	}, "\n") + "\n"
}
