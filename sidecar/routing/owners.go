package routing

import "github.com/haloydev/haloy/labels"

// Owners returns the app owning a host name, if it has one. Build refuses
// an owned host to every other app, whichever of them is older.
type Owners func(host string) (app string, owned bool)

// Option changes how Build settles claims.
type Option func(*buildOptions)

type buildOptions struct {
	owners        Owners
	reservedApp   string
	reservedOwner string
}

// WithReservedApp makes app the name of container only: any other
// container labelled as app is refused, so no label can join it.
func WithReservedApp(app, container string) Option {
	return func(b *buildOptions) { b.reservedApp, b.reservedOwner = app, container }
}

// impersonates reports a container other than the reserved app's own
// that is labelled as the reserved app.
func (b buildOptions) impersonates(c Container, r labels.Route) (Problem, bool) {
	if b.reservedApp == "" || r.AppName != b.reservedApp || c.Name == b.reservedOwner {
		return Problem{}, false
	}
	return Problem{
		Container: c.Name, App: r.AppName, Label: labels.AppName,
		Reason: "app name " + r.AppName + " is reserved for the sidecar's own api",
		Hint:   "give this container another dev.haloy.appName",
	}, true
}

// WithOwners makes Build give each owned host to its owner only.
func WithOwners(o Owners) Option {
	return func(b *buildOptions) { b.owners = o }
}

func options(opts []Option) buildOptions {
	var b buildOptions
	for _, o := range opts {
		o(&b)
	}
	return b
}

// ownedByOther returns host's owner when it is not app.
func ownedByOther(owners Owners, host, app string) (string, bool) {
	if owners == nil {
		return "", false
	}
	o, ok := owners(host)
	return o, ok && o != app
}

func ownedProblem(p appPlan, host, owner string) Problem {
	src := p.routeSource()
	return Problem{
		Container: src.Name,
		App:       p.name,
		Label:     domainLabelOf(src.Labels, host),
		Reason:    "domain " + host + " is owned by app " + owner,
		Hint: "remove " + host + " from " + p.name + "'s labels, or have it moved with `docker haloy domains transfer " +
			host + " " + p.name + "` (or freed with `docker haloy domains release " + host + "`)",
	}
}
