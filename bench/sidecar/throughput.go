package main

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// throughput runs wrk -t2 -c50 against the base container straight, then
// through HAProxy at its own address on the haloy network (the same path
// length as straight, so the ratio measures the generated configuration),
// then through the port published on 127.0.0.1 (which adds Docker's
// userland proxy), and prints all three and the ratios.
func (b *engineBench) throughput(ctx context.Context, d time.Duration) error {
	app, err := addressOn("haloy", baseName)
	if err != nil {
		return err
	}
	proxy, err := addressOn("haloy", "haloy-haproxy")
	if err != nil {
		return err
	}
	host := []string{"-H", "Host: " + benchDomain}
	direct, err := wrk(ctx, d, "http://"+app+":80/")
	if err != nil {
		return err
	}
	proxied, err := wrk(ctx, d, "http://"+proxy+":80/", host...)
	if err != nil {
		return err
	}
	published, err := wrk(ctx, d, fmt.Sprintf("http://127.0.0.1:%d/", b.httpPort), host...)
	if err != nil {
		return err
	}
	fmt.Printf("throughput: wrk -t2 -c50 -d%s, one replica\n", d)
	fmt.Printf("  straight to the container               %6.0f requests/s\n", direct)
	fmt.Printf("  through HAProxy (its network address)   %6.0f requests/s, ratio %.2f (target >= %.2f: %s)\n",
		proxied, proxied/direct, targetRatio, verdict(proxied/direct >= targetRatio))
	fmt.Printf("  through HAProxy's port on 127.0.0.1     %6.0f requests/s, ratio %.2f (adds docker-proxy)\n", published, published/direct)
	return nil
}

// addressOn returns the container's IP address on the named network.
func addressOn(network, container string) (string, error) {
	out, err := exec.Command("docker", "inspect", "-f", fmt.Sprintf(`{{(index .NetworkSettings.Networks %q).IPAddress}}`, network), container).Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		return "", fmt.Errorf("reading %s's address on %s: %v", container, network, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// wrk runs wrk and returns its Requests/sec, failing on socket errors or
// non-2xx/3xx answers.
func wrk(ctx context.Context, d time.Duration, url string, extra ...string) (float64, error) {
	args := append([]string{"-t2", "-c50", "-d" + strconv.Itoa(int(d.Seconds())) + "s"}, extra...)
	out, err := exec.CommandContext(ctx, "wrk", append(args, url)...).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("wrk %s (apt-get install wrk): %v: %s", url, err, out)
	}
	s := string(out)
	if strings.Contains(s, "Non-2xx or 3xx") || strings.Contains(s, "Socket errors") {
		return 0, fmt.Errorf("wrk %s saw errors:\n%s", url, s)
	}
	for _, line := range strings.Split(s, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Requests/sec:"); ok {
			return strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	return 0, fmt.Errorf("no Requests/sec in wrk's output:\n%s", s)
}
