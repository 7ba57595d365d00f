package commands

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/labels"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/client"
	"github.com/spf13/cobra"
)

type logsOptions struct {
	app        string
	follow     bool
	tail       int
	since      string
	timestamps bool
}

func newLogsCommand(dockerCli command.Cli) *cobra.Command {
	var opts logsOptions
	cmd := &cobra.Command{
		Use:   "logs APP",
		Short: "Show the logs of an app's running containers, each line prefixed by its container",
		Long: "Show the logs of an app's running containers, each line prefixed by its container.\n" +
			"With --follow it keeps following across deploys: replicas started later (a redeploy,\n" +
			"a rollback, a scale-up) are followed from their first line, until Ctrl-C.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.app = args[0]
			return runLogs(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.follow, "follow", "f", false, "keep following new output, and new replicas across deploys")
	cmd.Flags().IntVarP(&opts.tail, "tail", "n", 100, "lines to show from the end of each container's log (-1: all)")
	cmd.Flags().StringVar(&opts.since, "since", "", "show logs since a timestamp (2026-01-02T15:04:05) or a relative time (42m)")
	cmd.Flags().BoolVarP(&opts.timestamps, "timestamps", "t", false, "show timestamps")
	return cmd
}

func runLogs(ctx context.Context, dockerCli command.Cli, opts logsOptions) error {
	f := &logFollower{dockerCli: dockerCli, opts: opts, seen: map[string]bool{}}
	var events client.EventsResult
	if opts.follow { // subscribe before listing, so no replica starts unseen
		events = dockerCli.Client().Events(ctx, client.EventsListOptions{Filters: client.Filters{}.
			Add("type", "container").Add("event", "start").Add("label", labels.AppName+"="+opts.app)})
	}
	cs, err := newEngine(dockerCli).ListByLabel(ctx, labels.AppName, opts.app)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.State == "running" {
			f.stream(ctx, c.ID, c.Name, tailOf(opts.tail))
		}
	}
	if len(f.seen) == 0 && !opts.follow {
		return fmt.Errorf("app %q has no running containers (see: docker haloy status)", opts.app)
	}
	if opts.follow {
		if len(f.seen) == 0 {
			fmt.Fprintf(dockerCli.Err(), "app %q has no running containers; waiting for it to be deployed (Ctrl-C to stop)\n", opts.app)
		}
		f.followNew(ctx, events)
	}
	f.wg.Wait()
	return nil
}

// logFollower streams the logs of an app's containers, each once.
type logFollower struct {
	dockerCli command.Cli
	opts      logsOptions
	mu        sync.Mutex // serialises output lines; guards seen
	seen      map[string]bool
	wg        sync.WaitGroup
}

// followNew streams every container of the app started from now on, from
// its first line, until ctx ends or the event stream fails.
func (f *logFollower) followNew(ctx context.Context, events client.EventsResult) {
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-events.Err:
			if ctx.Err() == nil {
				fmt.Fprintf(f.dockerCli.Err(), "no longer following new replicas: %v\n", err)
			}
			return
		case m := <-events.Messages:
			f.stream(ctx, m.Actor.ID, m.Actor.Attributes["name"], "all")
		}
	}
}

// stream starts streaming a container's log unless it is already streamed.
func (f *logFollower) stream(ctx context.Context, id, name, tail string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.seen[id] {
		return
	}
	f.seen[id] = true
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		f.copyLogs(ctx, id, name, tail)
	}()
}

func (f *logFollower) copyLogs(ctx context.Context, id, name, tail string) {
	rc, err := f.dockerCli.Client().ContainerLogs(ctx, id, client.ContainerLogsOptions{
		ShowStdout: true, ShowStderr: true, Follow: f.opts.follow, Tail: tail,
		Since: f.opts.since, Timestamps: f.opts.timestamps,
	})
	if err != nil {
		if ctx.Err() == nil {
			fmt.Fprintf(f.dockerCli.Err(), "%s: %v\n", name, err)
		}
		return
	}
	defer rc.Close()
	out := &prefixWriter{w: f.dockerCli.Out(), prefix: name + " | ", mu: &f.mu}
	stdcopy.StdCopy(out, out, rc)
}

// tailOf is the Docker API's tail value for n lines (-1: all).
func tailOf(n int) string {
	if n < 0 {
		return "all"
	}
	return strconv.Itoa(n)
}

// prefixWriter writes whole lines, each with a prefix, under a shared lock.
type prefixWriter struct {
	w      io.Writer
	prefix string
	mu     *sync.Mutex
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			return len(b), nil
		}
		if _, err := fmt.Fprintf(p.w, "%s%s", p.prefix, p.buf[:i+1]); err != nil {
			return len(b), err
		}
		p.buf = p.buf[i+1:]
	}
}
