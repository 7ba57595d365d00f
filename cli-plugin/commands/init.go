package commands

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/rollout/engine"
	"github.com/spf13/cobra"
)

func newInitCommand(dockerCli command.Cli) *cobra.Command {
	var opts infra.Options
	var caRoot, trusted, pull, copyFrom, dnsEnvFile string
	var yes, reset bool
	var ingressNodes []string
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Start HAProxy and the Haloy sidecar on the engine",
		Long: "Create the haloy network and volumes and start HAProxy and the sidecar as the Compose\n" +
			"project \"haloy\". The settings are recorded with the installation: a re-run keeps every\n" +
			"setting whose flag it is not given, prints what changes, and keeps up-to-date containers.\n" +
			"A change that replaces the HAProxy container (image, ports, addresses) interrupts new\n" +
			"connections for about a second and needs --yes.",
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
			opts.Explicit = infra.ExplicitFlags(cmd.Flags().Changed)
			changed := cmd.Flags().Changed
			if reset {
				changed = func(string) bool { return true } // the defaults replace what is recorded
			}
			if err := runInit(cmd.Context(), dockerCli, opts, images, changed, yes, ingressNodes); err != nil {
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
	f.BoolVar(&reset, "reset", false, "forget the recorded settings: every flag not given takes its default")
	f.BoolVarP(&yes, "yes", "y", false, "apply a change that replaces the HAProxy container (a short interruption)")
	f.StringVar(&trusted, "trusted-proxies", "", "comma-separated addresses and CIDR networks (a load balancer in front of HAProxy) whose X-Forwarded-For/-Proto/-Host headers are kept; every other client's are replaced")
	f.StringArrayVar(&ingressNodes, "ingress-node", nil, "on a Swarm manager: label this node (name or id, repeatable) "+contract.IngressLabel+"=true, so it runs an ingress HAProxy")
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

func runInit(ctx context.Context, dockerCli command.Cli, opts infra.Options, images engine.Images, changed func(string) bool, yes bool, ingressNodes []string) error {
	opts, err := settingsToApply(ctx, dockerCli, opts, changed, yes)
	if err != nil {
		return err
	}
	if err := infra.CheckAPIDomain(opts.APIDomain); err != nil {
		return err
	}
	onSwarm, err := swarmManager(ctx, dockerCli)
	if err != nil {
		return err
	}
	if len(ingressNodes) > 0 && !onSwarm {
		return fmt.Errorf("--ingress-node needs a Swarm: this engine is not in one (docker swarm init makes it a manager)")
	}
	if onSwarm {
		// Labelled first: a name that is no node fails before anything starts.
		if err := labelIngressNodes(ctx, dockerCli, ingressNodes); err != nil {
			return err
		}
		if err := ensureSwarmNetwork(ctx, dockerCli); err != nil {
			return err
		}
	}
	if err := infra.Up(ctx, newEngine(dockerCli).WithImages(images), opts, dockerCli.Err()); err != nil {
		return err
	}
	opts.Normalize()
	if err := waitHAProxyAnswer(ctx, dockerCli, opts); err != nil {
		return err
	}
	fmt.Fprintf(dockerCli.Out(), "Haloy is running: HAProxy answers on %s\n", opts)
	return initIngress(ctx, dockerCli, opts)
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

// settingsToApply merges the flags given with the settings recorded by the
// installation, prints what changes and refuses, without --yes, a change
// that replaces the running HAProxy container.
func settingsToApply(ctx context.Context, dockerCli command.Cli, given infra.Options, changed func(string) bool, yes bool) (infra.Options, error) {
	l, err := newEngine(dockerCli).LabelsOf(ctx, infra.SidecarContainer)
	if err != nil {
		return given, nil // not installed yet
	}
	recorded, ok, err := infra.RecordedSettings(l)
	if err != nil {
		return given, err
	}
	if !ok {
		fmt.Fprintln(dockerCli.Err(), "note: this installation recorded no settings (made by an older release): the flags given and the defaults replace its configuration")
		return given, nil
	}
	opts := infra.MergeSettings(recorded, given, changed)
	changes := infra.Changes(recorded.Options, opts)
	replaced := infra.Replaced(recorded.Options, opts)
	printChanges(dockerCli.Err(), changes, replaced)
	if slices.Contains(replaced, "haproxy") && !yes {
		return opts, fmt.Errorf("these changes replace the HAProxy container, which refuses new connections for about a second: run again with --yes to apply them")
	}
	return opts, nil
}

func printChanges(w io.Writer, changes []infra.Change, replaced []string) {
	if len(changes) == 0 {
		fmt.Fprintln(w, "settings unchanged")
		return
	}
	for _, c := range changes {
		fmt.Fprintf(w, "changing --%s: %v -> %v\n", c.Flag, c.From, c.To)
	}
	for _, name := range replaced {
		if name == "haproxy" {
			fmt.Fprintln(w, "  replaces the HAProxy container: new connections are refused for about a second")
		} else {
			fmt.Fprintf(w, "  replaces the %s container (traffic is not interrupted)\n", name)
		}
	}
}
