package daemon

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/membership"
)

func composeCtr(name, project string, created time.Time) routing.Container {
	return routing.Container{ID: "id-" + name, Name: name, Running: true, Ready: true, Created: created,
		Labels: map[string]string{labels.Role: "app", labels.AppName: "shop",
			membership.ComposeProject: project, membership.ComposeService: "web"}}
}

func TestGateStoresBindingsSoARestartDecidesTheSame(t *testing.T) {
	cfg := Config{MembershipFile: filepath.Join(t.TempDir(), "membership.json")}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	t0 := time.Now()
	owner, copycat := composeCtr("shop-1", "shop", t0), composeCtr("evil-1", "evil", t0.Add(time.Minute))
	if adm, err := newGate(cfg, log).Admit([]routing.Container{owner}); err != nil || adm[owner.ID].Verdict != routing.Admit {
		t.Fatalf("first sight: %v, %v", adm, err)
	}
	// A new gate (a restarted sidecar) sees the copy first and alone.
	adm, err := newGate(cfg, log).Admit([]routing.Container{copycat})
	if err != nil || adm[copycat.ID].Verdict != routing.Refuse {
		t.Fatalf("after a restart the copy from another project got %+v, %v; want refused", adm[copycat.ID], err)
	}
}

func TestHintOnChangeSeesAnotherProcessWrite(t *testing.T) {
	file := filepath.Join(t.TempDir(), "membership.json")
	hints := make(chan struct{}, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go hintOnChange(ctx, file, func() { hints <- struct{}{} })
	time.Sleep(2 * membershipPoll)
	store := membership.Store{File: file}
	if err := store.Update(func(st *membership.State) error {
		st.Register("web", "20260101120000", nil, false, time.Now())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-hints:
	case <-time.After(2 * time.Second):
		t.Fatal("no hint after the membership file changed")
	}
}
