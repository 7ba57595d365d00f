package labels

import (
	"reflect"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	routes := map[string]Route{
		"one domain": {
			AppName: "web", DeploymentID: "20240102150405", Port: "8080",
			HealthCheckPath: "/healthz", ACMEEmail: "ops@example.com", ACMEChallenge: ChallengeTLSALPN01,
			Domains: []Domain{{Canonical: "example.com"}},
		},
		"defaults, no deployment id": {
			AppName: "blog", Port: DefaultPort, HealthCheckPath: DefaultHealthCheckPath,
			Domains: []Domain{{Canonical: "blog.example.org"}},
		},
		"several domains with aliases": {
			AppName: "shop_2", DeploymentID: "20991231235959", Port: "3000",
			HealthCheckPath: "/status?full=1",
			Domains: []Domain{
				{Canonical: "shop.example.com", Aliases: []string{"www.shop.example.com", "shop.example.net"}},
				{Canonical: "*.tenants.example.com"},
				{Canonical: "api.example.com", Aliases: []string{"api-v1.example.com"}},
			},
		},
		"rolling update": {
			AppName: "web", DeploymentID: "20240102150405", Port: "80", HealthCheckPath: "/",
			Domains:  []Domain{{Canonical: "example.com"}},
			Rollout:  RolloutStopFirst,
			Replaces: []string{"web-20240101000000-1", "web-20240101000000-2"},
		},
		"extreme ports": {
			AppName: "a", Port: "65535", HealthCheckPath: "/",
			Domains: []Domain{{Canonical: "a.b"}, {Canonical: "c.d", Aliases: []string{"e.f"}}},
		},
	}
	for name, want := range routes {
		t.Run(name, func(t *testing.T) {
			got, err := Decode(Encode(want))
			if err != nil {
				t.Fatalf("Decode(Encode(route)): %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the route\n got %#v\nwant %#v", got, want)
			}
		})
	}
}

func TestEncodeFillsDefaults(t *testing.T) {
	l := Encode(Route{AppName: "web", Domains: []Domain{{Canonical: "example.com"}}})
	want := map[string]string{
		Role:            RoleApp,
		AppName:         "web",
		Port:            DefaultPort,
		HealthCheckPath: DefaultHealthCheckPath,
		DomainLabel(0):  "example.com",
	}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("Encode = %v, want %v", l, want)
	}
	r, err := Decode(l)
	if err != nil {
		t.Fatal(err)
	}
	if r.Port != DefaultPort || r.HealthCheckPath != DefaultHealthCheckPath || r.DeploymentID != "" || r.ACMEEmail != "" {
		t.Errorf("defaults not decoded: %#v", r)
	}
}

func TestEncodeLabelNames(t *testing.T) {
	l := Encode(Route{AppName: "web", Domains: []Domain{
		{Canonical: "a.example.com"},
		{Canonical: "b.example.com", Aliases: []string{"www.b.example.com", "c.example.com"}},
	}})
	for key, want := range map[string]string{
		"dev.haloy.domain.0":         "a.example.com",
		"dev.haloy.domain.1":         "b.example.com",
		"dev.haloy.domain.1.alias.0": "www.b.example.com",
		"dev.haloy.domain.1.alias.1": "c.example.com",
	} {
		if l[key] != want {
			t.Errorf("label %s = %q, want %q", key, l[key], want)
		}
	}
}

func TestDecodeIgnoresOtherLabels(t *testing.T) {
	l := Encode(Route{AppName: "web", Domains: []Domain{{Canonical: "example.com"}}})
	l["com.docker.compose.project"] = "web"
	l["dev.haloyx"] = "not ours"
	if _, err := Decode(l); err != nil {
		t.Errorf("Decode with foreign labels: %v", err)
	}
}

func TestDecodeOrdersByIndexNotByText(t *testing.T) {
	l := map[string]string{
		Role: RoleApp, AppName: "web",
		"dev.haloy.domain.10":         "ten.example.com",
		"dev.haloy.domain.2":          "two.example.com",
		"dev.haloy.domain.2.alias.11": "eleven.example.com",
		"dev.haloy.domain.2.alias.3":  "three.example.com",
	}
	r, err := Decode(l)
	if err != nil {
		t.Fatal(err)
	}
	want := []Domain{
		{Canonical: "two.example.com", Aliases: []string{"three.example.com", "eleven.example.com"}},
		{Canonical: "ten.example.com"},
	}
	if !reflect.DeepEqual(r.Domains, want) {
		t.Errorf("Domains = %#v, want %#v", r.Domains, want)
	}
}

func TestIsHaloy(t *testing.T) {
	if IsHaloy(map[string]string{"com.example": "x"}) {
		t.Error("IsHaloy without dev.haloy labels = true")
	}
	if !IsHaloy(map[string]string{"dev.haloy.appname": "x"}) {
		t.Error("IsHaloy with a mistyped dev.haloy label = false; it must be reported, not ignored")
	}
	if IsHaloy(map[string]string{Lock: "web", Lock + ".owner": "me"}) {
		t.Error("IsHaloy of a deploy lock container = true; locks are not routing input")
	}
	if !IsHaloy(map[string]string{"dev.haloy.locks": "x"}) {
		t.Error("IsHaloy(dev.haloy.locks) = false; only the lock's own labels are left out")
	}
}

func TestDomainNames(t *testing.T) {
	d := Domain{Canonical: "a.com", Aliases: []string{"b.com"}}
	if got := d.Names(); !reflect.DeepEqual(got, []string{"a.com", "b.com"}) {
		t.Errorf("Names = %v", got)
	}
}

func TestEncodeRolloutLabels(t *testing.T) {
	l := Encode(Route{AppName: "web", Domains: []Domain{{Canonical: "a.example.com"}},
		Rollout: RolloutStartFirst, Replaces: []string{"web-1", "web-2"}})
	if l["dev.haloy.rollout"] != "start-first" || l["dev.haloy.replaces"] != "web-1,web-2" {
		t.Errorf("rollout labels = %q, %q", l["dev.haloy.rollout"], l["dev.haloy.replaces"])
	}
	plain := Encode(Route{AppName: "web", Domains: []Domain{{Canonical: "a.example.com"}}})
	if _, ok := plain[Rollout]; ok {
		t.Error("Encode writes dev.haloy.rollout for an ordinary deploy")
	}
	if _, ok := plain[Replaces]; ok {
		t.Error("Encode writes dev.haloy.replaces for an ordinary deploy")
	}
}
