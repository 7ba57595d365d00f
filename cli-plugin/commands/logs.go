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
	app    string
	follow bool
	tail   int
}

func newLogsCommand(dockerCli command.Cli) *cobra.Command {
	var opts logsOptions
	cmd := &cobra.Command{
		Use:   "logs APP",
		Short: "Show the logs of an app's running containers, each line prefixed by its container",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.app = args[0]
			return runLogs(cmd.Context(), dockerCli, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.follow, "follow", "f", false, "keep following new output")
	cmd.Flags().IntVarP(&opts.tail, "tail", "n", 100, "lines to show from the end of each container's log")
	return cmd
}

func runLogs(ctx context.Context, dockerCli command.Cli, opts logsOptions) error {
	cs, err := newEngine(dockerCli).ListByLabel(ctx, labels.AppName, opts.app)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	shown := 0
	for _, c := range cs {
		if c.State != "running" {
			continue
		}
		shown++
		wg.Add(1)
		go func() {
			defer wg.Done()
			streamLogs(ctx, dockerCli, c.ID, c.Name, opts, &mu)
		}()
	}
	if shown == 0 {
		return fmt.Errorf("app %q has no running containers (see: docker haloy status)", opts.app)
	}
	wg.Wait()
	return nil
}

func streamLogs(ctx context.Context, dockerCli command.Cli, id, name string, opts logsOptions, mu *sync.Mutex) {
	rc, err := dockerCli.Client().ContainerLogs(ctx, id, client.ContainerLogsOptions{
		ShowStdout: true, ShowStderr: true, Follow: opts.follow, Tail: strconv.Itoa(opts.tail),
	})
	if err != nil {
		fmt.Fprintf(dockerCli.Err(), "%s: %v\n", name, err)
		return
	}
	defer rc.Close()
	out := &prefixWriter{w: dockerCli.Out(), prefix: name + " | ", mu: mu}
	stdcopy.StdCopy(out, out, rc)
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
