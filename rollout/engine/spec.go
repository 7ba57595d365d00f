package engine

import (
	"cmp"
	"fmt"
	"net/netip"
	"strconv"

	"github.com/haloydev/haloy/rollout/spec"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
	"github.com/moby/moby/api/types/network"
)

// Spec is a spec.Container in the Docker API's types.
type Spec struct {
	Name       string
	Config     *container.Config
	HostConfig *container.HostConfig
	// Networking is the first network, joined at creation: engines before
	// API 1.44 join one network when creating.
	Networking *network.NetworkingConfig
	// Connect are the container's other networks, joined after creation
	// and before the start.
	Connect map[string]*network.EndpointSettings
}

// APISpec turns a container spec into the Docker API's create options.
func APISpec(c spec.Container) (Spec, error) {
	ports, bindings, err := portSpecs(c.Ports)
	if err != nil {
		return Spec{}, fmt.Errorf("container %s: %w", c.Name, err)
	}
	cfg := &container.Config{
		Image:        c.Image,
		Env:          c.Env,
		Labels:       c.Labels,
		Cmd:          c.Cmd,
		Entrypoint:   c.Entrypoint,
		ExposedPorts: ports,
		StopSignal:   c.StopSignal,
		StopTimeout:  stopTimeout(c),
		Hostname:     c.Hostname,
		User:         c.User,
	}
	host := &container.HostConfig{
		Mounts:        mounts(c.Mounts),
		PortBindings:  bindings,
		RestartPolicy: container.RestartPolicy{Name: container.RestartPolicyMode(c.Restart)},
		Sysctls:       c.Sysctls,
		NetworkMode:   container.NetworkMode(cmp.Or(c.NetworkMode, firstNetwork(c))),
	}
	first, rest := networking(c.Networks)
	return Spec{Name: c.Name, Config: cfg, HostConfig: host, Networking: first, Connect: rest}, nil
}

func stopTimeout(c spec.Container) *int {
	if c.StopGrace == nil {
		return nil
	}
	s := int(c.StopGrace.Seconds())
	return &s
}

func mounts(ms []spec.Mount) []mount.Mount {
	out := make([]mount.Mount, 0, len(ms))
	for _, m := range ms {
		out = append(out, mount.Mount{Type: mount.Type(m.Type), Source: m.Source, Target: m.Target, ReadOnly: m.ReadOnly})
	}
	return out
}

func portSpecs(ports []spec.Port) (network.PortSet, network.PortMap, error) {
	set, bindings := network.PortSet{}, network.PortMap{}
	for _, pc := range ports {
		proto := cmp.Or(pc.Protocol, "tcp")
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

// firstNetwork is the network the container is created on.
func firstNetwork(c spec.Container) string {
	if len(c.Networks) == 0 {
		return ""
	}
	return c.Networks[0].Name
}

// networking splits the networks into the first, joined at creation, and
// the others, joined before the start.
func networking(nets []spec.Network) (*network.NetworkingConfig, map[string]*network.EndpointSettings) {
	var first *network.NetworkingConfig
	var rest map[string]*network.EndpointSettings
	for _, n := range nets {
		ep := &network.EndpointSettings{Aliases: n.Aliases}
		if first == nil {
			first = &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{n.Name: ep}}
			continue
		}
		if rest == nil {
			rest = map[string]*network.EndpointSettings{}
		}
		rest[n.Name] = ep
	}
	return first, rest
}
