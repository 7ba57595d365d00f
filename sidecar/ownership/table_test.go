package ownership

import (
	"path/filepath"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

const grace = 7 * 24 * time.Hour

func TestObserve(t *testing.T) {
	shop := Claim{App: "shop", Hosts: []string{"shop.example.test"}}
	squat := Claim{App: "squat", Hosts: []string{"shop.example.test"}}
	owned := func() Table { return Table{"shop.example.test": {App: "shop", Since: t0}} }
	tests := []struct {
		name   string
		table  Table
		apps   []Claim
		at     time.Duration
		owner  string // "" for free
		gone   bool
		change ChangeKind
	}{
		{"first claim wins", Table{}, []Claim{shop, squat}, 0, "shop", false, Acquired},
		{"redeploy keeps owner", owned(), []Claim{shop}, time.Hour, "shop", false, ""},
		{"squatter claiming first in order does not take an owned domain", owned(), []Claim{squat, shop}, time.Hour, "shop", false, ""},
		{"owner gone starts the grace period", owned(), []Claim{{App: "squat"}}, time.Hour, "shop", true, OwnerGone},
		{"grace period not yet over", Table{"shop.example.test": {App: "shop", Since: t0, GoneSince: t0, FreeAt: t0.Add(grace)}}, nil, grace - time.Second, "shop", true, ""},
		{"grace period over frees the domain", Table{"shop.example.test": {App: "shop", Since: t0, GoneSince: t0, FreeAt: t0.Add(grace)}}, nil, grace, "", false, Expired},
		{"owner back within grace", Table{"shop.example.test": {App: "shop", Since: t0, GoneSince: t0, FreeAt: t0.Add(grace)}}, []Claim{{App: "shop"}}, time.Hour, "shop", false, OwnerBack},
		{"api app takes its domain from anyone", owned(), []Claim{{App: ReservedApp, API: true, Hosts: []string{"shop.example.test"}}}, time.Hour, ReservedApp, false, TakenByAPIApp},
		{"a label naming the api app takes nothing", owned(), []Claim{shop, {App: ReservedApp, Hosts: []string{"shop.example.test"}}}, time.Hour, "shop", false, ""},
		{"a label naming the api app acquires no free domain", Table{}, []Claim{{App: ReservedApp, Hosts: []string{"shop.example.test"}}}, 0, "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := Observe(tt.table, tt.apps, t0.Add(tt.at), grace)
			e, ok := tt.table["shop.example.test"]
			if got := map[bool]string{true: e.App}[ok]; got != tt.owner {
				t.Fatalf("owner = %q, want %q (table %+v)", got, tt.owner, tt.table)
			}
			if e.Gone() != tt.gone {
				t.Errorf("gone = %v, want %v", e.Gone(), tt.gone)
			}
			var kind ChangeKind
			if len(changes) > 0 {
				kind = changes[0].Kind
			}
			if kind != tt.change || len(changes) > 1 {
				t.Errorf("changes = %+v, want one %q", changes, tt.change)
			}
		})
	}
}

func TestGoneOwnerFreeAt(t *testing.T) {
	tb := Table{"a.test": {App: "a", Since: t0}}
	ch := Observe(tb, nil, t0.Add(time.Hour), grace)
	if want := t0.Add(time.Hour + grace); len(ch) != 1 || !ch[0].FreeAt.Equal(want) || !tb["a.test"].FreeAt.Equal(want) {
		t.Fatalf("changes %+v, entry %+v: want free at %s", ch, tb["a.test"], want)
	}
	if ch := Observe(tb, nil, t0.Add(2*time.Hour), grace); len(ch) != 0 {
		t.Errorf("a second pass without the owner changed %+v; the grace period must not restart", ch)
	}
}

func TestReleaseAndTransfer(t *testing.T) {
	tb := Table{"a.test": {App: "a", Since: t0}, "api.test": {App: ReservedApp, Since: t0}}
	if err := Transfer(tb, "a.test", "b", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e := tb["a.test"]; e.App != "b" || !e.Since.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after transfer: %+v", e)
	}
	Observe(tb, []Claim{{App: "a", Hosts: []string{"a.test"}}}, t0.Add(2*time.Hour), grace)
	if tb["a.test"].App != "b" {
		t.Fatalf("the old owner took its domain back after a transfer: %+v", tb["a.test"])
	}
	if err := Release(tb, "a.test"); err != nil {
		t.Fatal(err)
	}
	if _, ok := tb["a.test"]; ok {
		t.Fatal("released domain still owned")
	}
	if err := Release(tb, "a.test"); err == nil {
		t.Error("releasing a free domain: no error")
	}
	if err := Release(tb, "api.test"); err == nil {
		t.Error("released the api domain")
	}
	if err := Transfer(tb, "api.test", "b", t0); err == nil {
		t.Error("transferred the api domain")
	}
	if err := Transfer(tb, "x.test", ReservedApp, t0); err == nil {
		t.Error("transferred a domain to the api app")
	}
}

func TestStoreRoundTrip(t *testing.T) {
	s := Store{Path: filepath.Join(t.TempDir(), "sub", "domains.json")}
	if tb, err := s.Load(); err != nil || len(tb) != 0 {
		t.Fatalf("missing file: %v, %v", tb, err)
	}
	err := s.Update(func(tb Table) (bool, error) {
		Observe(tb, []Claim{{App: "shop", Hosts: []string{"shop.test"}}}, t0, grace)
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := s.Load()
	if err != nil || tb["shop.test"].App != "shop" || !tb["shop.test"].Since.Equal(t0) {
		t.Fatalf("reloaded %+v, %v", tb, err)
	}
}

func TestList(t *testing.T) {
	tb := Table{"b.test": {App: "b", Since: t0, GoneSince: t0, FreeAt: t0.Add(grace)}, "a.test": {App: "a", Since: t0}}
	got := tb.List()
	if len(got) != 2 || got[0].Domain != "a.test" || got[0].State != StateServing || got[1].State != StateOwnerGone || !got[1].FreeAt.Equal(t0.Add(grace)) {
		t.Fatalf("List() = %+v", got)
	}
}
