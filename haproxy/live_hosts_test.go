package haproxy

import (
	"fmt"
	"testing"

	"github.com/haloydev/haloy/labels"
)

// TestLiveManyHostsAnyCase routes through a real HAProxy an app with 300
// domains (split over many ACL lines) and 100 wildcard domains, in any
// letter case, beside apps whose names concatenation-based naming confuses
// ("shop" with a wildcard domain, "shop_wild").
func TestLiveManyHostsAnyCase(t *testing.T) {
	haproxyPath(t)
	many, shop, shopWild := newBackend(t, "many", nil), newBackend(t, "shop", nil), newBackend(t, "shop_wild", nil)
	big := App{Name: "many", HealthCheckPath: "/", Servers: []Server{many.server()}}
	for i := range 300 {
		big.Domains = append(big.Domains, labels.Domain{Canonical: fmt.Sprintf("h%03d.many.example.com", i)})
	}
	for i := range 100 {
		big.Domains = append(big.Domains, labels.Domain{Canonical: fmt.Sprintf("*.w%03d.many.example.com", i)})
	}
	h := startHAProxy(t, Model{Apps: []App{
		big,
		{Name: "shop", Domains: []labels.Domain{{Canonical: "*.shop.example.com"}}, HealthCheckPath: "/", Servers: []Server{shop.server()}},
		{Name: "shop_wild", Domains: []labels.Domain{{Canonical: "shop-wild.example.net"}}, HealthCheckPath: "/", Servers: []Server{shopWild.server()}},
	}}, "127.0.0.1:1")
	for host, want := range map[string]string{
		"h000.many.example.com":             "many",
		"H150.Many.Example.COM":             "many",
		"h299.MANY.example.com:8080":        "many",
		"x.W099.many.EXAMPLE.com":           "many",
		"a.b.w000.many.example.com":         "many",
		"Shop.Example.COM.shop.example.com": "shop",
		"www.SHOP.example.com":              "shop",
		"Shop-Wild.Example.NET":             "shop_wild",
	} {
		if resp, body := h.get(host, "/"); resp.StatusCode != 200 || body != want {
			t.Errorf("Host %s: %d %q, want 200 %s", host, resp.StatusCode, body, want)
		}
	}
	if resp, _ := h.get("h300.many.example.com", "/"); resp.StatusCode != 404 {
		t.Errorf("an unknown host got %d, want 404", resp.StatusCode)
	}
}
