package integration

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/haloydev/haloy/haproxy"
)

// TestMetricsEndpoints reads the sidecar's metrics and HAProxy's exporter
// on the ports `init --metrics-port` published, after deploying an app.
func TestMetricsEndpoints(t *testing.T) {
	requireEngine(t)
	app := strings.ReplaceAll(twoReplicaApp, "skeleton", "metered")
	haloy(t, "deploy", tempFile(t, "haloy.yaml", app))
	t.Cleanup(func() { runHaloy("stop", "metered") })

	sidecar := fmt.Sprintf("http://127.0.0.1:%d/metrics", env.metricsPort)
	eventually(t, 10*time.Second, "sidecar metrics", func() error {
		body, err := scrape(sidecar)
		if err != nil {
			return err
		}
		return containsAll(body,
			`haloy_app_ready_replicas{app="metered"} 2`,
			"# TYPE haloy_reconcile_passes_total counter",
			"haloy_reconcile_duration_seconds ",
			"haloy_haproxy_reloads_total ",
			"haloy_runtime_applies_total ",
			"haloy_label_problems ")
	})
	if body, _ := scrape(sidecar); metricValue(body, "haloy_reconcile_passes_total") < 1 {
		t.Errorf("haloy_reconcile_passes_total < 1:\n%s", body)
	}

	exporter := fmt.Sprintf("http://127.0.0.1:%d%s", env.metricsPort+1, haproxy.MetricsPath)
	eventually(t, 10*time.Second, "HAProxy's exporter", func() error {
		body, err := scrape(exporter)
		if err != nil {
			return err
		}
		backend := haproxy.BackendName("metered")
		return containsAll(body, "haproxy_process_", `haproxy_backend_active_servers{proxy="`+backend+`"} 2`)
	})
}

// scrape GETs a metrics URL and returns the body of a 200 answer.
func scrape(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		return "", fmt.Errorf("GET %s = %d %v", url, resp.StatusCode, err)
	}
	return string(b), nil
}

// containsAll says which of wants body lacks, if any.
func containsAll(body string, wants ...string) error {
	for _, w := range wants {
		if !strings.Contains(body, w) {
			return fmt.Errorf("metrics lack %q", w)
		}
	}
	return nil
}

// metricValue is the value of an unlabelled sample, or -1.
func metricValue(body, name string) float64 {
	for _, line := range strings.Split(body, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			var f float64
			if _, err := fmt.Sscan(v, &f); err == nil {
				return f
			}
		}
	}
	return -1
}
