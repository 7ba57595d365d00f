package remote

import (
	"errors"
	"fmt"
	"net/url"
	"os"

	"github.com/haloydev/haloy/cli-plugin/tree"
	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/spf13/cobra"
)

// Environment variables the commands read.
const (
	// EnvServer is the API URL when --server is not given.
	EnvServer = "HALOY_SERVER"
	// EnvToken is the API token.
	EnvToken = "HALOY_API_TOKEN"
)

// globals are the flags every remote command shares.
type globals struct {
	server    string
	allowHTTP bool
}

// NewCommand returns the remote client's command tree under the name use
// (the standalone client's root, as `haloy`).
func NewCommand(use string) *cobra.Command { return New(use, use) }

// New returns the command tree (cli-plugin/tree) over the API at --server
// under the name use; name is how the user calls it, for hints.
func New(use, name string) *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   use,
		Short: "Deploy and manage Haloy apps through the sidecar's HTTP API (no Docker access needed)",
		Long: "Talks to the API at --server (or $" + EnvServer + ") with the token in $" + EnvToken + "\n" +
			"(print it on the server with: docker haloy api token). Secrets are resolved here and sent\n" +
			"over TLS; preDeploy and postDeploy hooks run here, in the haloy.yaml's folder.",
		SilenceUsage: true,
	}
	root.PersistentFlags().StringVar(&g.server, "server", os.Getenv(EnvServer), "API URL, e.g. https://api.example.com ($"+EnvServer+")")
	root.PersistentFlags().BoolVar(&g.allowHTTP, "allow-http", false, "allow a plain http:// server URL (the token then crosses the network unencrypted)")
	b := httpBackend{g}
	root.AddCommand(tree.Commands(tree.Config{Backend: b, Name: name})...)
	tree.RefuseUnknownSubcommands(root)
	tree.AddCompletions(root, b)
	termsafe.EscapeCommandErrors(root)
	return root
}

// client checks the flags and the token and returns an API client.
func (g *globals) client() (*Client, error) {
	if g.server == "" {
		return nil, fmt.Errorf("no API server given (use --server https://api.example.com or set %s)", EnvServer)
	}
	u, err := url.Parse(g.server)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("--server %q is not an http(s) URL (e.g. https://api.example.com)", g.server)
	}
	if u.Scheme == "http" && !g.allowHTTP {
		return nil, fmt.Errorf("--server %q is plain HTTP, which would send the token unencrypted (use https://, or --allow-http on a trusted network)", g.server)
	}
	tok := os.Getenv(EnvToken)
	if tok == "" {
		return nil, errors.New(EnvToken + " is not set (print the token on the server with: docker haloy api token)")
	}
	return &Client{BaseURL: g.server, Token: tok}, nil
}
