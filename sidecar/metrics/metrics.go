// Package metrics serves the sidecar's Prometheus metrics in the text
// exposition format (version 0.0.4), written by hand from the reconcile
// loop's status: passes, the last pass's duration, HAProxy reloads and
// runtime-API applies the sidecar caused, label problems, and each app's
// ready replicas. HAProxy's own metrics come from its built-in exporter
// (see haproxy.Settings.MetricsPort), not from here.
package metrics

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/reconcile"
)

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Metric names, each documented in Write's output by its HELP line.
const (
	PassesTotal         = "haloy_reconcile_passes_total"
	PassDuration        = "haloy_reconcile_duration_seconds"
	ReloadsTotal        = "haloy_haproxy_reloads_total"
	RuntimeAppliesTotal = "haloy_runtime_applies_total"
	LabelProblems       = "haloy_label_problems"
	AppReadyReplicas    = "haloy_app_ready_replicas"
)

// Write writes the metrics of s to w.
func Write(w io.Writer, s reconcile.Status) error {
	var b strings.Builder
	sample(&b, PassesTotal, "counter", "Reconcile passes since the sidecar started.", float64(s.Passes))
	sample(&b, PassDuration, "gauge", "Duration of the last reconcile pass.", time.Duration(s.LastPassDuration).Seconds())
	sample(&b, ReloadsTotal, "counter", "HAProxy reloads the sidecar caused since it started.", float64(s.Reloads))
	sample(&b, RuntimeAppliesTotal, "counter", "Passes that changed servers through HAProxy's runtime API, without a reload.", float64(s.RuntimeApplies))
	sample(&b, LabelProblems, "gauge", "Label mistakes and domain conflicts found by the last pass.", float64(len(s.Problems)))
	header(&b, AppReadyReplicas, "gauge", "Ready replicas of each app's serving deployments.")
	for _, app := range sortedApps(s.Apps) {
		fmt.Fprintf(&b, "%s{app=\"%s\"} %d\n", AppReadyReplicas, escape(app.Name), ReadyReplicas(app))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ReadyReplicas counts the ready, running replicas of app's serving
// deployments: the containers HAProxy sends new requests to.
func ReadyReplicas(app routing.AppStatus) int {
	n := 0
	for _, d := range app.Deployments {
		if d.State != routing.StateServing {
			continue
		}
		for _, r := range d.Replicas {
			if r.Ready && r.Running {
				n++
			}
		}
	}
	return n
}

func header(b *strings.Builder, name, kind, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

func sample(b *strings.Builder, name, kind, help string, v float64) {
	header(b, name, kind, help)
	fmt.Fprintf(b, "%s %g\n", name, v)
}

// escape escapes a label value as the exposition format requires.
func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

func sortedApps(apps []routing.AppStatus) []routing.AppStatus {
	out := append([]routing.AppStatus(nil), apps...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
