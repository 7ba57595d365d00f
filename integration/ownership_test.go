package integration

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/ownership"
)

// TestDomainOwnerKeepsDomainAgainstSquatter: app shop owns
// shop.example.test; a plain docker run container of another app claiming
// it, started before shop's redeploy (so older than shop's new
// containers), gets no request during and after the redeploy, a sidecar
// restart and a re-run of init; no request to shop fails, the squatter is
// reported in status, and the owner is unchanged after all of it.
func TestDomainOwnerKeepsDomainAgainstSquatter(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	if out, err := deployFile(t, dir, appYAML("shop", "haloy/testapp-hc", "v1", 2)); err != nil {
		t.Fatalf("first deploy: %v\n%s", err, out)
	}
	t.Cleanup(func() { runHaloy("stop", "shop") })
	owner := requireOwner(t, "shop.example.test", "shop")

	runLabelled(t, "squat-1", "squat", "shop.example.test")
	eventually(t, 20*time.Second, "squatter reported in status", func() error { return squatReported(t) })

	load := startLoad("shop.example.test")
	if out, err := deployFile(t, dir, appYAML("shop", "haloy/testapp-hc", "v2", 2)); err != nil {
		load.Stop()
		t.Fatalf("redeploy: %v\n%s", err, out)
	}
	time.Sleep(2 * time.Second)
	docker(t, "restart", "haloy-sidecar")
	waitSidecar(t)
	time.Sleep(2 * time.Second)
	haloy(t, env.initArgs...)
	waitSidecar(t)
	time.Sleep(time.Second)
	res := load.Stop()
	t.Logf("load during redeploy, sidecar restart and init re-run: %s", res)
	if res.Requests == 0 || res.Failures != 0 {
		t.Errorf("%d of %d requests to shop failed: %v", res.Failures, res.Requests, res.Errors)
	}
	if v := res.Versions["squat"]; v != nil {
		t.Errorf("the squatter answered %d requests for shop.example.test", v.Count)
	}
	if res.Versions["v2"] == nil {
		t.Errorf("no request reached shop v2: %v", res.Versions)
	}
	if after := requireOwner(t, "shop.example.test", "shop"); !after.Since.Equal(owner.Since) {
		t.Errorf("owner since changed across redeploy and sidecar restart: %s -> %s", owner.Since, after.Since)
	}
	if err := squatReported(t); err != nil {
		t.Errorf("after the sidecar restart: %v", err)
	}
	requireVersion(t, "shop", "v2")
}

// requireOwner checks that docker haloy domains lists app as host's owner.
func requireOwner(t *testing.T, host, app string) ownership.Listed {
	t.Helper()
	var list []ownership.Listed
	if err := json.Unmarshal([]byte(haloy(t, "domains", "--format", "json")), &list); err != nil {
		t.Fatalf("reading docker haloy domains: %v", err)
	}
	for _, l := range list {
		if l.Domain == host {
			if l.Owner != app || l.State != ownership.StateServing {
				t.Fatalf("%s: owner %s (%s), want %s serving", host, l.Owner, l.State, app)
			}
			return l
		}
	}
	t.Fatalf("%s not in docker haloy domains: %+v", host, list)
	return ownership.Listed{}
}

func squatReported(t *testing.T) error {
	for _, p := range sidecarStatus(t).Problems {
		if p.App == "squat" && strings.Contains(p.Reason, "owned by app shop") && strings.Contains(p.Hint, "docker haloy domains") {
			return nil
		}
	}
	return fmt.Errorf("no problem for squat naming the owner: %+v", sidecarStatus(t).Problems)
}

// TestDomainsTransfer: docker haloy domains transfer moves a domain to
// another app claiming it, which then serves it; release of a free domain
// fails with the reason.
func TestDomainsTransfer(t *testing.T) {
	requireEngine(t)
	runLabelled(t, "xfer-a", "xfera", "xfer.example.test")
	eventually(t, 20*time.Second, "xfera serving", func() error { return servedBy("xfer.example.test", "xfera") })
	runLabelled(t, "xfer-b", "xferb", "xfer.example.test")
	requireOwner(t, "xfer.example.test", "xfera")
	haloy(t, "domains", "transfer", "xfer.example.test", "xferb")
	eventually(t, 40*time.Second, "xferb serving after the transfer", func() error { return servedBy("xfer.example.test", "xferb") })
	requireOwner(t, "xfer.example.test", "xferb")
	if out, err := runHaloy("domains", "release", "free.example.test"); err == nil || !strings.Contains(out, "has no owner") {
		t.Errorf("release of a free domain: err %v, output %q; want a failure naming the reason", err, out)
	}
}

func servedBy(host, version string) error {
	code, body, _, err := tryGet("http://" + host + "/")
	if err != nil || code != 200 || field(body, "version") != version {
		return fmt.Errorf("GET %s = %d %q %v, want version %s", host, code, body, err, version)
	}
	return nil
}
