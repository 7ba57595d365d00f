package haproxy

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
)

func TestLiveMasterReload(t *testing.T) {
	haproxyPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, c := newBackend(t, "a", nil), newBackend(t, "c", nil)
	one := liveApp(a.server())
	h := startHAProxy(t, one, "127.0.0.1:1")
	waitHits(t, h, "a")
	reloads := func() int {
		t.Helper()
		n, err := h.master.Reloads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	start := reloads()

	two := liveApp(a.server())
	two.Apps = append(two.Apps, App{
		Name: "second", Domains: []labels.Domain{{Canonical: "second.example.com"}},
		HealthCheckPath: "/", Servers: []Server{c.server()},
	})
	h.write(two)
	if err := h.master.Reload(ctx); err != nil {
		t.Fatalf("reloading a good configuration: %v", err)
	}
	if n := reloads(); n != start+1 {
		t.Errorf("reload count %d after one reload from %d", n, start)
	}
	eventually(t, 5*time.Second, "the new app to be served", func() error {
		if resp, body := h.get("second.example.com", "/"); resp.StatusCode != 200 || body != "c" {
			return errNone
		}
		return nil
	})

	if err := os.WriteFile(h.cfgFile, append(Render(one, h.settings), "bogus directive\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	err := h.master.Reload(ctx)
	if !errors.Is(err, ErrReloadFailed) {
		t.Fatalf("reloading a bad configuration: %v, want ErrReloadFailed", err)
	}
	t.Logf("bad reload: %v", err)
	if n := reloads(); n != start+2 {
		t.Errorf("reload count %d after two reloads from %d", n, start)
	}
	for range 10 {
		if resp, body := h.get("second.example.com", "/"); resp.StatusCode != 200 || body != "c" {
			t.Fatalf("after a failed reload the old worker answered %d %q", resp.StatusCode, body)
		}
	}

	h.write(one)
	if err := h.master.Reload(ctx); err != nil {
		t.Fatalf("reloading a good configuration after a bad one: %v", err)
	}
	eventually(t, 5*time.Second, "the removed app to be gone", func() error {
		if resp, _ := h.get("second.example.com", "/"); resp.StatusCode != 404 {
			return errNone
		}
		return nil
	})
	waitHits(t, h, "a")
}
