package layout

import (
	"slices"
	"testing"
)

func TestCheckFindsEachKindOfViolation(t *testing.T) {
	m := Module + "/"
	cases := []struct {
		name string
		pkg  Package
		want []string
	}{
		{"pure package links the moby client",
			Package{m + "labels", []string{"fmt", "github.com/moby/moby/client"}},
			[]string{"pure packages import no Docker client: " + m + "labels -> github.com/moby/moby/client"}},
		{"sub-package of a pure package counts",
			Package{m + "wire/certstatus", []string{"github.com/docker/cli/cli/command"}},
			[]string{"pure packages import no Docker client: " + m + "wire/certstatus -> github.com/docker/cli/cli/command"}},
		{"sidecar links compose-go",
			Package{m + "sidecar", []string{"github.com/compose-spec/compose-go/v2/types"}},
			[]string{"the sidecar links neither docker/cli nor compose-go: " + m + "sidecar -> github.com/compose-spec/compose-go/v2/types"}},
		{"plugin imports the sidecar",
			Package{m + "cli-plugin/commands", []string{m + "sidecar/reconcile"}},
			[]string{"the plugin's tree does not import the sidecar's: " + m + "cli-plugin/commands -> " + m + "sidecar/reconcile"}},
		{"sidecar imports the plugin",
			Package{m + "sidecar/api", []string{m + "cli-plugin/deploy"}},
			[]string{"the sidecar's tree does not import the plugin's: " + m + "sidecar/api -> " + m + "cli-plugin/deploy"}},
		{"rollout imports the sidecar",
			Package{m + "rollout/deploy", []string{m + "sidecar/reconcile"}},
			[]string{"neutral packages import neither tree: " + m + "rollout/deploy -> " + m + "sidecar/reconcile"}},
		{"standalone client links the moby client",
			Package{m + "cli-plugin/remote/cmd/haloy", []string{"github.com/moby/moby/client"}},
			[]string{"the standalone client links no Docker client and no compose-go: " + m + "cli-plugin/remote/cmd/haloy -> github.com/moby/moby/client"}},
		{"the certificate loop lists containers",
			Package{m + "sidecar/certs", []string{m + "sidecar/engine"}},
			[]string{"the certificate loop lists no containers (it follows the reconcile loop's observations): " + m + "sidecar/certs -> " + m + "sidecar/engine"}},
		{"command tree links compose-go",
			Package{m + "cli-plugin/tree", []string{"github.com/compose-spec/compose-go/v2/types"}},
			[]string{"the command tree imports no Docker client and no compose-go: " + m + "cli-plugin/tree -> github.com/compose-spec/compose-go/v2/types"}},
		{"command tree imports the plugin's Docker backend",
			Package{m + "cli-plugin/tree", []string{m + "cli-plugin/commands", "github.com/docker/cli/cli/command"}},
			[]string{"the command tree imports no Docker client and no compose-go: " + m + "cli-plugin/tree -> github.com/docker/cli/cli/command"}},
		{"a name that only starts like a pure package is not one",
			Package{m + "labelsx", []string{"github.com/moby/moby/client"}}, nil},
		{"the plugin may use the moby client",
			Package{m + "cli-plugin/commands", []string{"github.com/moby/moby/client", m + "rollout/deploy", m + "wire"}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, v := range Check([]Package{c.pkg}, Rules()) {
				got = append(got, v.String())
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("Check = %q, want %q", got, c.want)
			}
		})
	}
}
