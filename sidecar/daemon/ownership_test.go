package daemon

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/ownership"
)

func TestIsSidecarOnly(t *testing.T) {
	if APIApp != ownership.ReservedApp {
		t.Fatalf("daemon.APIApp %q != ownership.ReservedApp %q", APIApp, ownership.ReservedApp)
	}
	app := func(name string, ctrs ...string) routing.AppStatus {
		d := routing.DeploymentStatus{}
		for _, c := range ctrs {
			d.Replicas = append(d.Replicas, routing.ReplicaStatus{Container: c})
		}
		return routing.AppStatus{Name: name, Deployments: []routing.DeploymentStatus{d}}
	}
	tests := []struct {
		a    routing.AppStatus
		want bool
	}{
		{app(APIApp, SidecarContainer), true},
		{app(APIApp, SidecarContainer, "fake"), false},
		{app(APIApp), false},
		{app("shop", SidecarContainer), false},
	}
	for i, tt := range tests {
		if got := isSidecarOnly(tt.a); got != tt.want {
			t.Errorf("%d: isSidecarOnly(%+v) = %v, want %v", i, tt.a, got, tt.want)
		}
	}
}

func TestKeeperSeesOtherProcessChangesAndKeepsLastOnBadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "domains.json")
	k, err := newKeeper(path, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	shop := []routing.AppStatus{{Name: "shop", Domains: []labels.Domain{{Canonical: "shop.test", Aliases: []string{"www.shop.test"}}}}}
	k.Observe(shop, time.Now())
	if o, _ := k.Owners()("www.shop.test"); o != "shop" {
		t.Fatalf("alias owner %q, want shop", o)
	}
	s := ownership.Store{Path: path}
	if err := s.Update(func(tb ownership.Table) (bool, error) {
		return true, ownership.Transfer(tb, "shop.test", "next", time.Now())
	}); err != nil {
		t.Fatal(err)
	}
	if o, _ := k.Owners()("shop.test"); o != "next" {
		t.Fatalf("after another process's transfer: owner %q, want next", o)
	}
	if err := os.WriteFile(path, []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if o, _ := k.Owners()("shop.test"); o != "next" {
		t.Fatalf("with an unreadable file: owner %q, want the last one read (next)", o)
	}
}
