package swarm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"

	"github.com/haloydev/haloy/contract"
)

// NodeLabelAPI is the part of the moby client that labels ingress nodes.
type NodeLabelAPI interface {
	NodeInspect(ctx context.Context, nodeID string, options client.NodeInspectOptions) (client.NodeInspectResult, error)
	NodeList(ctx context.Context, options client.NodeListOptions) (client.NodeListResult, error)
	NodeUpdate(ctx context.Context, nodeID string, options client.NodeUpdateOptions) (client.NodeUpdateResult, error)
}

// Labelled says what LabelIngressNodes did to one node.
type Labelled struct {
	// Node is the name or id as given; Hostname the node's host name.
	Node, Hostname string
	// Added is true when the label was added, false when it was there.
	Added bool
}

// LabelIngressNodes labels each node (a name or id, as docker node update
// takes it) contract.IngressLabel=true, keeping its other labels. A name
// that is no node is an error listing the nodes' names.
func LabelIngressNodes(ctx context.Context, api NodeLabelAPI, nodes []string) ([]Labelled, error) {
	var out []Labelled
	for _, name := range nodes {
		l, err := labelIngressNode(ctx, api, name)
		if err != nil {
			return out, err
		}
		out = append(out, l)
	}
	return out, nil
}

func labelIngressNode(ctx context.Context, api NodeLabelAPI, name string) (Labelled, error) {
	res, err := api.NodeInspect(ctx, name, client.NodeInspectOptions{})
	if cerrdefs.IsNotFound(err) {
		return Labelled{}, unknownNode(ctx, api, name)
	}
	if err != nil {
		return Labelled{}, fmt.Errorf("inspecting node %s: %w", name, err)
	}
	n := res.Node
	l := Labelled{Node: name, Hostname: n.Description.Hostname}
	if n.Spec.Labels[contract.IngressLabel] == "true" {
		return l, nil
	}
	spec := n.Spec
	spec.Labels = maps.Clone(spec.Labels)
	if spec.Labels == nil {
		spec.Labels = map[string]string{}
	}
	spec.Labels[contract.IngressLabel] = "true"
	if _, err := api.NodeUpdate(ctx, n.ID, client.NodeUpdateOptions{Version: n.Version, Spec: spec}); err != nil {
		return l, fmt.Errorf("labelling node %s %s=true: %w", name, contract.IngressLabel, err)
	}
	l.Added = true
	return l, nil
}

// unknownNode is the error for a --ingress-node that names no node.
func unknownNode(ctx context.Context, api NodeLabelAPI, name string) error {
	res, err := api.NodeList(ctx, client.NodeListOptions{})
	if err != nil {
		return fmt.Errorf("--ingress-node %s: no such node (listing the nodes: %v)", name, err)
	}
	var names []string
	for _, n := range res.Items {
		names = append(names, n.Description.Hostname)
	}
	slices.Sort(names)
	return fmt.Errorf("--ingress-node %s: no such node; give a node name or id from docker node ls: %s", name, strings.Join(names, ", "))
}
