package infra

import (
	"strconv"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/contract"
	"github.com/haloydev/haloy/haproxy"
)

// sidecarMetricsPort is the port the sidecar serves its metrics on inside
// its container (the sidecar's -metrics-listen default).
const sidecarMetricsPort = 9101

// withSidecarMetrics publishes the sidecar's metrics on
// PublishAddr:MetricsPort and has it turn on HAProxy's exporter, when
// metrics are on.
func withSidecarMetrics(svc *types.ServiceConfig, o Options) {
	if o.MetricsPort == 0 {
		return
	}
	svc.Ports = append(svc.Ports, publishedPort(o, sidecarMetricsPort, o.MetricsPort))
	svc.Command = append(svc.Command, contract.Arg(contract.FlagHAProxyMetricsPort), strconv.Itoa(haproxy.ExporterPort))
}

// withHAProxyMetrics publishes HAProxy's exporter on
// PublishAddr:MetricsPort+1, when metrics are on.
func withHAProxyMetrics(svc *types.ServiceConfig, o Options) {
	if o.MetricsPort == 0 {
		return
	}
	svc.Ports = append(svc.Ports, publishedPort(o, haproxy.ExporterPort, o.MetricsPort+1))
}

func publishedPort(o Options, target, published int) types.ServicePortConfig {
	return types.ServicePortConfig{Target: uint32(target), Published: strconv.Itoa(published), HostIP: o.PublishAddr, Protocol: "tcp"}
}
