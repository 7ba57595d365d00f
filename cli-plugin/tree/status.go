package tree

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/wire"
	"github.com/spf13/cobra"
)

type statusOptions struct {
	format string
	quiet  bool
	apps   []string
}

func newStatusCommand(cfg Config) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:   "status [app...]",
		Short: "Show apps, deployments, replica health and label problems",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.apps = args
			return runStatus(cmd.Context(), cfg, cmd.OutOrStdout(), cmd.ErrOrStderr(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `output format: "" for a table, "json"`)
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print only app names (running and stopped)")
	return cmd
}

func runStatus(ctx context.Context, cfg Config, stdout, stderr io.Writer, opts statusOptions) error {
	ds, err := cfg.Backend.Status(ctx)
	if err != nil {
		return err
	}
	st := statusWithCerts{DaemonStatus: ds}
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	stopped, err := stoppedApps(ctx, cfg.Backend, st.Apps)
	// A sidecar older than this CLI lists no history; the HTTP API lists
	// no history of all apps (errors.ErrUnsupported): no stopped apps.
	if err != nil && !errors.Is(err, errors.ErrUnsupported) {
		fmt.Fprintf(stderr, "WARNING: stopped apps are not listed: %s\n", safe(err.Error()))
	}
	st.Apps = filterApps(st.Apps, opts.apps)
	st.Certificates.Domains = filterCerts(st.Certificates.Domains, opts.apps)
	st.StoppedApps = filterStopped(stopped, opts.apps)
	st.Swarm = clusterView(ctx, cfg.Backend, stderr)
	switch {
	case opts.quiet:
		for _, name := range statusAppNames(st) {
			fmt.Fprintln(stdout, safe(name))
		}
		return nil
	case opts.format == "json":
		return writeJSON(stdout, st)
	}
	printStatus(stdout, st.Status)
	printStopped(stdout, st.StoppedApps)
	printCertificates(stdout, st.Certificates)
	if st.Swarm != nil {
		printSwarmView(stdout, st.Swarm)
	}
	printFollowers(stdout, st.Follow)
	return nil
}

func filterApps(apps []routing.AppStatus, only []string) []routing.AppStatus {
	if len(only) == 0 {
		return apps
	}
	var out []routing.AppStatus
	for _, a := range apps {
		for _, name := range only {
			if a.Name == name {
				out = append(out, a)
			}
		}
	}
	return out
}

// safe escapes text from labels (and the sidecar's messages quoting them)
// for the terminal; JSON output is not escaped.
func safe(s string) string { return termsafe.String(s) }

// printStatus prints the apps' replicas as a table, then the problems.
func printStatus(w io.Writer, st wire.Status) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "APP\tDEPLOYMENT\tSTATE\tREPLICA\tHEALTH\tDOMAINS")
	for _, a := range st.Apps {
		for _, d := range a.Deployments {
			for _, r := range d.Replicas {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(a.Name), safe(orDash(d.ID)), safe(deploymentState(d)), safe(r.Container), safe(replicaHealth(r)), safe(domainList(a)))
			}
		}
	}
	tw.Flush()
	if len(st.Problems) > 0 {
		fmt.Fprintf(w, "\n%d problem(s):\n", len(st.Problems))
		for _, p := range st.Problems {
			fmt.Fprintf(w, "  %s\n", safe(p.String()))
		}
	}
	if st.LastError != "" {
		fmt.Fprintf(w, "\nsidecar error: %s\n", safe(st.LastError))
	}
}

// deploymentState is the deployment's state, or "retiring" while the
// sidecar drains it for removal (handed over by a deploy, or by stop).
func deploymentState(d routing.DeploymentStatus) string {
	if d.Retiring {
		return "retiring"
	}
	return string(d.State)
}

func replicaHealth(r routing.ReplicaStatus) string {
	switch {
	case !r.Running:
		return "stopped"
	case r.Ready:
		return "ready"
	case r.Health != "":
		return string(r.Health)
	default:
		return "starting"
	}
}

func domainList(a routing.AppStatus) string {
	var names []string
	for _, d := range a.Domains {
		names = append(names, d.Names()...)
	}
	return orDash(strings.Join(names, ","))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// servingID is the id of app's serving deployment ("" when none).
func servingID(apps []routing.AppStatus, app string) string {
	for _, a := range apps {
		if a.Name == app {
			return a.Serving
		}
	}
	return ""
}
