package project

import (
	"maps"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/rollout/spec"
)

// service turns the app's service into Compose's.
func service(s spec.Service) types.ServiceConfig {
	replicas := s.Replicas
	grace := types.Duration(s.StopGrace)
	svc := types.ServiceConfig{
		Name:    s.Name,
		Restart: s.Restart,
		Deploy:  &types.DeployConfig{Replicas: &replicas},
	}
	svc.Image = s.Image
	svc.Environment = environment(s.Env)
	svc.Volumes = volumes(s.Volumes)
	svc.Labels = maps.Clone(s.Labels)
	svc.Networks = map[string]*types.ServiceNetworkConfig{s.Network: nil}
	svc.StopGracePeriod = &grace
	return svc
}

// projectVolumes declares the named volumes with their Docker names.
func projectVolumes(names map[string]string) types.Volumes {
	if len(names) == 0 {
		return nil
	}
	out := types.Volumes{}
	for key, name := range names {
		out[key] = types.VolumeConfig{Name: name}
	}
	return out
}
