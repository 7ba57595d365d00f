package membership

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/haloydev/haloy/labels"
)

// Usage is the membership subcommand's usage line.
const Usage = "usage: membership register APP ID [--promote] [CONTAINER-ID...] | promote APP ID | unbind APP | retire APP | retiring APP CONTAINER-ID... | forget APP | show"

// Command runs `haloy-sidecar membership ...` (args without the word
// membership) on the store; reserved names an app no deploy may register.
func Command(s Store, reserved string, args []string, out io.Writer, now time.Time) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", Usage)
	}
	if args[0] == "show" {
		st, err := s.Load()
		if err != nil {
			return err
		}
		return json.NewEncoder(out).Encode(st)
	}
	if len(args) < 2 {
		return fmt.Errorf("%s", Usage)
	}
	app := args[1]
	if err := labels.ValidateAppName(app); err != nil {
		return fmt.Errorf("app %q: %w", app, err)
	}
	if app == reserved {
		return fmt.Errorf("app %s is the sidecar's own API; no deploy may register it", app)
	}
	switch verb := args[0]; {
	case verb == "register" && len(args) >= 3:
		return register(s, app, args[2], args[3:], now)
	case verb == "promote" && len(args) == 3:
		return s.Update(func(st *State) error {
			if !st.Promote(app, args[2]) {
				return fmt.Errorf("deployment %s of %s is not registered", args[2], app)
			}
			return nil
		})
	case verb == "unbind" && len(args) == 2:
		return s.Update(func(st *State) error { st.Unbind(app); return nil })
	case verb == "retire" && len(args) == 2:
		return s.Update(func(st *State) error { st.Retire(app); return nil })
	case verb == "retiring" && len(args) >= 3:
		return s.Update(func(st *State) error { st.Retiring(app, args[2:], now); return nil })
	case verb == "forget" && len(args) == 2:
		return s.Update(func(st *State) error { st.Forget(app); return nil })
	}
	return fmt.Errorf("%s", Usage)
}

func register(s Store, app, id string, rest []string, now time.Time) error {
	if err := labels.ValidateDeploymentID(id); err != nil {
		return fmt.Errorf("deployment id %q: %w", id, err)
	}
	promote := len(rest) > 0 && rest[0] == "--promote"
	if promote {
		rest = rest[1:]
	}
	return s.Update(func(st *State) error {
		st.Register(app, id, rest, promote, now)
		return nil
	})
}
