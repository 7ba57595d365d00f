package infra

import (
	"fmt"
	"slices"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

// published lists a service's ports as "hostip:published->target".
func published(svc types.ServiceConfig) []string {
	var out []string
	for _, p := range svc.Ports {
		out = append(out, fmt.Sprintf("%s:%s->%d", p.HostIP, p.Published, p.Target))
	}
	return out
}

func TestMetricsPorts(t *testing.T) {
	cases := []struct {
		name          string
		port          int
		sidecar, prox []string
		flag          bool
	}{
		{"off by default", 0, nil, []string{"127.0.0.1:8080->80", "127.0.0.1:443->443"}, false},
		{"on", 9200, []string{"127.0.0.1:9200->9101"}, []string{"127.0.0.1:8080->80", "127.0.0.1:443->443", "127.0.0.1:9201->8405"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := Project(Options{PublishAddr: "127.0.0.1", HTTPPort: 8080, MetricsPort: c.port})
			sc, hp := p.Services["sidecar"], p.Services["haproxy"]
			if got := published(sc); !slices.Equal(got, c.sidecar) {
				t.Errorf("sidecar ports = %v, want %v", got, c.sidecar)
			}
			if got := published(hp); !slices.Equal(got, c.prox) {
				t.Errorf("haproxy ports = %v, want %v", got, c.prox)
			}
			i := slices.Index(sc.Command, "-haproxy-metrics-port")
			if (i >= 0) != c.flag || (i >= 0 && sc.Command[i+1] != "8405") {
				t.Errorf("sidecar command = %v, want -haproxy-metrics-port 8405: %v", sc.Command, c.flag)
			}
		})
	}
}
