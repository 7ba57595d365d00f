package haproxy

import "strconv"

// Kinds of the per-app ACLs. An app's ACL is named "<kind>.<app>" (and
// "<kind>.<app>.<n>" for the aliases of its n-th domain). App names are
// lower-case letters, digits, '-' and '_' only (labels.ValidateAppName),
// so they never contain the '.' separator: the kind, the app and the
// index can always be read back from the name, which makes the naming
// injective. No two apps, and no app and a fixed ACL (acme_challenge,
// has_cert, known_host, which have no '.'), can share an ACL name,
// however the app names are chosen ("shop" and "shop_wild", "a_b" and "a-b").
const (
	aclHost      = "host"      // the app's exact canonical hosts
	aclHostWild  = "host_wild" // the app's wildcard hosts
	aclAlias     = "alias"     // exact aliases of one domain
	aclAliasWild = "alias_wild"
	// aclServes matches while the serving map names one variant's backend.
	aclServes = "serves"
)

// An app with variants names its ACLs "<kind>.<app>.<key>" (and
// "<kind>.<app>.<key>.<n>"): keys start with 'v' and contain no '.', so
// they are never read as a domain index, and the naming stays injective.

// aclName names the ACL of kind for app; index >= 0 adds a domain index.
func aclName(kind, app string, index int) string {
	name := kind + "." + app
	if index >= 0 {
		name += "." + strconv.Itoa(index)
	}
	return name
}
