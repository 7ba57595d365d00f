// Package subcmd holds the sidecar binary's one-shot subcommands, which the
// CLI runs inside the sidecar container with docker exec:
//
//	haloy-sidecar status                         the reconcile status (JSON)
//	haloy-sidecar status --watch                 a JSON line now, on each change and every second,
//	                                             until standard input (if a pipe) closes
//	haloy-sidecar session                        status --watch, each line a wire.SessionLine, and runs
//	                                             the subcommands of wire.SessionRequest lines on standard input
//	haloy-sidecar history apps                   each app's newest deployment (JSON)
//	haloy-sidecar history list APP               deployments, newest first (JSON)
//	haloy-sidecar history get APP ID             one snapshot (JSON)
//	haloy-sidecar history save APP ID JSON       store a snapshot
//	haloy-sidecar history save APP ID JSON --keep KEEP
//	                                             store it and prune to KEEP (and ID): the pruned ids (JSON)
//	haloy-sidecar history prune APP KEEP [ID...] keep the newest KEEP (and the IDs)
//	haloy-sidecar api-token [--rotate]           print (or first replace) the API token
//	haloy-sidecar follow-token [--rotate]        print (or first replace) the follower token
//	haloy-sidecar control-token [--rotate]       print (or first replace) the relays' control token
//	haloy-sidecar membership register APP ID [--promote] [CONTAINER-ID...]
//	                                             register a deployment's containers before they start
//	haloy-sidecar membership promote APP ID      route a registered deployment
//	haloy-sidecar membership promote APP ID --when-ready
//	                                             (in a session only) route it once all its replicas are ready
//	haloy-sidecar membership unbind APP          forget a plain Compose app's project/service
//	haloy-sidecar membership retiring APP CONTAINER-ID...
//	                                             hand drained containers over: the sidecar stops and removes them
//	haloy-sidecar membership show                the membership state (JSON)
//	haloy-sidecar domains [list]                 owned domains: owner, since, state (JSON)
//	haloy-sidecar domains release DOMAIN         make DOMAIN free
//	haloy-sidecar domains transfer DOMAIN APP    make APP DOMAIN's owner
//	haloy-sidecar acme-dns-credentials set       store DNS-01 provider credentials (NAME=VALUE lines on stdin)
//	haloy-sidecar acme-dns-credentials names     the stored credentials' names (JSON)
//	haloy-sidecar version                        version and commit (JSON)
//
// Any other first argument that is not a flag is refused (see Check): a
// mistyped subcommand must never start a second daemon.
package subcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/internal/suggest"
	"github.com/haloydev/haloy/internal/version"
	"github.com/haloydev/haloy/sidecar/api"
	"github.com/haloydev/haloy/sidecar/ctl"
	"github.com/haloydev/haloy/sidecar/history"
	"github.com/haloydev/haloy/sidecar/membership"
	"github.com/haloydev/haloy/sidecar/ownership"
	"github.com/haloydev/haloy/wire"
)

// ReservedApp is the sidecar's own API app, which no deploy may register
// (contract.APIApp, the name init routes the API under).
const ReservedApp = contract.APIApp

// DefaultHistoryDir is where snapshots live on the sidecar's data volume.
const DefaultHistoryDir = contract.DataDir + "/history"

// Names lists the one-shot subcommands.
var Names = []string{"status", wire.SessionCommand, "history", "api-token", contract.FollowTokenCommand, contract.ControlTokenCommand, "membership", "domains", "acme-dns-credentials", "version"}

// Is reports whether name is a subcommand.
func Is(name string) bool {
	return slices.Contains(Names, name)
}

// Check refuses a command line whose first argument is neither a flag, a
// subcommand nor one of the extra commands the binary knows (e.g. guard).
func Check(args []string, extra ...string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") || Is(args[0]) || slices.Contains(extra, args[0]) {
		return nil
	}
	known := append(slices.Clone(Names), extra...)
	msg := fmt.Sprintf("unknown subcommand %q", args[0])
	if s := suggest.Closest(args[0], known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return fmt.Errorf("%s; subcommands: %s; without one (flags only) the binary runs the daemon", msg, strings.Join(known, ", "))
}

// Run runs the subcommand in args (args[0] is its name), writing to out.
func Run(ctx context.Context, args []string, out io.Writer) error {
	switch args[0] {
	case "status":
		if len(args) > 1 && args[1] == "--watch" {
			return watchStatus(ctx, ctl.DefaultSocket, AttachedInput(), out)
		}
		return ctl.Get(ctx, ctl.DefaultSocket, ctl.StatusPath, out)
	case "history":
		return runHistory(history.Store{Dir: DefaultHistoryDir}, args[1:], out)
	case "api-token":
		return api.TokenCommand(api.DefaultTokenFile, args[1:], out)
	case contract.FollowTokenCommand:
		return api.TokenCommand(contract.FollowTokenFile, args[1:], out)
	case wire.SessionCommand:
		return runSession(ctx, ctl.DefaultSocket, os.Stdin, out)
	case contract.ControlTokenCommand:
		return api.TokenCommand(contract.ControlTokenFile, args[1:], out)
	case "membership":
		if len(args) == 5 && args[1] == "promote" && args[4] == "--when-ready" {
			return promoteWhenReady(ctx, ctl.DefaultSocket, args[2], args[3])
		}
		return membership.Command(membership.Store{File: membership.DefaultFile}, ReservedApp, args[1:], out, time.Now())
	case "domains":
		return runDomains(ownership.Store{Path: ownership.DefaultFile}, args[1:], time.Now(), out)
	case "acme-dns-credentials":
		return runDNSCredentials(acme.DefaultDNSCredentialsFile, args[1:], os.Stdin, out)
	case "version":
		return writeJSON(out, version.Get(), nil)
	}
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func runHistory(s history.Store, args []string, out io.Writer) error {
	if len(args) == 1 && args[0] == "apps" {
		latest, err := s.Latest()
		return writeJSON(out, latest, err)
	}
	if len(args) < 2 {
		return errors.New("usage: history list|get|save|prune APP [ARGS]")
	}
	switch verb, app := args[0], args[1]; {
	case verb == "list" && len(args) == 2:
		entries, err := s.List(app)
		return writeJSON(out, entries, err)
	case verb == "get" && len(args) == 3:
		e, err := s.Get(app, args[2])
		return writeJSON(out, e, err)
	case verb == "save" && len(args) == 4:
		return s.Save(app, args[2], json.RawMessage(args[3]))
	case verb == "save" && len(args) == 6 && args[4] == "--keep":
		keep, err := parseKeep(args[5])
		if err != nil {
			return err
		}
		if err := s.Save(app, args[2], json.RawMessage(args[3])); err != nil {
			return err
		}
		removed, err := s.Prune(app, keep, args[2])
		return writeJSON(out, removed, err)
	case verb == "prune" && len(args) >= 3:
		keep, err := parseKeep(args[2])
		if err != nil {
			return err
		}
		removed, err := s.Prune(app, keep, args[3:]...)
		return writeJSON(out, removed, err)
	}
	return fmt.Errorf("usage: history apps | list APP | get APP ID | save APP ID JSON [--keep KEEP] | prune APP KEEP [ID...]")
}

func parseKeep(v string) (int, error) {
	keep, err := strconv.Atoi(v)
	if err != nil || keep < 1 {
		return 0, fmt.Errorf("KEEP must be a number of at least 1, got %q", v)
	}
	return keep, nil
}

func writeJSON(out io.Writer, v any, err error) error {
	if err != nil {
		return err
	}
	return json.NewEncoder(out).Encode(v)
}
