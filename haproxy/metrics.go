package haproxy

// FrontendMetrics is the frontend serving HAProxy's own Prometheus exporter
// when Settings.MetricsPort is set.
const FrontendMetrics = "haloy_metrics"

// MetricsPath is the path HAProxy's Prometheus exporter answers on.
const MetricsPath = "/metrics"

// renderMetrics writes a frontend that serves HAProxy's built-in Prometheus
// exporter (the prometheus-exporter service, present in Debian's 2.6 and
// the official 3.x images) on s.MetricsPort; other paths get the 404 page.
// Nothing is written when the port is 0.
func renderMetrics(w *writer, s Settings) {
	if s.MetricsPort == 0 {
		return
	}
	w.section("frontend " + FrontendMetrics)
	w.line("bind %s:%d", s.BindAddress, s.MetricsPort)
	w.line("option dontlog-normal")
	w.line("http-request use-service prometheus-exporter if { path %s }", MetricsPath)
	w.line("default_backend %s", BackendNotFound)
}

// ExporterPort is the port Haloy's HAProxy container serves its exporter
// on, inside the container; `docker haloy init --metrics-port` publishes it.
const ExporterPort = 8405
