package swarm

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/swarm"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/project"
)

// SpecOptions says how Spec builds a service beyond what the app describes.
type SpecOptions struct {
	// DeploymentID is the deployment's YYYYMMDDHHMMSS id (required).
	DeploymentID string
	// Image is the image reference the tasks run, as the nodes pull it
	// from a registry (default: the app's source.image).
	Image string
	// Network is the overlay network the tasks join (default contract.Network).
	Network string
	// ConfigFile is the haloy.yaml the app came from (resolves relative binds).
	ConfigFile string
	// Env holds resolved secret values by variable name (see project.Options).
	Env map[string]string
	// Healthcheck, when set, is the tasks' health configuration (the
	// engine fills the fields left zero from the image's HEALTHCHECK).
	Healthcheck *container.HealthConfig
}

// Spec is the Swarm service of one deployment of app: replicated with the
// app's replicas, endpoint mode dnsrr (Haloy routes to task addresses, never
// to a virtual IP), attached to the overlay network, restarted by Swarm on
// failure, and labelled with exactly the dev.haloy.* labels the Compose
// projection writes, on the service and on the container spec. It fails
// as project.FromApp does (bad name or id, bad volume, missing secret).
func Spec(app config.App, opts SpecOptions) (swarm.ServiceSpec, error) {
	if opts.Network == "" {
		opts.Network = contract.Network
	}
	p, err := project.FromApp(app, project.Options{DeploymentID: opts.DeploymentID, Network: opts.Network, ConfigFile: opts.ConfigFile, Env: opts.Env})
	if err != nil {
		return swarm.ServiceSpec{}, err
	}
	svc := p.Services[app.Name]
	if opts.Image == "" {
		opts.Image = app.Source.Image.Ref()
	}
	mounts, err := swarmMounts(p.Name, svc.Volumes)
	if err != nil {
		return swarm.ServiceSpec{}, fmt.Errorf("app %s: %w", app.Name, err)
	}
	replicas := uint64(*svc.Deploy.Replicas)
	grace := time.Duration(*svc.StopGracePeriod)
	return swarm.ServiceSpec{
		Annotations: swarm.Annotations{Name: ServiceName(app.Name, opts.DeploymentID), Labels: maps.Clone(svc.Labels)},
		TaskTemplate: swarm.TaskSpec{
			ContainerSpec: &swarm.ContainerSpec{
				Image:           opts.Image,
				Labels:          maps.Clone(svc.Labels),
				Env:             envList(svc.Environment),
				Mounts:          mounts,
				StopGracePeriod: &grace,
				Healthcheck:     opts.Healthcheck,
			},
			RestartPolicy: &swarm.RestartPolicy{Condition: swarm.RestartPolicyConditionAny},
			Networks:      []swarm.NetworkAttachmentConfig{{Target: opts.Network}},
			Placement:     &swarm.Placement{Preferences: []swarm.PlacementPreference{{Spread: &swarm.SpreadOver{SpreadDescriptor: "node.id"}}}},
		},
		Mode:         swarm.ServiceMode{Replicated: &swarm.ReplicatedService{Replicas: &replicas}},
		EndpointSpec: &swarm.EndpointSpec{Mode: swarm.ResolutionModeDNSRR},
	}, nil
}

// DeploymentOf is the deployment id a service's labels name ("" for none).
func DeploymentOf(serviceLabels map[string]string) string {
	return serviceLabels[labels.DeploymentID]
}

// envList is the environment as sorted KEY=VALUE entries.
func envList(env types.MappingWithEquals) []string {
	out := make([]string, 0, len(env))
	for _, k := range slices.Sorted(maps.Keys(env)) {
		if v := env[k]; v != nil {
			out = append(out, k+"="+*v)
		}
	}
	return out
}

// swarmMounts turns the Compose volumes into Swarm mounts. A named volume
// is node-local on Swarm: each node that runs a task has its own
// <app>_<volume>, named as Compose names it on one host.
func swarmMounts(projectName string, vols []types.ServiceVolumeConfig) ([]mount.Mount, error) {
	out := make([]mount.Mount, 0, len(vols))
	for _, v := range vols {
		m := mount.Mount{Target: v.Target, Source: v.Source, ReadOnly: v.ReadOnly}
		switch v.Type {
		case types.VolumeTypeVolume:
			m.Type, m.Source = mount.TypeVolume, projectName+"_"+v.Source
		case types.VolumeTypeBind:
			m.Type = mount.TypeBind
		default:
			return nil, fmt.Errorf("volume %s: type %s is not supported on Swarm", v.Target, v.Type)
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}
