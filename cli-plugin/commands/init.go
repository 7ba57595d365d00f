package commands

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/spf13/cobra"
)

func newInitCommand(dockerCli command.Cli) *cobra.Command {
	var opts infra.Options
	var caRoot, trusted, pull, copyFrom, dnsEnvFile string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Start HAProxy and the Haloy sidecar on the engine",
		Long: "Create the haloy network and volumes and start HAProxy and the sidecar as the Compose\n" +
			"project \"haloy\". Safe to run again: up-to-date containers are kept.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := readCARoot(&opts, caRoot); err != nil {
				return err
			}
			var err error
			if opts.TrustedProxies, err = haproxy.ParseTrustedProxies(trusted); err != nil {
				return fmt.Errorf("--trusted-proxies: %w", err)
			}
			images, err := pullImages(dockerCli, pull, copyFrom)
			if err != nil {
				return err
			}
			if err := runInit(cmd.Context(), dockerCli, opts, images); err != nil {
				return err
			}
			return sendDNSCredentials(cmd.Context(), dockerCli, dnsEnvFile)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.SidecarImage, "sidecar-image", infra.DefaultSidecarImage, "sidecar image")
	f.StringVar(&opts.HAProxyImage, "haproxy-image", infra.DefaultHAProxyImage, "HAProxy image")
	f.StringVar(&opts.PublishAddr, "publish-addr", infra.DefaultPublishAddr, "host address to publish HAProxy's ports on")
	f.IntVar(&opts.HTTPPort, "http-port", infra.DefaultHTTPPort, "host port for HTTP")
	f.StringVar(&opts.ACMEEmail, "acme-email", "", "default ACME account e-mail for certificates")
	f.IntVar(&opts.HTTPSPort, "https-port", infra.DefaultHTTPSPort, "host port for HTTPS")
	f.StringVar(&opts.ACMECA, "acme-ca", infra.DefaultACMECA, `certificate authority: "production" or "staging" (Let's Encrypt), "none" (self-signed only), or an ACME directory URL`)
	f.StringVar(&caRoot, "acme-ca-root", "", "PEM file of the root(s) to trust for a custom --acme-ca's HTTPS API")
	f.StringVar(&opts.APIDomain, "api-domain", "", "route this domain through HAProxy to the sidecar's HTTP API (token: docker haloy api token)")
	f.IntVar(&opts.MetricsPort, "metrics-port", 0, "publish the sidecar's Prometheus metrics on this host port and HAProxy's on the next one (0: off)")
	f.StringVar(&dnsEnvFile, "acme-dns-env-file", "", "file of NAME=VALUE lines with the DNS-01 providers' credentials (lego's variable names, e.g. DNSUPDATE_TSIG_SECRET); stored on the sidecar's data volume (0600), never in labels or the container's environment")
	f.StringVar(&trusted, "trusted-proxies", "", "comma-separated addresses and CIDR networks (a load balancer in front of HAProxy) whose X-Forwarded-For/-Proto/-Host headers are kept; every other client's are replaced")
	addPullFlag(f, &pull)
	addCopyFlag(f, &copyFrom)
	return cmd
}

// readCARoot puts the PEM roots of file into opts after checking them.
func readCARoot(opts *infra.Options, file string) error {
	if err := infra.CheckACMECA(opts.ACMECA); err != nil {
		return err
	}
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading --acme-ca-root: %w", err)
	}
	if !x509.NewCertPool().AppendCertsFromPEM(data) {
		return fmt.Errorf("--acme-ca-root %s holds no PEM certificate", file)
	}
	opts.ACMECARoots = string(data)
	return nil
}

func runInit(ctx context.Context, dockerCli command.Cli, opts infra.Options, images engine.Images) error {
	if err := infra.CheckAPIDomain(opts.APIDomain); err != nil {
		return err
	}
	if err := infra.Up(ctx, newEngine(dockerCli).WithImages(images), opts, dockerCli.Err()); err != nil {
		return err
	}
	opts.Normalize()
	if err := waitHAProxyAnswer(ctx, dockerCli, opts); err != nil {
		return err
	}
	fmt.Fprintf(dockerCli.Out(), "Haloy is running: HAProxy answers on %s\n", opts)
	return nil
}

// remoteAnswerTimeout is how long init tries a remote engine's published
// port, which a firewall may hide from this machine.
const remoteAnswerTimeout = 10 * time.Second

// waitHAProxyAnswer returns once HAProxy answered an HTTP request on its
// published port. For a remote engine whose port cannot be reached from
// here it only warns: the port may be open to the world but not to us.
func waitHAProxyAnswer(ctx context.Context, dockerCli command.Cli, opts infra.Options) error {
	addr, local := infra.AnswerAddr(dockerCli.DockerEndpoint().Host, opts)
	if local {
		if err := infra.WaitAnswer(ctx, addr, infra.HAProxyAnswerTimeout); err != nil {
			return fmt.Errorf("HAProxy started but does not answer (see: docker logs %s): %w", infra.HAProxyContainer, err)
		}
		return nil
	}
	if err := infra.WaitAnswer(ctx, addr, remoteAnswerTimeout); err != nil {
		fmt.Fprintf(dockerCli.Err(), "warning: could not reach HAProxy from this machine (%v); check a firewall, or: docker logs %s\n", err, infra.HAProxyContainer)
	}
	return nil
}
