package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
)

// replicas is how many containers the bench app runs.
const replicas = 3

// deployResult is what one measured deploy did.
type deployResult struct {
	id                 string
	requests, failures int64
	errors             map[string]int64
	wall               time.Duration // the deploy command's run time
	startup            time.Duration // first new container started -> all healthy
	toFirstNew         time.Duration // all healthy -> first new-version response
	toLastOld          time.Duration // all healthy -> last old-version response
	retired            time.Duration // the deploy returned -> the old replicas removed (by the sidecar)
	steps              steps         // the deploy's own step times (deploy --timings)
}

// benchResults are the bench's measurements under load.
type benchResults struct {
	deploys []deployResult // Haloy deploys alone: the targets' conditions
	paired  []deployResult // Haloy deploys interleaved with floor swaps
	floors  []floorResult  // the engine floor's swaps, one after each paired deploy
}

// benchDeploys deploys the app once, then o.deploys times under load,
// measuring each; then, when o.floor is set, o.deploys more times, each
// followed by a swap of the engine's floor under the same load.
func benchDeploys(ctx context.Context, h *haloy, o options) (benchResults, error) {
	var res benchResults
	w, err := watch(ctx, "dev.haloy.appName="+benchApp, "dev.haloy.deployment-id")
	if err != nil {
		return res, err
	}
	defer w.stop()
	if _, _, err := h.deploy(ctx, o.image, "d0"); err != nil {
		return res, err
	}
	load := loadgen.Start(o.loadConfig(h.httpPort, benchApp+".example.test"))
	defer load.Stop()
	time.Sleep(time.Second) // connections open, traffic flows
	k := 0
	next := func() (deployResult, error) {
		k++
		r, err := measureDeploy(ctx, h, w, load, o.image, k)
		if err == nil {
			fmt.Printf("deploy %2d: %s\n", k, r)
		}
		return r, err
	}
	for range o.deploys {
		r, err := next()
		if err != nil {
			return res, err
		}
		res.deploys = append(res.deploys, r)
	}
	if !o.floor {
		return res, nil
	}
	f, err := startFloor(ctx, o.image)
	if err != nil {
		return res, err
	}
	defer f.close()
	for range o.deploys {
		r, err := next()
		if err != nil {
			return res, err
		}
		fr, err := f.swap(ctx)
		if err != nil {
			return res, err
		}
		fmt.Printf("floor  %2d: %s\n", k, fr)
		res.paired, res.floors = append(res.paired, r), append(res.floors, fr)
	}
	return res, nil
}

// measureDeploy deploys version d<k> and measures it against d<k-1>.
func measureDeploy(ctx context.Context, h *haloy, w *watcher, load *loadgen.Run, image string, k int) (deployResult, error) {
	before := load.Snapshot()
	start := time.Now()
	id, st, err := h.deploy(ctx, image, fmt.Sprintf("d%d", k))
	if err != nil {
		return deployResult{}, err
	}
	r := deployResult{id: id, wall: time.Since(start), steps: st}
	started, healthy, err := w.deployment(id, replicas, 10*time.Second)
	if err != nil {
		return r, err
	}
	// The next round starts once the sidecar removed the old replicas, so
	// that no round (nor the floor's swap) runs beside the last one's removal.
	if r.retired, err = waitRetired(ctx, start.Add(r.wall), 30*time.Second); err != nil {
		return r, err
	}
	time.Sleep(200 * time.Millisecond) // the last responses of the old version arrive
	after := load.Snapshot()
	r.requests, r.failures = after.Requests-before.Requests, after.Failures-before.Failures
	r.errors = subtract(after.Errors, before.Errors)
	r.startup = healthy.Sub(started)
	if v := after.Versions[fmt.Sprintf("d%d", k)]; v != nil {
		r.toFirstNew = v.First.Sub(healthy)
	}
	if v := after.Versions[fmt.Sprintf("d%d", k-1)]; v != nil {
		r.toLastOld = v.Last.Sub(healthy)
	}
	return r, nil
}

// waitRetired waits until the bench app has only its new replicas left
// and returns how long after returned that was.
func waitRetired(ctx context.Context, returned time.Time, timeout time.Duration) (time.Duration, error) {
	for {
		out, err := exec.CommandContext(ctx, "docker", "ps", "-aq", "--filter", "label=dev.haloy.appName="+benchApp).Output()
		if err != nil {
			return 0, fmt.Errorf("listing the bench app's containers: %w", err)
		}
		if n := len(strings.Fields(string(out))); n <= replicas {
			return time.Since(returned), nil
		}
		if time.Since(returned) > timeout {
			return 0, fmt.Errorf("the old replicas were not removed %s after the deploy returned", timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func subtract(a, b map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for k, v := range a {
		if d := v - b[k]; d > 0 {
			out[k] = d
		}
	}
	return out
}

func (r deployResult) String() string {
	s := fmt.Sprintf("%s  requests %6d  failed %d  healthy->first new %6s  healthy->last old %6s  wall %6s  wall-startup %6s (startup %s)  old removed +%s",
		r.id, r.requests, r.failures, ms(r.toFirstNew), ms(r.toLastOld), ms(r.wall), ms(r.wall-r.startup), ms(r.startup), ms(r.retired))
	if len(r.errors) > 0 {
		s += fmt.Sprintf("  errors %v", r.errors)
	}
	return s + "\n           steps: " + r.steps.String() + fmt.Sprintf("  rest %s", ms(r.steps.rest(r.wall)))
}

// ms rounds a duration to milliseconds for printing.
func ms(d time.Duration) string {
	return d.Round(time.Millisecond).String()
}
