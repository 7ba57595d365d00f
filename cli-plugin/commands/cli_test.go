package commands

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/docker/cli/cli"
	"github.com/docker/cli/cli/command"
	"github.com/spf13/cobra"
)

// runCLI runs `docker haloy args...` in process, the plugin command under
// a "docker" parent as plugin.Run arranges it, and returns its output.
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	dockerCli, err := command.NewDockerCli(command.WithCombinedStreams(&out))
	if err != nil {
		t.Fatal(err)
	}
	root := &cobra.Command{Use: "docker", SilenceUsage: true, SilenceErrors: true}
	plugin := NewRoot(dockerCli)
	plugin.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error { // no engine needed
		cmd.SetContext(withSignals(cmd.Context()))
		return nil
	}
	root.AddCommand(plugin)
	root.SetArgs(append([]string{"haloy"}, args...))
	root.SetOut(&out)
	root.SetErr(&out)
	err = root.ExecuteContext(context.Background())
	return out.String(), err
}

func TestUnknownCommandsFailWithSuggestion(t *testing.T) {
	for _, c := range []struct {
		args []string
		hint string
	}{
		{[]string{"deplyo"}, "Did you mean this?\n\tdeploy"},
		{[]string{"statsu", "web"}, "Did you mean this?\n\tstatus"},
		{[]string{"secrets", "lsit"}, `unknown command "lsit" for "docker haloy secrets"`},
		{[]string{"frobnicate"}, `unknown command "frobnicate" for "docker haloy"`},
	} {
		out, err := runCLI(t, c.args...)
		if err == nil {
			t.Errorf("docker haloy %s: no error (output %q)", strings.Join(c.args, " "), out)
			continue
		}
		if !strings.Contains(err.Error(), c.hint) {
			t.Errorf("docker haloy %s: error %q lacks %q", strings.Join(c.args, " "), err, c.hint)
		}
	}
	if _, err := runCLI(t, "frobnicate"); err != nil && strings.Contains(err.Error(), "Did you mean") {
		t.Errorf("a word close to no command got a suggestion: %v", err)
	}
}

func TestGroupCommandWithoutArgumentsPrintsHelp(t *testing.T) {
	out, err := runCLI(t)
	if err != nil || !strings.Contains(out, "Available Commands") {
		t.Fatalf("docker haloy: %v\n%s", err, out)
	}
}

func TestCancelledErrorExitCodes(t *testing.T) {
	wrapped := fmt.Errorf("waiting for the new replicas: %w", context.Canceled)
	for _, c := range []struct {
		cause, err error
		code       int
		msg        string
	}{
		{interrupted{syscall.SIGINT}, context.Canceled, 130, "cancelled"},
		{interrupted{syscall.SIGINT}, wrapped, 130, "cancelled: waiting for the new replicas: context canceled"},
		{interrupted{syscall.SIGTERM}, wrapped, 143, "cancelled: waiting"},
		{fmt.Errorf("wrapped: %w", interrupted{syscall.SIGINT}), errors.New("x"), 130, "cancelled: x"},
	} {
		var st cli.StatusError
		if err := cancelledError(c.cause, c.err); !errors.As(err, &st) || st.StatusCode != c.code || !strings.HasPrefix(st.Error(), c.msg) {
			t.Errorf("cancelledError(%v, %v) = %#v, want exit %d %q", c.cause, c.err, err, c.code, c.msg)
		}
	}
	var st cli.StatusError
	if err := cancelledError(context.Canceled, wrapped); !errors.As(err, &st) || st.StatusCode != 130 {
		t.Errorf("cancelled by the docker CLI (plugin socket): %#v, want exit 130", err)
	}
	plain := errors.New("not ready after 25s")
	if err := cancelledError(context.DeadlineExceeded, plain); err != plain {
		t.Errorf("an error without a signal changed: %v", err)
	}
	if err := cancelledError(interrupted{syscall.SIGINT}, nil); err != nil {
		t.Errorf("success after a signal became %v", err)
	}
}

// TestCancelledCommandExits130 runs a command whose context is cancelled
// while it runs, as the docker CLI does on Ctrl-C, through the wrapping
// NewRoot installs.
func TestCancelledCommandExits130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := &cobra.Command{Use: "wait", RunE: func(c *cobra.Command, _ []string) error {
		cancel()
		<-c.Context().Done()
		return fmt.Errorf("waiting: %w", c.Context().Err())
	}}
	root := &cobra.Command{Use: "haloy"}
	root.AddCommand(cmd)
	reportCancelled(root)
	root.SetArgs([]string{"wait"})
	var st cli.StatusError
	if err := root.ExecuteContext(ctx); !errors.As(err, &st) || st.StatusCode != 130 || st.Error() != "cancelled: waiting: context canceled" {
		t.Fatalf("cancelled command: %#v", err)
	}
}
