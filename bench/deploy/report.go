package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// printDeploys prints the totals of the Haloy deploys.
func printDeploys(w io.Writer, o options, rs []deployResult) {
	var req, fail int64
	var firstNew, lastOld, wall, overhead, retired []time.Duration
	for _, r := range rs {
		req, fail = req+r.requests, fail+r.failures
		firstNew, lastOld = append(firstNew, r.toFirstNew), append(lastOld, r.toLastOld)
		retired = append(retired, r.retired)
		wall, overhead = append(wall, r.wall), append(overhead, r.wall-r.startup)
	}
	fmt.Fprintf(w, "\nHaloy: %d deploys of a %d-replica app under %s\n", len(rs), replicas, o.describeLoad())
	fmt.Fprintf(w, "  requests %d, failed %d\n", req, fail)
	fmt.Fprintf(w, "  healthy -> first new-version response  %s\n", spread(firstNew))
	fmt.Fprintf(w, "  healthy -> last old-version response   %s\n", spread(lastOld))
	fmt.Fprintf(w, "  deploy wall time                       %s\n", spread(wall))
	fmt.Fprintf(w, "  deploy wall time minus app start-up    %s\n", spread(overhead))
	fmt.Fprintf(w, "  returned -> old replicas removed       %s (by the sidecar, after the deploy)\n", spread(retired))
}

// printCompose prints the totals of the Compose baseline.
func printCompose(w io.Writer, rs []composeResult) {
	var req, fail int64
	var wall []time.Duration
	for _, r := range rs {
		req, fail, wall = req+r.requests, fail+r.failures, append(wall, r.wall)
	}
	fmt.Fprintf(w, "\nBaseline: %d x docker-compose (v1) up -d --force-recreate, same app, same HAProxy\n", len(rs))
	fmt.Fprintf(w, "  requests %d, failed %d\n", req, fail)
	fmt.Fprintf(w, "  compose wall time                      %s\n", spread(wall))
}

// median is the middle of ds (the upper one of an even count).
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// spread renders min / median / max of ds.
func spread(ds []time.Duration) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return fmt.Sprintf("min %s  median %s  max %s", ms(s[0]), ms(s[len(s)/2]), ms(s[len(s)-1]))
}

// printSummary prints one line of the run's headline figures, which
// scripts/bench.sh puts side by side for each engine it benchmarked.
func printSummary(w io.Writer, engine string, res benchResults) {
	all := append(append([]deployResult{}, res.deploys...), res.paired...)
	if len(all) == 0 {
		return
	}
	var fail, req int64
	var firstNew []time.Duration
	for _, r := range all {
		req, fail = req+r.requests, fail+r.failures
		firstNew = append(firstNew, r.toFirstNew)
	}
	ratio := "-"
	if len(res.floors) > 0 {
		var wall, floor []time.Duration
		for _, r := range res.paired {
			wall = append(wall, r.wall)
		}
		for _, f := range res.floors {
			floor = append(floor, f.wall)
		}
		ratio = fmt.Sprintf("%.2fx (Haloy %s, floor %s)", float64(median(wall))/float64(median(floor)), ms(median(wall)), ms(median(floor)))
	}
	fmt.Fprintf(w, "\nsummary: engine %s | %d deploys, %d of %d requests failed | healthy -> first new median %s | Haloy/floor %s\n",
		engine, len(all), fail, req, ms(median(firstNew)), ratio)
}
