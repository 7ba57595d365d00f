package infra

import (
	"testing"

	"github.com/haloydev/haloy/sidecar/daemon"
)

func TestHTTPSPortAndACMEEnvironment(t *testing.T) {
	p := Project(Options{PublishAddr: "127.0.0.1", HTTPSPort: 18443, ACMECA: "https://pebble:14000/dir", ACMECARoots: "PEM"})
	hap, side := p.Services["haproxy"], p.Services["sidecar"]
	published := false
	for _, port := range hap.Ports {
		published = published || port.Target == 443 && port.Published == "18443" && port.HostIP == "127.0.0.1"
	}
	if !published {
		t.Errorf("haproxy ports %+v, want 127.0.0.1:18443->443", hap.Ports)
	}
	env := map[string]string{}
	for k, v := range side.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	if env[daemon.EnvACMECA] != "https://pebble:14000/dir" || env[daemon.EnvACMECARoots] != "PEM" {
		t.Errorf("sidecar environment %v lacks the CA and its roots", env)
	}
	def := Project(Options{}).Services["sidecar"].Environment
	if v := def[daemon.EnvACMECA]; v == nil || *v != "production" {
		t.Errorf("default CA = %v, want production", v)
	}
	if _, ok := def[daemon.EnvACMECARoots]; ok {
		t.Error("roots are passed without --acme-ca-root")
	}
}

func TestCheckACMECA(t *testing.T) {
	for v, ok := range map[string]bool{
		"": true, "production": true, "staging": true, "none": true, "https://ca.example.com/dir": true,
		"http://ca.example.com/dir": false, "letsencrypt": false,
	} {
		if err := CheckACMECA(v); (err == nil) != ok {
			t.Errorf("CheckACMECA(%q) = %v, want ok=%v", v, err, ok)
		}
	}
}
