package main

import (
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// throughput runs wrk -t2 -c50 against the base container straight and
// through HAProxy, in that order, and prints both and their ratio.
func (b *engineBench) throughput(ctx context.Context, d time.Duration) error {
	ip, err := exec.Command("docker", "inspect", "-f", `{{(index .NetworkSettings.Networks "haloy").IPAddress}}`, baseName).Output()
	if err != nil {
		return fmt.Errorf("reading %s's address: %w", baseName, err)
	}
	direct, err := wrk(ctx, d, "http://"+strings.TrimSpace(string(ip))+":80/")
	if err != nil {
		return err
	}
	proxied, err := wrk(ctx, d, fmt.Sprintf("http://127.0.0.1:%d/", b.httpPort), "-H", "Host: "+benchDomain)
	if err != nil {
		return err
	}
	ratio := proxied / direct
	fmt.Printf("throughput: wrk -t2 -c50 -d%s, one replica\n", d)
	fmt.Printf("  straight to the container  %.0f requests/s\n  through HAProxy            %.0f requests/s\n", direct, proxied)
	fmt.Printf("  ratio                      %.2f (target >= %.2f: %s)\n", ratio, targetRatio, verdict(ratio >= targetRatio))
	return nil
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
