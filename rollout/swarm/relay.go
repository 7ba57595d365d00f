package swarm

import (
	"context"
	"fmt"

	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/contract"
)

// ControlSecretName is the name of the Swarm secret holding the control
// token (a new token gets a new secret, as the follower token does).
func ControlSecretName(token string) string {
	return contract.ControlTokenSecret + "-" + tokenHash(token)[:12]
}

// ControlSecretSpec is the control token's secret.
func ControlSecretSpec(token string) swarm.SecretSpec {
	return swarm.SecretSpec{
		Annotations: swarm.Annotations{Name: ControlSecretName(token), Labels: map[string]string{ComponentLabel: "control-token", tokenHashLabel: tokenHash(token)}},
		Data:        []byte(token),
	}
}

// RelaySpec is the global relay service on every manager: the sidecar
// image idling as `haloy-sidecar relay`, on the overlay, with the control
// token mounted and the leader's URL in its environment, so the CLI's
// `docker exec ... haloy-sidecar SUBCOMMAND` there reaches the leader.
func RelaySpec(o IngressOptions, secretID, secretName string) swarm.ServiceSpec {
	o = o.withDefaults()
	tokenFile := "/run/secrets/" + contract.ControlTokenSecret
	return swarm.ServiceSpec{
		Annotations: swarm.Annotations{Name: contract.RelayService, Labels: map[string]string{ComponentLabel: "relay"}},
		TaskTemplate: swarm.TaskSpec{
			ContainerSpec: &swarm.ContainerSpec{
				Image: o.SidecarImage,
				Args:  []string{contract.RelayCommand},
				Env: []string{
					contract.EnvRelayLeader + "=" + fmt.Sprintf("http://%s:%d", contract.SidecarContainer, contract.FollowPort),
					contract.EnvRelayTokenFile + "=" + tokenFile,
				},
				Secrets: []*swarm.SecretReference{{SecretID: secretID, SecretName: secretName,
					File: &swarm.SecretReferenceFileTarget{Name: contract.ControlTokenSecret, UID: "0", GID: "0", Mode: 0o400}}},
			},
			RestartPolicy: restartQuickly(),
			Networks:      []swarm.NetworkAttachmentConfig{{Target: o.Network}},
			Placement:     &swarm.Placement{Constraints: []string{"node.role==manager"}},
		},
		Mode:         swarm.ServiceMode{Global: &swarm.GlobalService{}},
		EndpointSpec: &swarm.EndpointSpec{Mode: swarm.ResolutionModeDNSRR},
	}
}

// EnsureRelay creates or updates the control token secret and the relay
// service; it returns the secret's name, whether it was created, and what
// was done to the service ("created", "updated" or "unchanged").
func EnsureRelay(ctx context.Context, api IngressAPI, o IngressOptions, token string) (string, bool, string, error) {
	spec := ControlSecretSpec(token)
	id, created, err := ensureSecret(ctx, api, spec)
	if err != nil {
		return spec.Name, false, "", err
	}
	did, err := ensureService(ctx, api, RelaySpec(o, id, spec.Name))
	return spec.Name, created, did, err
}
