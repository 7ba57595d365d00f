package commands

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/docker/cli/cli/command"

	"github.com/haloydev/haloy/cli-plugin/infra"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/rollout/swarm"
)

// initIngress, on a Swarm manager, sets up the ingress on other nodes:
// the follower token secret and the global services haloy-follower and
// haloy-ingress on the nodes labelled haloy.ingress=true, then waits
// until each node's HAProxy serves. Outside a Swarm it does nothing.
func initIngress(ctx context.Context, dockerCli command.Cli, opts infra.Options) error {
	api := dockerCli.Client()
	mode, err := swarm.Detect(ctx, api)
	if err != nil || !mode.Manager {
		return err
	}
	out, err := newEngine(dockerCli).Exec(ctx, infra.SidecarContainer, []string{infra.SidecarBinary, contract.FollowTokenCommand})
	if err != nil {
		return fmt.Errorf("reading the follower token from the sidecar: %w", err)
	}
	rep, err := swarm.EnsureIngress(ctx, api, swarm.IngressOptions{
		SidecarImage: opts.SidecarImage, HAProxyImage: opts.HAProxyImage,
		HTTPPort: opts.HTTPPort, HTTPSPort: opts.HTTPSPort, LeaderNode: mode.NodeID,
	}, strings.TrimSpace(out))
	if err != nil {
		return err
	}
	printIngress(dockerCli.Out(), rep)
	waitIngressServing(ctx, dockerCli, rep.Nodes)
	return initRelay(ctx, dockerCli, opts, mode.NodeID)
}

// initRelay creates the control token secret and the global service
// haloy-relay on every manager, so deploy, rollback, stop and status work
// from any manager's context.
func initRelay(ctx context.Context, dockerCli command.Cli, opts infra.Options, leaderNode string) error {
	out, err := newEngine(dockerCli).Exec(ctx, infra.SidecarContainer, []string{infra.SidecarBinary, contract.ControlTokenCommand})
	if err != nil {
		return fmt.Errorf("reading the control token from the sidecar: %w", err)
	}
	secret, created, did, err := swarm.EnsureRelay(ctx, dockerCli.Client(), swarm.IngressOptions{SidecarImage: opts.SidecarImage, LeaderNode: leaderNode}, strings.TrimSpace(out))
	if err != nil {
		return err
	}
	kept := "kept"
	if created {
		kept = "created"
	}
	fmt.Fprintf(dockerCli.Out(), "Swarm relay: secret %s %s; service %s %s (global, on every manager: docker --context <any manager> haloy deploy reaches this sidecar through it)\n",
		secret, kept, contract.RelayService, did)
	return nil
}

// labelIngressNodes labels the nodes given with --ingress-node and says
// what it did.
func labelIngressNodes(ctx context.Context, dockerCli command.Cli, nodes []string) error {
	done, err := swarm.LabelIngressNodes(ctx, dockerCli.Client(), nodes)
	for _, l := range done {
		name := l.Node
		if l.Hostname != "" && l.Hostname != l.Node {
			name += " (" + l.Hostname + ")"
		}
		if l.Added {
			fmt.Fprintf(dockerCli.Out(), "labelled node %s %s=true\n", name, contract.IngressLabel)
		} else {
			fmt.Fprintf(dockerCli.Out(), "node %s already labelled %s=true\n", name, contract.IngressLabel)
		}
	}
	return err
}

func printIngress(w io.Writer, rep swarm.IngressReport) {
	secret := "kept"
	if rep.SecretCreated {
		secret = "created"
	}
	fmt.Fprintf(w, "Swarm ingress: secret %s %s; service %s %s, service %s %s (global, on nodes labelled %s=true)\n",
		rep.Secret, secret, contract.FollowerService, rep.Services[contract.FollowerService],
		contract.IngressService, rep.Services[contract.IngressService], contract.IngressLabel)
	if len(rep.Nodes) == 0 {
		fmt.Fprintln(w, "no ingress node yet besides this manager: docker haloy init --ingress-node NODE")
		return
	}
	fmt.Fprintf(w, "ingress nodes besides this manager: %s\n", strings.Join(rep.Nodes, ", "))
}

// uninstallIngress, on a Swarm manager, removes the ingress services and
// the follower token secrets first: the overlay network cannot be removed
// while their tasks use it.
func uninstallIngress(ctx context.Context, dockerCli command.Cli) error {
	mode, err := swarm.Detect(ctx, dockerCli.Client())
	if err != nil || !mode.Manager {
		return err
	}
	removed, err := swarm.RemoveIngress(ctx, dockerCli.Client())
	for _, r := range removed {
		fmt.Fprintf(dockerCli.Out(), "removed %s\n", r)
	}
	if len(removed) > 0 {
		fmt.Fprintf(dockerCli.Out(), "kept the node-local volume %s on each ingress node (docker volume rm %s there)\n", contract.IngressVolume, contract.IngressVolume)
	}
	return err
}
