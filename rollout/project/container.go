package project

import (
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/rollout/spec"
)

// ContainerSpec turns container number n of a Compose service into the
// plain container spec the engine creates, carrying the service's labels
// and Compose's own. Its networks are the service's, sorted by key.
func ContainerSpec(p *types.Project, svc types.ServiceConfig, n int, name string) spec.Container {
	c := spec.Container{
		Name:        name,
		Image:       svc.Image,
		Env:         envList(svc.Environment),
		Labels:      ContainerLabels(p, svc, n),
		Cmd:         svc.Command,
		Entrypoint:  svc.Entrypoint,
		StopSignal:  svc.StopSignal,
		Hostname:    svc.Hostname,
		User:        svc.User,
		Restart:     svc.Restart,
		Sysctls:     svc.Sysctls,
		NetworkMode: svc.NetworkMode,
	}
	if svc.StopGracePeriod != nil {
		d := time.Duration(*svc.StopGracePeriod)
		c.StopGrace = &d
	}
	for _, pc := range svc.Ports {
		c.Ports = append(c.Ports, spec.Port{Target: pc.Target, Protocol: pc.Protocol, Published: pc.Published, HostIP: pc.HostIP})
	}
	for _, v := range svc.Volumes {
		m := spec.Mount{Type: v.Type, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly}
		if pv, ok := p.Volumes[v.Source]; ok && v.Type == types.VolumeTypeVolume && pv.Name != "" {
			m.Source = pv.Name
		}
		c.Mounts = append(c.Mounts, m)
	}
	for _, key := range slices.Sorted(maps.Keys(svc.Networks)) {
		n := spec.Network{Name: networkName(p, key)}
		if cfg := svc.Networks[key]; cfg != nil {
			n.Aliases = cfg.Aliases
		}
		c.Networks = append(c.Networks, n)
	}
	return c
}

func envList(env types.MappingWithEquals) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		if v == nil {
			continue
		}
		out = append(out, k+"="+*v)
	}
	sort.Strings(out)
	return out
}

func networkName(p *types.Project, key string) string {
	if n, ok := p.Networks[key]; ok && n.Name != "" {
		return n.Name
	}
	return key
}
