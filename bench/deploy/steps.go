package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// stepOrder is the order of a deploy's steps, as docker haloy deploy
// --timings names them; "record" runs beside drain and hand-over (or stop+remove, done by the deploy only when it cannot hand the old replicas over to the sidecar).
var stepOrder = []string{"lock", "prepare", "tag", "create", "start", "ready", "switch", "drain", "hand-over", "stop+remove", "unlock", "record"}

// criticalSteps are the steps that follow one another (all but record).
var criticalSteps = stepOrder[:len(stepOrder)-1]

// steps are a deploy's step times by name.
type steps map[string]time.Duration

var timingsLine = regexp.MustCompile(`(?m)timings: (.*)$`)

// parseSteps reads the "APP: timings: lock 12ms, tag 3ms, ..." line of
// docker haloy deploy --timings.
func parseSteps(out string) (steps, error) {
	m := timingsLine.FindStringSubmatch(out)
	if m == nil {
		return nil, fmt.Errorf("no timings line in the output of deploy --timings:\n%s", out)
	}
	s := steps{}
	for _, part := range strings.Split(strings.TrimSpace(m[1]), ", ") {
		i := strings.LastIndex(part, " ")
		d, err := time.ParseDuration(part[i+1:])
		if i < 0 || err != nil {
			return nil, fmt.Errorf("timings line %q: cannot read %q", m[1], part)
		}
		s[part[:i]] += d
	}
	return s, nil
}

// rest is the wall time no critical step accounts for: the plugin's start,
// reading the file, asking the sidecar, waiting for the sweep of leftovers
// and the record.
func (s steps) rest(wall time.Duration) time.Duration {
	for _, name := range criticalSteps {
		wall -= s[name]
	}
	return wall
}

// String prints the steps in order.
func (s steps) String() string {
	var parts []string
	for _, name := range stepOrder {
		if d, ok := s[name]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", name, ms(d)))
		}
	}
	return strings.Join(parts, "  ")
}

// printSteps prints the median of each step of the paired Haloy deploys
// beside the floor's phases of the same run, with their ratios.
func printSteps(w io.Writer, paired []deployResult, floors []floorResult) {
	med := func(f func(deployResult) time.Duration) time.Duration {
		var ds []time.Duration
		for _, r := range paired {
			ds = append(ds, f(r))
		}
		return median(ds)
	}
	fmed := func(f func(floorResult) time.Duration) time.Duration {
		var ds []time.Duration
		for _, r := range floors {
			ds = append(ds, f(r))
		}
		return median(ds)
	}
	fmt.Fprintf(w, "\nWhere the time goes (medians of the %d paired runs; Haloy's steps from deploy --timings)\n", len(paired))
	fmt.Fprintf(w, "  %-28s %10s   %-26s %10s  %s\n", "Haloy step", "median", "floor phase", "median", "Haloy/floor")
	row := func(step string, h time.Duration, phase string, f time.Duration) {
		ratio := ""
		if f > 0 {
			ratio = fmt.Sprintf("%.2fx", float64(h)/float64(f))
		}
		fmt.Fprintf(w, "  %-28s %10s   %-26s %10s  %s\n", step, ms(h), phase, msOrDash(f, phase), ratio)
	}
	get := func(name string) func(deployResult) time.Duration {
		return func(r deployResult) time.Duration { return r.steps[name] }
	}
	row("lock", med(get("lock")), "", 0)
	row("prepare (list, id, image)", med(get("prepare")), "", 0)
	row("tag", med(get("tag")), "", 0)
	row("create + start", med(func(r deployResult) time.Duration { return r.steps["create"] + r.steps["start"] }),
		"create + start", fmed(func(f floorResult) time.Duration { return f.createStart }))
	row("ready (start -> all ready)", med(get("ready")), "all healthy", fmed(func(f floorResult) time.Duration { return f.healthy }))
	row("switch", med(get("switch")), "", 0)
	row("drain", med(get("drain")), "", 0)
	row("hand-over (to the sidecar)", med(get("hand-over")), "", 0)
	row("stop+remove", med(get("stop+remove")), "stop + remove", fmed(func(f floorResult) time.Duration { return f.removal }))
	row("unlock", med(get("unlock")), "", 0)
	row("record (beside drain)", med(get("record")), "", 0)
	row("rest (plugin, file, sidecar)", med(func(r deployResult) time.Duration { return r.steps.rest(r.wall) }), "", 0)
	row("wall", med(func(r deployResult) time.Duration { return r.wall }), "wall", fmed(func(f floorResult) time.Duration { return f.wall }))
}

// msOrDash prints d, or "" for a row without a floor phase.
func msOrDash(d time.Duration, phase string) string {
	if phase == "" {
		return ""
	}
	return ms(d)
}
