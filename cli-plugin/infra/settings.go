package infra

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/compose-spec/compose-go/v2/types"
	"github.com/haloydev/haloy/rollout/project"
)

// SettingsLabel is the sidecar container's label recording the settings
// init ran with (Options as JSON), so that a re-run changes only what its
// flags ask for. It is outside the dev.haloy. namespace, which the sidecar
// reads as routing labels.
const SettingsLabel = "dev.haloy-init.settings"

// Recorded is what the sidecar container records of the init that
// started it.
type Recorded struct {
	// Options are the settings applied (defaults filled in).
	Options Options `json:"options"`
	// Explicit are the flags given on a command line, now or by an
	// earlier run: a re-run keeps their values; every other setting takes
	// this release's default (so an upgrade moves to its sidecar image).
	Explicit []string `json:"explicit"`
}

// withSettings records o on the sidecar service.
func withSettings(svc *types.ServiceConfig, o Options) {
	data, err := json.Marshal(Recorded{Options: o, Explicit: o.Explicit})
	if err != nil {
		panic(fmt.Sprintf("infra: encoding settings: %v", err)) // Options always encode
	}
	if svc.Labels == nil {
		svc.Labels = types.Labels{}
	}
	svc.Labels[SettingsLabel] = string(data)
}

// RecordedSettings decodes the settings recorded in the sidecar
// container's labels; ok is false when none are (no installation, or
// one made by a release that did not record them).
func RecordedSettings(containerLabels map[string]string) (r Recorded, ok bool, err error) {
	raw, found := containerLabels[SettingsLabel]
	if !found {
		return Recorded{}, false, nil
	}
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return Recorded{}, false, fmt.Errorf("reading the recorded init settings (label %s): %w", SettingsLabel, err)
	}
	return r, true, nil
}

// Setting is one init flag and the Options field it sets.
type Setting struct {
	// Flag is the init flag's name.
	Flag string
	// get returns the field's value, printable.
	get func(*Options) any
	// copy sets the field in dst from src.
	copy func(dst, src *Options)
}

// Settings lists every init flag that maps to a recorded setting.
var Settings = []Setting{
	{"sidecar-image", func(o *Options) any { return o.SidecarImage }, func(d, s *Options) { d.SidecarImage = s.SidecarImage }},
	{"haproxy-image", func(o *Options) any { return o.HAProxyImage }, func(d, s *Options) { d.HAProxyImage = s.HAProxyImage }},
	{"publish-addr", func(o *Options) any { return o.PublishAddr }, func(d, s *Options) { d.PublishAddr = s.PublishAddr }},
	{"http-port", func(o *Options) any { return o.HTTPPort }, func(d, s *Options) { d.HTTPPort = s.HTTPPort }},
	{"https-port", func(o *Options) any { return o.HTTPSPort }, func(d, s *Options) { d.HTTPSPort = s.HTTPSPort }},
	{"acme-email", func(o *Options) any { return o.ACMEEmail }, func(d, s *Options) { d.ACMEEmail = s.ACMEEmail }},
	{"acme-ca", func(o *Options) any { return o.ACMECA }, func(d, s *Options) { d.ACMECA = s.ACMECA }},
	{"acme-ca-root", func(o *Options) any { return len(o.ACMECARoots) > 0 }, func(d, s *Options) { d.ACMECARoots = s.ACMECARoots }},
	{"api-domain", func(o *Options) any { return o.APIDomain }, func(d, s *Options) { d.APIDomain = s.APIDomain }},
	{"metrics-port", func(o *Options) any { return o.MetricsPort }, func(d, s *Options) { d.MetricsPort = s.MetricsPort }},
	{"trusted-proxies", func(o *Options) any { return o.TrustedProxies }, func(d, s *Options) { d.TrustedProxies = slices.Clone(s.TrustedProxies) }},
}

// MergeSettings returns the settings a re-run applies: each flag given
// now (changed reports whether it is on the command line), else its
// recorded value when an earlier run was given it, else given's value
// (the flag's default). Explicit becomes given's (the flags on this
// command line) plus the recorded ones kept.
func MergeSettings(recorded Recorded, given Options, changed func(flag string) bool) Options {
	out := given
	out.Explicit = slices.Clone(given.Explicit)
	for _, s := range Settings {
		if !changed(s.Flag) && slices.Contains(recorded.Explicit, s.Flag) {
			s.copy(&out, &recorded.Options)
			if !slices.Contains(out.Explicit, s.Flag) {
				out.Explicit = append(out.Explicit, s.Flag)
			}
		}
	}
	return out
}

// ExplicitFlags lists the settings' flags that changed reports as given.
func ExplicitFlags(changed func(flag string) bool) []string {
	var out []string
	for _, s := range Settings {
		if changed(s.Flag) {
			out = append(out, s.Flag)
		}
	}
	return out
}

// Change is one setting a re-run changes.
type Change struct {
	// Flag names the setting.
	Flag string
	// From and To are the old and the new value.
	From, To any
}

// Changes lists the settings that differ between from and to.
func Changes(from, to Options) []Change {
	from.Normalize()
	to.Normalize()
	var out []Change
	for _, s := range Settings {
		if a, b := s.get(&from), s.get(&to); fmt.Sprint(a) != fmt.Sprint(b) {
			out = append(out, Change{Flag: s.Flag, From: a, To: b})
		}
	}
	return out
}

// Replaced lists the services ("sidecar", "guard", "haproxy") whose
// container a change from one set of settings to the other replaces.
func Replaced(from, to Options) []string {
	pf, pt := Project(from), Project(to)
	var out []string
	for _, name := range []string{"sidecar", "guard", "haproxy"} {
		if serviceHash(pf, name) != serviceHash(pt, name) {
			out = append(out, name)
		}
	}
	return out
}

func serviceHash(p *types.Project, name string) string {
	svc := p.Services[name]
	return project.ContainerLabels(p, svc, 1)[project.ConfigHashLabel] + " " + svc.Image
}
