package integration

import (
	"fmt"
	"strings"
	"testing"
)

// domainsAppYAML is a one-replica testapp deployment of name on the domains.
func domainsAppYAML(name, tag string, domains []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nsource:\n  image:\n    repository: haloy/testapp\n    tag: %s\ndomains:\n", name, tag)
	for _, d := range domains {
		fmt.Fprintf(&b, "  - domain: %q\n", d)
	}
	b.WriteString("replicas: 1\nhealthCheckPath: /healthz\n")
	return b.String()
}

// TestNamesAndLimitsCannotHurtOtherApps deploys an app with 80 domains
// (more than HAProxy's 64 words on one line), an app "shop" with a
// wildcard domain and an app "shop_wild" (whose ACL name concatenation
// would have confused with shop's wildcard), and checks that each gets
// exactly its own traffic, in any letter case, and that an app deployed
// after them still deploys.
func TestNamesAndLimitsCannotHurtOtherApps(t *testing.T) {
	requireEngine(t)
	var many []string
	for i := range 80 {
		many = append(many, fmt.Sprintf("d%02d.many.example.test", i))
	}
	apps := []struct {
		name, tag string
		domains   []string
	}{
		{"many", "v1", many},
		{"shop", "v1", []string{"*.shop.example.test"}},
		{"shop_wild", "v2", []string{"shopwild.example.test"}},
		{"after", "v2", []string{"after.example.test"}},
	}
	for _, a := range apps {
		haloy(t, "deploy", tempFile(t, "haloy.yaml", domainsAppYAML(a.name, a.tag, a.domains)))
		name := a.name
		t.Cleanup(func() { runHaloy("stop", name) })
	}
	for host, version := range map[string]string{
		"D00.Many.Example.TEST": "v1",
		"d79.many.example.test": "v1",
		"www.SHOP.example.test": "v1",
		"shopwild.example.test": "v2",
		"After.Example.Test":    "v2",
	} {
		code, body, _ := get(t, "http://"+host+"/")
		if code != 200 || !strings.Contains(body, "version="+version) {
			t.Errorf("GET http://%s/ = %d %q, want 200 with version=%s", host, code, body, version)
		}
	}
	if ps := sidecarStatus(t).Problems; len(ps) != 0 {
		t.Errorf("sidecar problems: %v", ps)
	}
}
