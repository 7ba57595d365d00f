package swarm

import (
	"context"
	"testing"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/api/types/swarm"
	"github.com/moby/moby/client"

	"github.com/haloydev/haloy/contract"
)

// fakeNodes is a Swarm's nodes, found by id or host name as the engine
// finds them.
type fakeNodes struct {
	nodes   []swarm.Node
	updates []string // ids updated
}

func (f *fakeNodes) find(name string) *swarm.Node {
	for i := range f.nodes {
		if f.nodes[i].ID == name || f.nodes[i].Description.Hostname == name {
			return &f.nodes[i]
		}
	}
	return nil
}

func (f *fakeNodes) NodeInspect(_ context.Context, id string, _ client.NodeInspectOptions) (client.NodeInspectResult, error) {
	n := f.find(id)
	if n == nil {
		return client.NodeInspectResult{}, cerrdefs.ErrNotFound.WithMessage("node " + id + " not found")
	}
	return client.NodeInspectResult{Node: *n}, nil
}

func (f *fakeNodes) NodeList(context.Context, client.NodeListOptions) (client.NodeListResult, error) {
	return client.NodeListResult{Items: f.nodes}, nil
}

func (f *fakeNodes) NodeUpdate(_ context.Context, id string, o client.NodeUpdateOptions) (client.NodeUpdateResult, error) {
	n := f.find(id)
	if n.Version != o.Version {
		return client.NodeUpdateResult{}, cerrdefs.ErrConflict.WithMessage("update out of sequence")
	}
	n.Spec, n.Version.Index = o.Spec, n.Version.Index+1
	f.updates = append(f.updates, id)
	return client.NodeUpdateResult{}, nil
}

func labelNode(id, host string, labels map[string]string) swarm.Node {
	return swarm.Node{ID: id, Meta: swarm.Meta{Version: swarm.Version{Index: 7}},
		Spec: swarm.NodeSpec{Annotations: swarm.Annotations{Labels: labels}}, Description: swarm.NodeDescription{Hostname: host}}
}

func TestLabelIngressNodes(t *testing.T) {
	cases := []struct {
		name    string
		give    []string
		added   []bool
		updates int
		err     string
	}{
		{name: "by host name, other labels kept", give: []string{"node2"}, added: []bool{true}, updates: 1},
		{name: "by id", give: []string{"id3"}, added: []bool{true}, updates: 1},
		{name: "already labelled", give: []string{"node4"}, added: []bool{false}},
		{name: "twice", give: []string{"node2", "id2"}, added: []bool{true, false}, updates: 1},
		{name: "no such node", give: []string{"node9"}, err: "--ingress-node node9: no such node; give a node name or id from docker node ls: node1, node2, node3, node4"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := &fakeNodes{nodes: []swarm.Node{
				labelNode("id1", "node1", nil),
				labelNode("id2", "node2", map[string]string{"zone": "a"}),
				labelNode("id3", "node3", nil),
				labelNode("id4", "node4", map[string]string{contract.IngressLabel: "true"}),
			}}
			got, err := LabelIngressNodes(context.Background(), f, c.give)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range got {
				if l.Added != c.added[i] || l.Node != c.give[i] || l.Hostname == "" {
					t.Errorf("result %d: %+v, want added=%v", i, l, c.added[i])
				}
				if n := f.find(c.give[i]); n.Spec.Labels[contract.IngressLabel] != "true" {
					t.Errorf("%s: labels %v", c.give[i], n.Spec.Labels)
				}
			}
			if len(f.updates) != c.updates {
				t.Errorf("%d updates, want %d", len(f.updates), c.updates)
			}
			if n := f.find("node2"); n.Spec.Labels["zone"] != "a" {
				t.Errorf("node2 lost its label zone: %v", n.Spec.Labels)
			}
		})
	}
}
