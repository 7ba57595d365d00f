package haproxy

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// metricsGolden is the golden file of sampleModel rendered with the exporter on.
const metricsGolden = "testdata/metrics-exporter.cfg"

func TestRenderMetricsGolden(t *testing.T) {
	s := testSettings
	s.MetricsPort = ExporterPort
	compareGolden(t, metricsGolden, Render(sampleModel(), s))
	checkConfig(t, metricsGolden)
}

func TestRenderMetricsOffByDefault(t *testing.T) {
	cfg := Render(sampleModel(), testSettings)
	if bytes.Contains(cfg, []byte(FrontendMetrics)) || bytes.Contains(cfg, []byte("prometheus-exporter")) {
		t.Errorf("MetricsPort 0 rendered an exporter frontend:\n%s", cfg)
	}
}

// TestMetricsExporterLive runs HAProxy with the exporter frontend and reads
// its metrics, so the rendered lines are proven to serve, not only to parse.
func TestMetricsExporterLive(t *testing.T) {
	bin := haproxyPath(t)
	dir := t.TempDir()
	s := Settings{
		HTTPPort: freePort(t), MetricsPort: freePort(t), BindAddress: "127.0.0.1",
		StatsSocket: filepath.Join(dir, "admin.sock"), ChallengeServer: "127.0.0.1:1",
	}
	cfg := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, Render(sampleModel(), s), 0o644); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	cmd := exec.Command(bin, "-db", "-f", cfg)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting haproxy: %v", err)
	}
	t.Cleanup(func() { stopProcess(t, cmd, log) })
	base := fmt.Sprintf("http://127.0.0.1:%d", s.MetricsPort)
	var body string
	eventually(t, 10*time.Second, "the exporter to answer", func() error {
		code, b, err := fetch(base + MetricsPath)
		if err != nil || code != 200 {
			return fmt.Errorf("GET %s = %d %v", MetricsPath, code, err)
		}
		body = b
		return nil
	})
	for _, want := range []string{"haproxy_process_", `haproxy_backend_status{proxy="app_shop"`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if code, _, err := fetch(base + "/other"); err != nil || code != 404 {
		t.Errorf("GET /other on the metrics port = %d %v, want 404", code, err)
	}
}

func fetch(url string) (int, string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}
