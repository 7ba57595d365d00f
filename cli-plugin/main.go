// Command docker-haloy is the `docker haloy` CLI plugin: zero-downtime
// deploys of haloy.yaml apps with HAProxy routing, through any Docker context.
package main

import (
	"github.com/docker/cli/cli-plugins/plugin"
	"github.com/haloydev/haloy/cli-plugin/commands"
)

func main() {
	plugin.Run(commands.NewRoot, commands.Metadata())
}
