package tree

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
)

// stoppedApp is an app that has a deployment history but no containers
// (stopped with `docker haloy stop`): `docker haloy rollback` or a deploy
// brings it back.
type stoppedApp struct {
	// Name is the app name.
	Name string `json:"name"`
	// State is always "stopped".
	State string `json:"state"`
	// LastDeployment is the id of its newest recorded deployment.
	LastDeployment string `json:"lastDeployment"`
	// Image is that deployment's image.
	Image string `json:"image"`
	// Deployed is when that deployment was recorded.
	Deployed time.Time `json:"deployed"`
	// Domains are the canonical domains it was served under.
	Domains []string `json:"domains"`
}

// stoppedApps lists the apps in the sidecar's history that have no
// containers (are not in running).
func stoppedApps(ctx context.Context, b wire.Backend, running []routing.AppStatus) ([]stoppedApp, error) {
	latest, err := b.Latest(ctx)
	if err != nil {
		return nil, err
	}
	return stoppedFrom(latest, running), nil
}

// stoppedFrom keeps the history entries of apps not running.
func stoppedFrom(latest []wire.HistoryEntry, running []routing.AppStatus) []stoppedApp {
	out := []stoppedApp{}
	for _, e := range latest {
		name := e.Snapshot.App.Name
		if name == "" || slices.ContainsFunc(running, func(a routing.AppStatus) bool { return a.Name == name }) {
			continue
		}
		s := stoppedApp{Name: name, State: "stopped", LastDeployment: e.ID, Image: e.Snapshot.Image, Deployed: e.Saved, Domains: []string{}}
		for _, d := range e.Snapshot.App.Domains {
			s.Domains = append(s.Domains, d.Domain)
		}
		out = append(out, s)
	}
	return out
}

func filterStopped(apps []stoppedApp, only []string) []stoppedApp {
	if len(only) == 0 {
		return apps
	}
	out := []stoppedApp{}
	for _, a := range apps {
		if slices.Contains(only, a.Name) {
			out = append(out, a)
		}
	}
	return out
}

// statusAppNames lists the running apps, then the stopped ones.
func statusAppNames(st statusWithCerts) []string {
	var names []string
	for _, a := range st.Apps {
		names = append(names, a.Name)
	}
	for _, a := range st.StoppedApps {
		names = append(names, a.Name)
	}
	return names
}

func printStopped(w io.Writer, apps []stoppedApp) {
	if len(apps) == 0 {
		return
	}
	fmt.Fprintln(w, "\nStopped apps (deploy or roll back to start them):")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APP\tLAST DEPLOYMENT\tSTATE\tIMAGE\tDOMAINS")
	for _, a := range apps {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", safe(a.Name), safe(a.LastDeployment), a.State, safe(a.Image), safe(orDash(strings.Join(a.Domains, ","))))
	}
	tw.Flush()
}
