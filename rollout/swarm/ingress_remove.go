package swarm

import (
	"context"
	"fmt"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/haloydev/haloy/contract"
)

// IngressRemoveAPI is the part of the moby client that removes the ingress.
type IngressRemoveAPI interface {
	ServiceRemove(ctx context.Context, serviceID string, options client.ServiceRemoveOptions) (client.ServiceRemoveResult, error)
	SecretList(ctx context.Context, options client.SecretListOptions) (client.SecretListResult, error)
	SecretRemove(ctx context.Context, id string, options client.SecretRemoveOptions) (client.SecretRemoveResult, error)
}

// RemoveIngress removes the two ingress services and the follower token
// secrets, returning what it removed (uninstall, before the network).
// The ingress nodes' haloy-ingress volumes stay: they are node-local.
func RemoveIngress(ctx context.Context, api IngressRemoveAPI) ([]string, error) {
	var removed []string
	for _, s := range []string{contract.FollowerService, contract.IngressService, contract.RelayService} {
		_, err := api.ServiceRemove(ctx, s, client.ServiceRemoveOptions{})
		if cerrdefs.IsNotFound(err) {
			continue
		}
		if err != nil {
			return removed, fmt.Errorf("removing service %s: %w", s, err)
		}
		removed = append(removed, "service "+s)
	}
	for _, component := range []string{"follow-token", "control-token"} {
		secrets, err := removeSecrets(ctx, api, component)
		removed = append(removed, secrets...)
		if err != nil {
			return removed, err
		}
	}
	return removed, nil
}

// removeSecrets removes Haloy's secrets of one component.
func removeSecrets(ctx context.Context, api IngressRemoveAPI, component string) ([]string, error) {
	var removed []string
	res, err := api.SecretList(ctx, client.SecretListOptions{Filters: client.Filters{}.Add("label", ComponentLabel+"="+component)})
	if err != nil {
		return removed, fmt.Errorf("listing secrets: %w", err)
	}
	for _, s := range res.Items {
		if _, err := api.SecretRemove(ctx, s.ID, client.SecretRemoveOptions{}); err != nil {
			return removed, fmt.Errorf("removing secret %s: %w", s.Spec.Name, err)
		}
		removed = append(removed, "secret "+s.Spec.Name)
	}
	return removed, nil
}
