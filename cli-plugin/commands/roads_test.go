package commands

import (
	"slices"
	"testing"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/remote"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// dockerOnlyFlags are the flags only the Docker road has: how the engine
// fetches images, and the local rollout's step timings.
var dockerOnlyFlags = map[string][]string{
	"deploy":   {"copy-image-from", "dry-run", "pull", "timings"},
	"rollback": {"copy-image-from", "pull"},
}

// TestBothRoadsOfferTheSameCommands compares docker haloy with the
// standalone haloy: every command of the tree is in both, with the same
// flags (but the Docker road's own) and subcommands.
func TestBothRoadsOfferTheSameCommands(t *testing.T) {
	dockerCli, err := command.NewDockerCli()
	if err != nil {
		t.Fatal(err)
	}
	plugin, standalone := NewRoot(dockerCli), remote.NewCommand("haloy")
	for _, name := range []string{"deploy", "status", "rollback", "stop", "domains", "version", "secrets", "validate", "scaffold"} {
		p, s := find(plugin, name), find(standalone, name)
		if p == nil || s == nil {
			t.Errorf("%s: in the plugin %t, in the standalone client %t; want both", name, p != nil, s != nil)
			continue
		}
		pf := slices.DeleteFunc(flagNames(p), func(f string) bool { return slices.Contains(dockerOnlyFlags[name], f) })
		if sf := flagNames(s); !slices.Equal(pf, sf) {
			t.Errorf("%s: plugin flags %q, standalone %q", name, pf, sf)
		}
		if p.Use != s.Use || p.Short != s.Short && name != "version" {
			t.Errorf("%s: plugin %q %q, standalone %q %q", name, p.Use, p.Short, s.Use, s.Short)
		}
		if ps, ss := subNames(p), subNames(s); !slices.Equal(ps, ss) {
			t.Errorf("%s: plugin subcommands %q, standalone %q", name, ps, ss)
		}
	}
	for _, f := range dockerOnlyFlags["deploy"] {
		if find(standalone, "deploy").Flags().Lookup(f) != nil {
			t.Errorf("the standalone deploy has the Docker road's --%s", f)
		}
	}
}

func find(root *cobra.Command, name string) *cobra.Command {
	for _, c := range root.Commands() {
		if c.Name() == name {
			return c
		}
	}
	return nil
}

func flagNames(c *cobra.Command) []string {
	var names []string
	c.LocalFlags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	slices.Sort(names)
	return names
}

func subNames(c *cobra.Command) []string {
	var names []string
	for _, s := range c.Commands() {
		names = append(names, s.Name())
	}
	return names
}
