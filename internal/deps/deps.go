package deps

import (
	_ "filippo.io/age"
	_ "github.com/compose-spec/compose-go/v2/types"
	_ "github.com/compose-spec/compose-go/v2/loader"
	_ "github.com/docker/cli/cli-plugins/plugin"
	_ "github.com/docker/cli/cli-plugins/metadata"
	_ "github.com/docker/cli/cli/command"
	_ "github.com/hashicorp/go-multierror"
	_ "github.com/moby/moby/client"
	_ "github.com/spf13/cobra"
	_ "github.com/go-acme/lego/v5/lego"
	_ "github.com/go-acme/lego/v5/challenge/http01"
	_ "github.com/go-acme/lego/v5/certificate"
	_ "github.com/go-acme/lego/v5/registration"
	_ "gopkg.in/yaml.v3"
)
