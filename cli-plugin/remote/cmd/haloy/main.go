// Command haloy is the standalone remote client of Haloy's HTTP API, for
// machines without Docker access to the server:
//
//	HALOY_API_TOKEN=... haloy --server https://api.example.com deploy haloy.yaml
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/haloydev/haloy/cli-plugin/remote"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := remote.NewCommand("haloy").ExecuteContext(ctx); err != nil {
		os.Exit(1)
	}
}
