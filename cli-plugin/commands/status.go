package commands

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
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

func newStatusCommand(dockerCli command.Cli) *cobra.Command {
	var opts statusOptions
	cmd := &cobra.Command{
		Use:   "status [app...]",
		Short: "Show apps, deployments, replica health and label problems",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.apps = args
			return runStatus(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "", `output format: "" for a table, "json"`)
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print only app names (running and stopped)")
	return cmd
}

func runStatus(ctx context.Context, dockerCli command.Cli, opts statusOptions) error {
	var st statusWithCerts
	if err := infra.SidecarStatus(ctx, newEngine(dockerCli), &st); err != nil {
		return err
	}
	if err := checkFormat(opts.format); err != nil {
		return err
	}
	stopped, err := stoppedApps(ctx, dockerCli, st.Apps)
	if err != nil { // a sidecar older than this CLI lists no history
		fmt.Fprintf(dockerCli.Err(), "WARNING: stopped apps are not listed: %s\n", safe(err.Error()))
	}
	st.Apps = filterApps(st.Apps, opts.apps)
	st.Certificates.Domains = filterCerts(st.Certificates.Domains, opts.apps)
	st.StoppedApps = filterStopped(stopped, opts.apps)
	if onSwarm, err := swarmManager(ctx, dockerCli); err == nil && onSwarm {
		if st.Swarm, err = readSwarmView(ctx, dockerCli); err != nil {
			fmt.Fprintf(dockerCli.Err(), "WARNING: the Swarm's nodes and tasks are not listed: %s\n", safe(err.Error()))
		}
	}
	switch {
	case opts.quiet:
		for _, name := range statusAppNames(st) {
			fmt.Fprintln(dockerCli.Out(), safe(name))
		}
		return nil
	case opts.format == "json":
		return writeJSON(dockerCli.Out(), st)
	}
	printStatus(dockerCli.Out(), st.Status)
	printStopped(dockerCli.Out(), st.StoppedApps)
	printCertificates(dockerCli.Out(), st.Certificates)
	if st.Swarm != nil {
		printSwarmView(dockerCli.Out(), st.Swarm)
	}
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
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(a.Name), safe(orDash(d.ID)), safe(string(d.State)), safe(r.Container), safe(replicaHealth(r)), safe(domainList(a)))
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
