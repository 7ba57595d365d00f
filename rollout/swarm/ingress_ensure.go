package swarm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/client"

	"github.com/haloydev/haloy/contract"
)

// IngressAPI is the part of the moby client that sets up the ingress.
type IngressAPI interface {
	SecretList(ctx context.Context, options client.SecretListOptions) (client.SecretListResult, error)
	SecretCreate(ctx context.Context, options client.SecretCreateOptions) (client.SecretCreateResult, error)
	ServiceInspect(ctx context.Context, serviceID string, options client.ServiceInspectOptions) (client.ServiceInspectResult, error)
	ServiceCreate(ctx context.Context, options client.ServiceCreateOptions) (client.ServiceCreateResult, error)
	ServiceUpdate(ctx context.Context, serviceID string, options client.ServiceUpdateOptions) (client.ServiceUpdateResult, error)
	NodeList(ctx context.Context, options client.NodeListOptions) (client.NodeListResult, error)
}

// IngressReport says what EnsureIngress did, for init to print.
type IngressReport struct {
	// Secret is the token secret's name; SecretCreated is true when new.
	Secret        string
	SecretCreated bool
	// Services maps each service to "created", "updated" or "unchanged".
	Services map[string]string
	// Nodes are the host names of the nodes labelled for ingress (the
	// leader's excluded).
	Nodes []string
}

// EnsureIngress creates or updates the token secret and the two global
// ingress services (follower and HAProxy) on a Swarm manager.
func EnsureIngress(ctx context.Context, api IngressAPI, o IngressOptions, token string) (IngressReport, error) {
	rep := IngressReport{Secret: TokenSecretName(token), Services: map[string]string{}}
	secretID, created, err := ensureSecret(ctx, api, TokenSecretSpec(token))
	if err != nil {
		return rep, err
	}
	rep.SecretCreated = created
	for _, spec := range []swarm.ServiceSpec{FollowerSpec(o, secretID, rep.Secret), IngressSpec(o)} {
		did, err := ensureService(ctx, api, spec)
		if err != nil {
			return rep, err
		}
		rep.Services[spec.Name] = did
	}
	rep.Nodes, err = ingressNodes(ctx, api, o.LeaderNode)
	return rep, err
}

func ensureSecret(ctx context.Context, api IngressAPI, spec swarm.SecretSpec) (string, bool, error) {
	res, err := api.SecretList(ctx, client.SecretListOptions{Filters: client.Filters{}.Add("name", spec.Name)})
	if err != nil {
		return "", false, fmt.Errorf("listing secrets: %w", err)
	}
	for _, s := range res.Items {
		if s.Spec.Name == spec.Name {
			return s.ID, false, nil
		}
	}
	got, err := api.SecretCreate(ctx, client.SecretCreateOptions{Spec: spec})
	if err != nil {
		return "", false, fmt.Errorf("creating secret %s: %w", spec.Name, err)
	}
	return got.ID, true, nil
}

// specHashLabel holds the SHA-256 of the spec init built, so a later init
// updates the service only when it would build another (the engine
// stores specs with defaults filled in, which a comparison would trip on).
const specHashLabel = "org.haloy.spec-sha256"

// withSpecHash returns spec labelled with its own hash.
func withSpecHash(spec swarm.ServiceSpec) swarm.ServiceSpec {
	b, _ := json.Marshal(spec) // plain data: never fails
	h := sha256.Sum256(b)
	spec.Labels = maps.Clone(spec.Labels)
	spec.Labels[specHashLabel] = hex.EncodeToString(h[:])
	return spec
}

// ensureService creates the service, or updates it when its spec differs.
func ensureService(ctx context.Context, api IngressAPI, spec swarm.ServiceSpec) (string, error) {
	spec = withSpecHash(spec)
	got, err := api.ServiceInspect(ctx, spec.Name, client.ServiceInspectOptions{})
	if cerrdefs.IsNotFound(err) {
		if _, err := api.ServiceCreate(ctx, client.ServiceCreateOptions{Spec: spec}); err != nil {
			return "", fmt.Errorf("creating service %s: %w", spec.Name, err)
		}
		return "created", nil
	}
	if err != nil {
		return "", fmt.Errorf("inspecting service %s: %w", spec.Name, err)
	}
	if got.Service.Spec.Labels[specHashLabel] == spec.Labels[specHashLabel] {
		return "unchanged", nil
	}
	if _, err := api.ServiceUpdate(ctx, got.Service.ID, client.ServiceUpdateOptions{Version: got.Service.Version, Spec: spec}); err != nil {
		return "", fmt.Errorf("updating service %s: %w", spec.Name, err)
	}
	return "updated", nil
}

// ingressNodes lists the host names of the nodes labelled for ingress.
func ingressNodes(ctx context.Context, api IngressAPI, leader string) ([]string, error) {
	res, err := api.NodeList(ctx, client.NodeListOptions{Filters: client.Filters{}.Add("node.label", contract.IngressLabel+"=true")})
	if err != nil {
		return nil, fmt.Errorf("listing ingress nodes: %w", err)
	}
	var out []string
	for _, n := range res.Items {
		if n.ID != leader && n.Spec.Labels[contract.IngressLabel] == "true" {
			out = append(out, n.Description.Hostname)
		}
	}
	slices.Sort(out)
	return out, nil
}
