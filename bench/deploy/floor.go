package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

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
	wall        time.Duration // create and start 3, all healthy, stop and remove the previous 3
	startup     time.Duration // first container started -> all healthy
	createStart time.Duration // creating and starting the 3
	healthy     time.Duration // started -> all 3 healthy
	removal     time.Duration // stopping and removing the previous 3
}

// floor is the engine's floor for a deploy: the same start-first swap of
// 3 containers of the image on the haloy network, done with the Docker API
// alone (in parallel, as Haloy does): create and start 3, wait for Docker
// to report all 3 healthy, stop and remove the 3 of the swap before.
// Nothing is routed to them, so this is only what the engine itself takes,
// which no deploy tool can go below. The bench interleaves swaps with
// Haloy's deploys, so both meet the same load and the same drift; each
// side has 9 containers at its peak (the other side's 3 stay running).
type floor struct {
	api      *client.Client
	w        *watcher
	image    string
	round    int
	previous []string // the running round's containers
}

// startFloor starts round 0 and waits until it is healthy.
func startFloor(ctx context.Context, image string) (*floor, error) {
	api, err := client.New(client.FromEnv)
	if err != nil {
		return nil, fmt.Errorf("connecting to the engine: %w", err)
	}
	w, err := watch(ctx, floorLabel, roundLabel)
	if err != nil {
		return nil, err
	}
	f := &floor{api: api, w: w, image: image}
	f.previous, err = startRound(ctx, api, image, 0)
	if err == nil {
		_, _, err = w.deployment("0", replicas, 30*time.Second)
	}
	if err != nil {
		f.close()
		return nil, err
	}
	return f, nil
}

// swap measures one swap to the next round.
func (f *floor) swap(ctx context.Context) (floorResult, error) {
	f.round++
	start := time.Now()
	ids, err := startRound(ctx, f.api, f.image, f.round)
	if err != nil {
		removeAll(ctx, f.api, ids)
		return floorResult{}, err
	}
	createStart := time.Since(start)
	started, healthy, err := f.w.deployment(strconv.Itoa(f.round), replicas, 30*time.Second)
	if err != nil {
		removeAll(ctx, f.api, ids)
		return floorResult{}, err
	}
	healthySince := time.Since(start) - createStart
	removing := time.Now()
	removeAll(ctx, f.api, f.previous)
	f.previous = ids
	return floorResult{wall: time.Since(start), startup: healthy.Sub(started), createStart: createStart,
		healthy: healthySince, removal: time.Since(removing)}, nil
}

// close removes the running round's containers.
func (f *floor) close() {
	removeAll(context.Background(), f.api, f.previous)
	f.w.stop()
}

func (r floorResult) String() string {
	return fmt.Sprintf("wall %6s  wall-startup %6s (startup %s)  create+start %s  all healthy %s  stop+remove %s",
		ms(r.wall), ms(r.wall-r.startup), ms(r.startup), ms(r.createStart), ms(r.healthy), ms(r.removal))
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

// printFloor prints the paired Haloy deploys beside the engine-floor swaps.
func printFloor(w io.Writer, paired []deployResult, floors []floorResult) {
	var wall, overhead, floorWall, floorOverhead []time.Duration
	for _, r := range paired {
		wall, overhead = append(wall, r.wall), append(overhead, r.wall-r.startup)
	}
	for _, r := range floors {
		floorWall, floorOverhead = append(floorWall, r.wall), append(floorOverhead, r.wall-r.startup)
	}
	fmt.Fprintf(w, "\nSide by side: %d Haloy deploys, each followed by a start-first swap of 3 containers with the\n", len(paired))
	fmt.Fprintf(w, "Docker API alone (the engine's floor), same load; each side has 9 containers at its peak\n")
	fmt.Fprintf(w, "  Haloy deploy wall time                 %s\n", spread(wall))
	fmt.Fprintf(w, "  engine floor swap wall time            %s\n", spread(floorWall))
	fmt.Fprintf(w, "  Haloy / floor (medians)                %.2fx\n", float64(median(wall))/float64(median(floorWall)))
	fmt.Fprintf(w, "  Haloy minus app start-up               %s\n", spread(overhead))
	fmt.Fprintf(w, "  floor minus app start-up               %s\n", spread(floorOverhead))
}
