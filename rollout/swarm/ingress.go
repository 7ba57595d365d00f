package swarm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/contract"
)

// IngressOptions say how the ingress services are built.
type IngressOptions struct {
	// SidecarImage runs the followers, HAProxyImage the ingress HAProxies.
	SidecarImage, HAProxyImage string
	// HTTPPort and HTTPSPort are published in host mode on every ingress node.
	HTTPPort, HTTPSPort int
	// LeaderNode is the node id of the manager running the leader sidecar
	// and its HAProxy: the services never run there (its ports and
	// volume are the leader's).
	LeaderNode string
	// Network is the overlay network (default contract.Network).
	Network string
}

// ComponentLabel marks Haloy's own Swarm objects (the value names which);
// it is not a dev.haloy.* label, so the sidecar never routes them.
const ComponentLabel = "org.haloy.component"

// tokenHashLabel on the token secret holds the token's SHA-256, so init
// can tell whether the secret still holds the leader's token.
const tokenHashLabel = "org.haloy.token-sha256"

// TokenSecretName is the name of the Swarm secret holding token: a new
// token gets a new secret (a secret in use can be neither changed nor
// removed), mounted under the same file name.
func TokenSecretName(token string) string {
	return contract.FollowTokenSecret + "-" + tokenHash(token)[:12]
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// TokenSecretSpec is the follower token's secret.
func TokenSecretSpec(token string) swarm.SecretSpec {
	return swarm.SecretSpec{
		Annotations: swarm.Annotations{Name: TokenSecretName(token), Labels: map[string]string{ComponentLabel: "follow-token", tokenHashLabel: tokenHash(token)}},
		Data:        []byte(token),
	}
}

// ingressPlacement runs a global task on every ingress node but the leader's.
func ingressPlacement(o IngressOptions) *swarm.Placement {
	return &swarm.Placement{Constraints: []string{
		"node.labels." + contract.IngressLabel + "==true",
		"node.id!=" + o.LeaderNode,
	}}
}

// FollowerSpec is the global follower service: the sidecar image in follow
// mode, polling the leader by its name on the overlay with the token
// secret, driving the node's HAProxy through the shared volume.
func FollowerSpec(o IngressOptions, secretID, secretName string) swarm.ServiceSpec {
	o = o.withDefaults()
	return swarm.ServiceSpec{
		Annotations: swarm.Annotations{Name: contract.FollowerService, Labels: map[string]string{ComponentLabel: "follower"}},
		TaskTemplate: swarm.TaskSpec{
			ContainerSpec: &swarm.ContainerSpec{
				Image: o.SidecarImage,
				// The follower polls with its host name: its node's, so the
				// leader's status names the ingress node init waits for.
				Hostname: "{{.Node.Hostname}}",
				Args: []string{contract.FollowCommand,
					contract.Arg(contract.FlagLeader), fmt.Sprintf("http://%s:%d", contract.SidecarContainer, contract.FollowPort),
					contract.Arg(contract.FlagTokenFile), "/run/secrets/" + contract.FollowTokenSecret},
				Mounts: []mount.Mount{{Type: mount.TypeVolume, Source: contract.IngressVolume, Target: contract.SidecarHAProxyDir}},
				Secrets: []*swarm.SecretReference{{SecretID: secretID, SecretName: secretName,
					File: &swarm.SecretReferenceFileTarget{Name: contract.FollowTokenSecret, UID: "0", GID: "0", Mode: 0o400}}},
			},
			RestartPolicy: restartQuickly(),
			Networks:      []swarm.NetworkAttachmentConfig{{Target: o.Network}},
			Placement:     ingressPlacement(o),
		},
		Mode:         swarm.ServiceMode{Global: &swarm.GlobalService{}},
		EndpointSpec: &swarm.EndpointSpec{Mode: swarm.ResolutionModeDNSRR},
	}
}

// IngressSpec is the global HAProxy service: the command, signals and
// sysctl init gives the leader's HAProxy container, the node-local volume,
// and the ports published in host mode (each node answers on its own
// address; no routing mesh, whose virtual IPs do not answer here).
func IngressSpec(o IngressOptions) swarm.ServiceSpec {
	o = o.withDefaults()
	grace := 30 * time.Second
	return swarm.ServiceSpec{
		Annotations: swarm.Annotations{Name: contract.IngressService, Labels: map[string]string{ComponentLabel: "ingress"}},
		TaskTemplate: swarm.TaskSpec{
			ContainerSpec: &swarm.ContainerSpec{
				Image:           o.HAProxyImage,
				Command:         []string{"haproxy", "-W", "-db", "-S", contract.HAProxyMasterSocket(), "-f", contract.HAProxyConfigFile()},
				StopSignal:      "SIGUSR1",
				StopGracePeriod: &grace,
				Sysctls:         map[string]string{"net.ipv4.ip_unprivileged_port_start": "0"},
				Mounts:          []mount.Mount{{Type: mount.TypeVolume, Source: contract.IngressVolume, Target: contract.HAProxyDir}},
			},
			RestartPolicy: restartQuickly(),
			Networks:      []swarm.NetworkAttachmentConfig{{Target: o.Network}},
			Placement:     ingressPlacement(o),
		},
		Mode: swarm.ServiceMode{Global: &swarm.GlobalService{}},
		EndpointSpec: &swarm.EndpointSpec{Mode: swarm.ResolutionModeDNSRR, Ports: []swarm.PortConfig{
			{Name: "http", Protocol: "tcp", TargetPort: 80, PublishedPort: uint32(o.HTTPPort), PublishMode: swarm.PortConfigPublishModeHost},
			{Name: "https", Protocol: "tcp", TargetPort: 443, PublishedPort: uint32(o.HTTPSPort), PublishMode: swarm.PortConfigPublishModeHost},
		}},
	}
}

// restartQuickly restarts a task a second after it exits: HAProxy exits
// until its follower wrote the first configuration.
func restartQuickly() *swarm.RestartPolicy {
	delay := time.Second
	return &swarm.RestartPolicy{Condition: swarm.RestartPolicyConditionAny, Delay: &delay}
}

func (o IngressOptions) withDefaults() IngressOptions {
	if o.Network == "" {
		o.Network = contract.Network
	}
	return o
}
