package subcmd

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/haloydev/haloy/acme"
)

// runDNSCredentials implements
//
//	haloy-sidecar acme-dns-credentials set     store the NAME=VALUE lines on standard input
//	haloy-sidecar acme-dns-credentials names   the stored variable names (JSON)
//
// The file is the sidecar's DNS-01 provider credentials
// (acme.DefaultDNSCredentialsFile, 0600); no value is ever printed.
func runDNSCredentials(path string, args []string, in io.Reader, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: acme-dns-credentials set (NAME=VALUE lines on standard input) | names")
	}
	switch args[0] {
	case "set":
		data, err := io.ReadAll(io.LimitReader(in, acme.MaxDNSCredentialsFile+1))
		if err != nil {
			return fmt.Errorf("reading the credentials from standard input: %w", err)
		}
		names, err := acme.WriteDNSCredentialsFile(path, data)
		return writeJSON(out, names, err)
	case "names":
		c, err := acme.ReadDNSCredentialsFile(path)
		if err != nil {
			return err
		}
		return json.NewEncoder(out).Encode(c.Names())
	}
	return fmt.Errorf("unknown acme-dns-credentials command %q: want set or names", args[0])
}
