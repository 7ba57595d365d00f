package routing

// Owners returns the app owning a host name, if it has one. Build refuses
// an owned host to every other app, whichever of them is older.
type Owners func(host string) (app string, owned bool)

// Option changes how Build settles claims.
type Option func(*buildOptions)

type buildOptions struct {
	owners Owners
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
