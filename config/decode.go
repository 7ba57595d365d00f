package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// decodeApp reads one app mapping, starting from the defaults, so that keys
// the file leaves out keep their default values.
func (s *site) decodeApp(n *yaml.Node) App {
	a := defaultApp()
	s.app = appName(n)
	s.mapping("", n, handlers{
		"name":              func(p string, v *yaml.Node) { a.Name = s.str(p, v) },
		"source":            func(p string, v *yaml.Node) { s.decodeSource(p, v, &a.Source) },
		"domains":           func(p string, v *yaml.Node) { a.Domains = s.decodeDomains(p, v) },
		"acmeEmail":         func(p string, v *yaml.Node) { a.ACMEEmail = s.str(p, v) },
		"acmeChallenge":     func(p string, v *yaml.Node) { a.ACMEChallenge = s.str(p, v) },
		"acmeDNSProvider":   func(p string, v *yaml.Node) { a.ACMEDNSProvider = s.str(p, v) },
		"env":               func(p string, v *yaml.Node) { a.Env = s.decodeEnv(p, v) },
		"deploymentsToKeep": func(p string, v *yaml.Node) { a.DeploymentsToKeep = s.number(p, v, a.DeploymentsToKeep) },
		"port":              func(p string, v *yaml.Node) { a.Port = s.str(p, v) },
		"replicas":          func(p string, v *yaml.Node) { a.Replicas = s.number(p, v, a.Replicas) },
		"volumes":           func(p string, v *yaml.Node) { a.Volumes = s.strs(p, v) },
		"healthCheckPath":   func(p string, v *yaml.Node) { a.HealthCheckPath = s.str(p, v) },
		"preDeploy":         func(p string, v *yaml.Node) { a.PreDeploy = s.strs(p, v) },
		"postDeploy":        func(p string, v *yaml.Node) { a.PostDeploy = s.strs(p, v) },
		"healthTimeout":     func(p string, v *yaml.Node) { a.HealthTimeout = s.duration(p, v, a.HealthTimeout) },
		"drainTimeout":      func(p string, v *yaml.Node) { a.DrainTimeout = s.duration(p, v, a.DrainTimeout) },
		"stopGracePeriod":   func(p string, v *yaml.Node) { a.StopGracePeriod = s.duration(p, v, a.StopGracePeriod) },
		"update":            func(p string, v *yaml.Node) { s.decodeUpdate(p, v, &a.Update) },
	})
	return a
}

// appName finds the app's name before decoding, so that every message about
// the app can name it, even one about a key written above name.
func appName(n *yaml.Node) string {
	if n = deref(n); n.Kind != yaml.MappingNode {
		return ""
	}
	for _, p := range pairs(n) {
		if v := deref(p.value); p.key.Value == "name" && v.Kind == yaml.ScalarNode {
			return v.Value
		}
	}
	return ""
}

func (s *site) decodeSource(path string, n *yaml.Node, src *Source) {
	s.mapping(path, n, handlers{
		"image": func(p string, v *yaml.Node) { s.decodeImage(p, v, &src.Image) },
	})
}

func (s *site) decodeImage(path string, n *yaml.Node, img *Image) {
	s.mapping(path, n, handlers{
		"repository": func(p string, v *yaml.Node) { img.Repository = s.str(p, v) },
		"tag":        func(p string, v *yaml.Node) { img.Tag = s.str(p, v) },
	})
}

// decodeDomains reads a list whose items are a host name or {domain, aliases}.
func (s *site) decodeDomains(path string, n *yaml.Node) []Domain {
	return list(s, path, n, func(p string, item *yaml.Node) Domain {
		if deref(item).Kind == yaml.ScalarNode {
			return Domain{Domain: s.str(p, item)}
		}
		return s.decodeDomain(p, item)
	})
}

func (s *site) decodeDomain(path string, n *yaml.Node) Domain {
	var d Domain
	s.mapping(path, n, handlers{
		"domain":  func(p string, v *yaml.Node) { d.Domain = s.str(p, v); s.lines[path] = s.lines[p] },
		"aliases": func(p string, v *yaml.Node) { d.Aliases = s.strs(p, v) },
	})
	return d
}

// decodeEnv reads the env list; each entry must set exactly one of value
// and secretName (an empty value counts as set).
// A list over MaxEnv is refused with one error, its entries unread.
func (s *site) decodeEnv(path string, n *yaml.Node) []EnvVar {
	if items := deref(n); items.Kind == yaml.SequenceNode && len(items.Content) > MaxEnv {
		reason, hint := envCapError(len(items.Content))
		s.failAt(items.Line, path, reason, hint)
		return nil
	}
	return list(s, path, n, s.decodeEnvVar)
}

func (s *site) decodeEnvVar(path string, n *yaml.Node) EnvVar {
	var e EnvVar
	set := map[string]bool{}
	s.mapping(path, n, handlers{
		"name":       func(p string, v *yaml.Node) { e.Name = s.str(p, v) },
		"value":      func(p string, v *yaml.Node) { e.Value = s.str(p, v); set["value"] = true },
		"secretName": func(p string, v *yaml.Node) { e.SecretName = s.str(p, v); set["secretName"] = true },
	})
	if deref(n).Kind != yaml.MappingNode || s.bad[path+".value"] || s.bad[path+".secretName"] {
		return e // reported already
	}
	switch {
	case set["value"] && set["secretName"]:
		s.failAt(s.lineOf(path), path, fmt.Sprintf("%s %q sets both value and secretName", path, e.Name), "keep one: value for plain text, secretName for a stored secret")
	case !set["value"] && !set["secretName"]:
		s.failAt(s.lineOf(path), path, fmt.Sprintf("%s %q sets neither value nor secretName", path, e.Name), "add value: ... or secretName: ...")
	}
	return e
}
