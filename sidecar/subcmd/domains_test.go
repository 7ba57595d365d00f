package subcmd

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/sidecar/ownership"
)

func TestDomainsTransferReleaseList(t *testing.T) {
	s := ownership.Store{Path: filepath.Join(t.TempDir(), "domains.json")}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	run := func(args ...string) ([]ownership.Listed, error) {
		var out bytes.Buffer
		if err := runDomains(s, args, now, &out); err != nil {
			return nil, err
		}
		var l []ownership.Listed
		if out.Len() > 0 {
			if err := json.Unmarshal(out.Bytes(), &l); err != nil {
				t.Fatalf("output %q: %v", out.String(), err)
			}
		}
		return l, nil
	}
	if _, err := run("transfer", "shop.example.test", "shop"); err != nil {
		t.Fatal(err)
	}
	l, err := run()
	if err != nil || len(l) != 1 || l[0].Owner != "shop" || l[0].State != ownership.StateServing || !l[0].Since.Equal(now) {
		t.Fatalf("list after transfer: %+v, %v", l, err)
	}
	if _, err := run("release", "shop.example.test"); err != nil {
		t.Fatal(err)
	}
	if l, err := run("list"); err != nil || len(l) != 0 {
		t.Fatalf("list after release: %+v, %v", l, err)
	}
	if _, err := run("release", "shop.example.test"); err == nil {
		t.Error("releasing a free domain: no error")
	}
	if _, err := run("bogus"); err == nil {
		t.Error("unknown verb: no error")
	}
}

func TestCheckRefusesUnknownSubcommands(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
		hint string
	}{
		{nil, true, ""},
		{[]string{"-network", "haloy"}, true, ""},
		{[]string{"status"}, true, ""},
		{[]string{"version"}, true, ""},
		{[]string{"guard", "-sidecar-container", "x"}, true, ""},
		{[]string{"statsu"}, false, `did you mean "status"`},
		{[]string{"versoin"}, false, `did you mean "version"`},
		{[]string{"bogus"}, false, "subcommands: status"},
	} {
		err := Check(c.args, "guard")
		if (err == nil) != c.ok {
			t.Errorf("Check(%v) = %v, want ok=%v", c.args, err, c.ok)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), c.hint) {
			t.Errorf("Check(%v) = %q, want it to contain %q", c.args, err, c.hint)
		}
	}
}
