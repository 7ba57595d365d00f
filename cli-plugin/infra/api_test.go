package infra

import (
	"strings"
	"testing"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/sidecar/daemon"
)

func TestAPIDomainRoutesTheSidecar(t *testing.T) {
	side := Project(Options{APIDomain: "api.example.com", ACMEEmail: "ops@example.com"}).Services["sidecar"]
	route, err := labels.Decode(side.Labels)
	if err != nil {
		t.Fatalf("sidecar labels do not decode: %v (%v)", err, side.Labels)
	}
	if route.AppName != APIApp || route.Port != APIPort || route.HealthCheckPath != APIHealthPath || route.ACMEEmail != "ops@example.com" {
		t.Errorf("route = %+v", route)
	}
	if len(route.Domains) != 1 || route.Domains[0].Canonical != "api.example.com" {
		t.Errorf("domains = %+v, want api.example.com", route.Domains)
	}
	for _, p := range side.Ports {
		if p.Target == 8081 {
			t.Errorf("the API port is published: %+v", p)
		}
	}
}

func TestNoAPIDomainNoRoute(t *testing.T) {
	side := Project(Options{}).Services["sidecar"]
	for k := range side.Labels {
		if strings.HasPrefix(k, labels.Prefix) {
			t.Errorf("sidecar has label %s without --api-domain", k)
		}
	}
}

// TestAPIConstantsAgreeWithTheSidecar checks the port and app name init
// routes against what the sidecar listens on and refuses to stop.
func TestAPIConstantsAgreeWithTheSidecar(t *testing.T) {
	if api.DefaultListen != ":"+APIPort {
		t.Errorf("sidecar API listens on %s, init routes port %s", api.DefaultListen, APIPort)
	}
	if daemon.APIApp != APIApp || daemon.SidecarContainer != SidecarContainer {
		t.Errorf("sidecar names %s/%s, init names %s/%s", daemon.APIApp, daemon.SidecarContainer, APIApp, SidecarContainer)
	}
}

func TestCheckAPIDomain(t *testing.T) {
	if err := CheckAPIDomain("api.example.com"); err != nil {
		t.Errorf("valid domain refused: %v", err)
	}
	if err := CheckAPIDomain("not a domain"); err == nil || !strings.Contains(err.Error(), "--api-domain") {
		t.Errorf("invalid domain: err = %v", err)
	}
}
