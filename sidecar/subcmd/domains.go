package subcmd

import (
	"fmt"
	"io"
	"time"

	"github.com/haloydev/haloy/sidecar/ownership"
)

// runDomains lists, releases or transfers owned domains. Changes are
// written to the store the daemon rereads on each pass; they take effect
// at its next pass (at the latest after its resync period).
func runDomains(s ownership.Store, args []string, now time.Time, out io.Writer) error {
	switch {
	case len(args) == 0 || (len(args) == 1 && args[0] == "list"):
		t, err := s.Load()
		if err != nil {
			return err
		}
		return writeJSON(out, t.List(), nil)
	case len(args) == 2 && args[0] == "release":
		return s.Update(func(t ownership.Table) (bool, error) { return true, ownership.Release(t, args[1]) })
	case len(args) == 3 && args[0] == "transfer":
		return s.Update(func(t ownership.Table) (bool, error) { return true, ownership.Transfer(t, args[1], args[2], now) })
	}
	return fmt.Errorf("usage: domains [list] | release DOMAIN | transfer DOMAIN APP")
}
