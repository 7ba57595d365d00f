package commands

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/docker/cli/cli/command"
	"github.com/haloydev/haloy/cli-plugin/infra"
)

// maxDNSEnvFile is the largest --acme-dns-env-file sent (the sidecar
// refuses bigger ones too).
const maxDNSEnvFile = 64 << 10

// sendDNSCredentials stores the DNS-01 credentials of file ("" for none)
// on the sidecar's data volume: the file's content goes over the exec's
// standard input, so it is never in a command line, a label or the
// container's configuration. The sidecar checks it and answers with the
// variable names, which are printed; values never are.
func sendDNSCredentials(ctx context.Context, dockerCli command.Cli, file string) error {
	if file == "" {
		return nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("reading --acme-dns-env-file: %w", err)
	}
	if len(data) > maxDNSEnvFile {
		return fmt.Errorf("--acme-dns-env-file %s is larger than %d bytes", file, maxDNSEnvFile)
	}
	out, err := newEngine(dockerCli).ExecInput(ctx, infra.SidecarContainer,
		[]string{infra.SidecarBinary, "acme-dns-credentials", "set"}, data)
	if err != nil {
		return fmt.Errorf("storing the DNS credentials of %s on the sidecar (fix the file and run init again): %w", file, err)
	}
	fmt.Fprintf(dockerCli.Out(), "DNS-01 credentials stored on the sidecar's volume: %s\n", strings.TrimSpace(out))
	return nil
}
