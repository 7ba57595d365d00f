package routing

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	"github.com/haloydev/haloy/haproxy"
	"github.com/haloydev/haloy/labels"
)

// An app's current deployments may ask for different routes: a deploy
// that changed domains or health-check path runs beside the deployment it
// replaces. Which one serves follows readiness, so if the app's single
// backend took the serving deployment's route, every readiness flap would
// change the configuration's structure and reload HAProxy. Instead each
// distinct route is a variant with a backend of its own; the structure
// holds every variant, and which one serves is runtime state (the serving
// map). Deployments asking for the same route share a variant, so an
// ordinary deploy (same route) stays a servers-only change.

// variant is one distinct route of an app's deployments.
type variant struct {
	key   string
	route labels.Route // the route of its first deployment (domains, health path, challenge)
}

// variantSignature is what must be equal for two deployments to share a
// backend: everything of the route that the structure renders per backend
// or per app. The port is per server, so it is not part of it.
func variantSignature(r labels.Route) string {
	b, err := json.Marshal(struct {
		Domains []labels.Domain
		Path    string
		ALPN    bool
	}{r.Domains, r.HealthCheckPath, r.Challenge() == labels.ChallengeTLSALPN01})
	if err != nil {
		panic(err) // plain strings and bools always marshal
	}
	return string(b)
}

// planVariants groups the deployments by route. Keys are a hash of the
// signature, so a variant keeps its key (and its backend name) for as
// long as it exists, whatever deployments come and go; a hash that two
// signatures of one app share (never seen in practice) is made unique
// by hashing again with a counter.
func (p *appPlan) planVariants() {
	index := map[string]int{}
	used := map[string]bool{}
	p.variantOf = make([]int, len(p.deployments))
	for i, d := range p.deployments {
		r := d.members[0].route
		sig := variantSignature(r)
		v, ok := index[sig]
		if !ok {
			v = len(p.variants)
			index[sig] = v
			p.variants = append(p.variants, variant{key: variantKey(sig, used), route: r})
		}
		p.variantOf[i] = v
	}
}

func variantKey(sig string, used map[string]bool) string {
	for n := 0; ; n++ {
		in := sig
		if n > 0 {
			in += "\x00" + string(rune('0'+n%10)) + hex.EncodeToString([]byte{byte(n)})
		}
		sum := sha256.Sum256([]byte(in))
		key := "v" + hex.EncodeToString(sum[:6])
		if !used[key] {
			used[key] = true
			return key
		}
	}
}

// servingVariant is the variant taking requests: the serving
// deployment's, or, with nothing ready, the newest deployment's, whose
// backend then answers with the 503 page.
func (p appPlan) servingVariant() int {
	if p.serving >= 0 {
		return p.variantOf[p.serving]
	}
	return p.variantOf[0]
}

// backendOf is the variant whose backend holds deployment i's servers:
// its own, except that a deployment serving beside the serving one (a
// rolling update) serves from the serving variant's backend.
func (p appPlan) backendOf(i int) int {
	if p.active(i) {
		return p.servingVariant()
	}
	return p.variantOf[i]
}

// backendName is the HAProxy backend of deployment i's servers.
func (p appPlan) backendName(i int) string {
	if len(p.variants) < 2 {
		return haproxy.BackendName(p.name)
	}
	return haproxy.VariantBackendName(p.name, p.variants[p.backendOf(i)].key)
}

// variantModel is the model of an app with two or more variants.
func (p appPlan) variantModel() haproxy.App {
	app := haproxy.App{Name: p.name, Serving: p.variants[p.servingVariant()].key}
	for _, v := range p.variants {
		alpn := v.route.Challenge() == labels.ChallengeTLSALPN01
		app.TLSALPN = app.TLSALPN || alpn
		app.Variants = append(app.Variants, haproxy.Variant{Key: v.key, Domains: v.route.Domains,
			HealthCheckPath: v.route.HealthCheckPath, TLSALPN: alpn})
	}
	for i, d := range p.deployments {
		for _, m := range d.members {
			if p.serving < 0 && !m.retiring {
				continue
			}
			if s, ok := p.server(i, m); ok {
				v := &app.Variants[p.backendOf(i)]
				v.Servers = append(v.Servers, s)
			}
		}
	}
	for i := range app.Variants {
		ss := app.Variants[i].Servers
		sort.Slice(ss, func(a, b int) bool { return ss[a].Name < ss[b].Name })
	}
	return app
}
