package routing

// Owners returns the app owning a host name, if it has one. BuildWith
// refuses an owned host to every other app, whichever of them is older.
type Owners func(host string) (app string, owned bool)

// ownedByOther returns host's owner when it is not app.
func ownedByOther(owners Owners, host, app string) (string, bool) {
	if owners == nil {
		return "", false
	}
	o, ok := owners(host)
	return o, ok && o != app
}

func ownedProblem(p appPlan, host, owner string) Problem {
	return claimProblem(p, host, "domain "+host+" is owned by app "+owner,
		"remove "+host+" from "+p.name+"'s labels, or have it moved with `docker haloy domains transfer "+
			host+" "+p.name+"` (or freed with `docker haloy domains release "+host+"`)")
}
