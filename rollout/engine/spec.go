package engine

import (
	"cmp"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/rollout/project"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"
)

// Spec is everything the engine needs to create one container of a service.
type Spec struct {
	Name       string
	Config     *container.Config
	HostConfig *container.HostConfig
	// Networking is the first network (by key), joined at creation:
	// engines before API 1.44 join one network when creating.
	Networking *network.NetworkingConfig
	// Connect are the service's other networks, joined after creation and
	// before the start.
	Connect map[string]*network.EndpointSettings
}

// ServiceSpec turns container number n of a Compose service into a
// container specification carrying the service's labels and Compose's own.
func ServiceSpec(p *types.Project, svc types.ServiceConfig, n int, name string) (Spec, error) {
	ports, bindings, err := portSpecs(svc.Ports)
	if err != nil {
		return Spec{}, fmt.Errorf("service %s: %w", svc.Name, err)
	}
	cfg := &container.Config{
		Image:        svc.Image,
		Env:          envList(svc.Environment),
		Labels:       project.ContainerLabels(p, svc, n),
		Cmd:          svc.Command,
		Entrypoint:   svc.Entrypoint,
		ExposedPorts: ports,
		StopSignal:   svc.StopSignal,
		StopTimeout:  stopTimeout(svc),
		Hostname:     svc.Hostname,
		User:         svc.User,
	}
	host := &container.HostConfig{
		Mounts:        mounts(p, svc.Volumes),
		PortBindings:  bindings,
		RestartPolicy: container.RestartPolicy{Name: container.RestartPolicyMode(svc.Restart)},
		Sysctls:       svc.Sysctls,
		NetworkMode:   container.NetworkMode(cmp.Or(svc.NetworkMode, firstNetwork(p, svc))),
	}
	first, rest := networking(p, svc)
	return Spec{Name: name, Config: cfg, HostConfig: host, Networking: first, Connect: rest}, nil
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

func stopTimeout(svc types.ServiceConfig) *int {
	if svc.StopGracePeriod == nil {
		return nil
	}
	s := int(time.Duration(*svc.StopGracePeriod).Seconds())
	return &s
}

func mounts(p *types.Project, vols []types.ServiceVolumeConfig) []mount.Mount {
	out := make([]mount.Mount, 0, len(vols))
	for _, v := range vols {
		m := mount.Mount{Type: mount.Type(v.Type), Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly}
		if v.Type == types.VolumeTypeVolume {
			if pv, ok := p.Volumes[v.Source]; ok && pv.Name != "" {
				m.Source = pv.Name
			}
		}
		out = append(out, m)
	}
	return out
}

func portSpecs(ports []types.ServicePortConfig) (network.PortSet, network.PortMap, error) {
	set, bindings := network.PortSet{}, network.PortMap{}
	for _, pc := range ports {
		proto := pc.Protocol
		if proto == "" {
			proto = "tcp"
		}
		port, err := network.ParsePort(strconv.Itoa(int(pc.Target)) + "/" + proto)
		if err != nil {
			return nil, nil, fmt.Errorf("port %d: %w", pc.Target, err)
		}
		set[port] = struct{}{}
		b := network.PortBinding{HostPort: pc.Published}
		if pc.HostIP != "" {
			if b.HostIP, err = netip.ParseAddr(pc.HostIP); err != nil {
				return nil, nil, fmt.Errorf("port %d: host address %q: %w", pc.Target, pc.HostIP, err)
			}
		}
		bindings[port] = append(bindings[port], b)
	}
	return set, bindings, nil
}

// firstNetwork is the network the container is created on; Docker
// attaches it to one network at creation.
func firstNetwork(p *types.Project, svc types.ServiceConfig) string {
	for _, key := range slices.Sorted(maps.Keys(svc.Networks)) {
		return networkName(p, key)
	}
	return ""
}

// networking splits the service's networks into the first (by key),
// joined at creation, and the others, joined before the start.
func networking(p *types.Project, svc types.ServiceConfig) (*network.NetworkingConfig, map[string]*network.EndpointSettings) {
	var first *network.NetworkingConfig
	var rest map[string]*network.EndpointSettings
	for _, key := range slices.Sorted(maps.Keys(svc.Networks)) {
		ep := &network.EndpointSettings{}
		if cfg := svc.Networks[key]; cfg != nil {
			ep.Aliases = cfg.Aliases
		}
		if first == nil {
			first = &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{networkName(p, key): ep}}
			continue
		}
		if rest == nil {
			rest = map[string]*network.EndpointSettings{}
		}
		rest[networkName(p, key)] = ep
	}
	return first, rest
}

func networkName(p *types.Project, key string) string {
	if n, ok := p.Networks[key]; ok && n.Name != "" {
		return n.Name
	}
	return key
}
