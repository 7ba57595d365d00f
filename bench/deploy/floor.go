package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/haloydev/haloy/internal/loadgen"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// Labels of the floor's containers; they carry no dev.haloy.* label, so
// the sidecar never routes them.
const (
	floorLabel = "haloy-bench.floor"
	roundLabel = "haloy-bench.round"
)

// floorResult is one start-first swap done with the Docker API alone.
type floorResult struct {
	wall    time.Duration // create and start 3, all healthy, stop and remove the previous 3
	startup time.Duration // first container started -> all healthy
}

// benchFloor measures the engine's floor for a deploy under the same load
// as the Haloy deploys: o.floorRuns times, it creates and starts 3
// containers of the image on the haloy network (in parallel, as Haloy
// does), waits for Docker to report all 3 healthy, then stops and removes
// the 3 of the round before. Nothing is routed to them: this is only what
// the engine itself takes, which no deploy tool can go below.
func benchFloor(ctx context.Context, h *haloy, o options) ([]floorResult, error) {
	api, err := client.New(client.FromEnv, client.WithAPIVersionNegotiation())
	if err != nil {
		return nil, fmt.Errorf("connecting to the engine: %w", err)
	}
	w, err := watch(ctx, floorLabel, roundLabel)
	if err != nil {
		return nil, err
	}
	defer w.stop()
	load := loadgen.Start(o.loadConfig(h.httpPort, benchApp+".example.test"))
	defer load.Stop()
	previous, err := startRound(ctx, api, o.image, 0)
	defer func() { removeAll(context.WithoutCancel(ctx), api, previous) }()
	if err != nil {
		return nil, err
	}
	if _, _, err := w.deployment("0", replicas, 30*time.Second); err != nil {
		return nil, err
	}
	var out []floorResult
	for k := 1; k <= o.floorRuns; k++ {
		start := time.Now()
		ids, err := startRound(ctx, api, o.image, k)
		if err != nil {
			removeAll(ctx, api, ids)
			return out, err
		}
		started, healthy, err := w.deployment(strconv.Itoa(k), replicas, 30*time.Second)
		if err != nil {
			removeAll(ctx, api, ids)
			return out, err
		}
		removeAll(ctx, api, previous)
		previous = ids
		r := floorResult{wall: time.Since(start), startup: healthy.Sub(started)}
		fmt.Printf("floor  %2d: wall %6s  wall-startup %6s (startup %s)\n", k, ms(r.wall), ms(r.wall-r.startup), ms(r.startup))
		out = append(out, r)
	}
	return out, nil
}

// startRound creates round k's containers at the same time, then starts
// them at the same time, returning the ids of those it created.
func startRound(ctx context.Context, api *client.Client, image string, k int) ([]string, error) {
	ids := make([]string, replicas)
	errs := make([]error, replicas)
	parallel(replicas, func(i int) {
		res, err := api.ContainerCreate(ctx, client.ContainerCreateOptions{
			Config: &container.Config{Image: image, Env: []string{"APP_VERSION=floor" + strconv.Itoa(k)},
				Labels: map[string]string{floorLabel: "1", roundLabel: strconv.Itoa(k)}},
			HostConfig:       &container.HostConfig{RestartPolicy: container.RestartPolicy{Name: container.RestartPolicyUnlessStopped}},
			NetworkingConfig: &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{"haloy": {}}},
		})
		ids[i], errs[i] = res.ID, err
	})
	var created []string
	for _, id := range ids {
		if id != "" {
			created = append(created, id)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return created, fmt.Errorf("creating floor containers: %w", err)
	}
	parallel(replicas, func(i int) {
		_, errs[i] = api.ContainerStart(ctx, ids[i], client.ContainerStartOptions{})
	})
	if err := errors.Join(errs...); err != nil {
		return created, fmt.Errorf("starting floor containers: %w", err)
	}
	return created, nil
}

// removeAll stops and removes the containers at the same time.
func removeAll(ctx context.Context, api *client.Client, ids []string) {
	parallel(len(ids), func(i int) {
		api.ContainerStop(ctx, ids[i], client.ContainerStopOptions{})
		api.ContainerRemove(ctx, ids[i], client.ContainerRemoveOptions{Force: true})
	})
}

// parallel runs f(0) ... f(n-1) at the same time and waits for them.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}

// printFloor prints the totals of the engine-floor swaps.
func printFloor(w io.Writer, rs []floorResult) {
	var wall, overhead []time.Duration
	for _, r := range rs {
		wall, overhead = append(wall, r.wall), append(overhead, r.wall-r.startup)
	}
	fmt.Fprintf(w, "\nEngine floor: %d start-first swaps of 3 containers with the Docker API alone, same load\n", len(rs))
	fmt.Fprintf(w, "  swap wall time                         %s\n", spread(wall))
	fmt.Fprintf(w, "  swap wall time minus app start-up      %s\n", spread(overhead))
}
