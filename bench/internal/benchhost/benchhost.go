// Package benchhost holds what the benchmark commands share about the
// engine they run on: free ports and removing what a run installed.
package benchhost

import (
	"net"
	"os"
	"os/exec"
	"strings"
)

// FreePort returns a TCP port free on 127.0.0.1 now.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// Teardown removes the named containers and every container matching one
// of the docker ps filters, Haloy's network and volumes, and the folder
// dir. It is best effort: what is already gone is skipped.
func Teardown(dir string, containers []string, filters ...string) {
	all := append([]string(nil), containers...)
	for _, filter := range filters {
		ids, _ := exec.Command("docker", "ps", "-aq", "--filter", filter).Output()
		all = append(all, strings.Fields(string(ids))...)
	}
	if len(all) > 0 {
		exec.Command("docker", append([]string{"rm", "-f"}, all...)...).Run()
	}
	exec.Command("docker", "network", "rm", "haloy").Run()
	exec.Command("docker", "volume", "rm", "haloy-haproxy", "haloy-sidecar-data").Run()
	os.RemoveAll(dir)
}
