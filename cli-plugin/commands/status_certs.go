package commands

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/haloydev/haloy/wire"
	"github.com/haloydev/haloy/wire/certstatus"
)

// statusWithCerts is the sidecar's status as its control socket sends it:
// the routing loop's status and each domain's certificate.
type statusWithCerts struct {
	wire.DaemonStatus
	// StoppedApps are apps with a deployment history but no containers.
	StoppedApps []stoppedApp `json:"stoppedApps"`
	// Swarm lists the cluster's nodes and tasks on a Swarm manager (absent
	// on a single engine).
	Swarm *swarmView `json:"swarm,omitempty"`
}

// filterCerts keeps the domains of the named apps (all without names).
func filterCerts(domains []certstatus.Domain, only []string) []certstatus.Domain {
	if len(only) == 0 {
		return domains
	}
	var out []certstatus.Domain
	for _, d := range domains {
		if slices.Contains(only, d.App) {
			out = append(out, d)
		}
	}
	return out
}

// printCertificates prints a table of the domains' certificates and, for
// each failing one, its last error and what to do about it.
func printCertificates(w io.Writer, r certstatus.Report) {
	if len(r.Domains) == 0 && r.Error == "" {
		return
	}
	fmt.Fprintf(w, "\nCertificates (CA: %s):\n", safe(orDash(r.CA)))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DOMAIN\tAPP\tCHALLENGE\tSTATE\tISSUER\tEXPIRES\tNAMES")
	for _, d := range r.Domains {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", safe(d.Domain), safe(d.App), safe(orDash(d.Challenge)), safe(string(d.State)), safe(orDash(d.Issuer)), expiry(d.NotAfter), safe(orDash(strings.Join(d.Names, ","))))
	}
	tw.Flush()
	for _, d := range r.Domains {
		printCertProblem(w, d)
	}
	if r.Error != "" {
		fmt.Fprintf(w, "certificate error: %s\n", safe(r.Error))
	}
}

// printCertProblem explains a domain's failure or why it is skipped.
func printCertProblem(w io.Writer, d certstatus.Domain) {
	if d.LastError == "" && d.Hint == "" {
		return
	}
	fmt.Fprintf(w, "  %s:", safe(d.Domain))
	if d.LastError != "" {
		fmt.Fprintf(w, " %s (failure %d", safe(d.LastError), d.Failures)
		if !d.NextAttempt.IsZero() {
			fmt.Fprintf(w, ", next attempt %s", d.NextAttempt.Local().Format(time.DateTime))
		}
		fmt.Fprint(w, ")")
	}
	if d.Hint != "" {
		fmt.Fprintf(w, "\n    hint: %s", safe(d.Hint))
	}
	fmt.Fprintln(w)
}

// expiry formats a certificate's expiry date, "-" without one.
func expiry(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format(time.DateTime)
}
