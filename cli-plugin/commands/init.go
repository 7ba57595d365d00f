package commands

import (
	"context"
	"fmt"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/spf13/cobra"
)

func newInitCommand(dockerCli command.Cli) *cobra.Command {
	var opts infra.Options
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Start HAProxy and the Haloy sidecar on the engine",
		Long: "Create the haloy network and volumes and start HAProxy and the sidecar as the Compose\n" +
			"project \"haloy\". Safe to run again: up-to-date containers are kept.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInit(cmd.Context(), dockerCli, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.SidecarImage, "sidecar-image", infra.DefaultSidecarImage, "sidecar image")
	f.StringVar(&opts.HAProxyImage, "haproxy-image", infra.DefaultHAProxyImage, "HAProxy image")
	f.StringVar(&opts.PublishAddr, "publish-addr", infra.DefaultPublishAddr, "host address to publish HAProxy's ports on")
	f.IntVar(&opts.HTTPPort, "http-port", infra.DefaultHTTPPort, "host port for HTTP")
	f.StringVar(&opts.ACMEEmail, "acme-email", "", "default ACME account e-mail for certificates")
	f.IntVar(&opts.MetricsPort, "metrics-port", 0, "publish the sidecar's Prometheus metrics on this host port and HAProxy's on the next one (0: off)")
	return cmd
}

func runInit(ctx context.Context, dockerCli command.Cli, opts infra.Options) error {
	if err := infra.Up(ctx, newEngine(dockerCli), opts, dockerCli.Err()); err != nil {
		return err
	}
	opts.Normalize()
	fmt.Fprintf(dockerCli.Out(), "Haloy is running: HAProxy answers on %s\n", opts)
	return nil
}
