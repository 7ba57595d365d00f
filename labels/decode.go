package labels

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/haloydev/haloy/internal/suggest"
)

// fixedLabels are the dev.haloy.* labels other than the numbered domain ones.
var fixedLabels = []string{Role, AppName, DeploymentID, Port, HealthCheckPath, ACMEEmail, ACMEChallenge, ACMEDNSProvider, Rollout, Replaces}

// IsHaloy reports whether a container carries any dev.haloy.* label
// (other than a deploy lock's, see Lock), and so must either decode
// cleanly or be reported: a missing or mistyped dev.haloy.role included.
func IsHaloy(l map[string]string) bool {
	for k := range l {
		if strings.HasPrefix(k, Prefix) && k != Lock && !strings.HasPrefix(k, Lock+".") {
			return true
		}
	}
	return false
}

// Decode reads and validates the dev.haloy.* labels of one container. Labels
// outside the dev.haloy. prefix are ignored. On failure it returns
// LabelErrors listing every problem, each with a hint. A container over a
// cap (see MaxLabels) is refused before its labels are read one by one.
func Decode(l map[string]string) (Route, error) {
	if errs := checkCaps(l); len(errs) > 0 {
		return Route{}, errs
	}
	d := decoder{labels: l}
	r := Route{
		AppName:         d.required(AppName, ValidateAppName, "set it to the app's name, e.g. my-app"),
		DeploymentID:    d.optional(DeploymentID, "", ValidateDeploymentID),
		Port:            d.optional(Port, DefaultPort, ValidatePort),
		HealthCheckPath: d.optional(HealthCheckPath, DefaultHealthCheckPath, ValidateHealthCheckPath),
		ACMEEmail:       d.optional(ACMEEmail, "", ValidateEmail),
		ACMEChallenge:   d.acmeChallenge(),
		ACMEDNSProvider: d.acmeDNSProvider(),
		Rollout:         d.optional(Rollout, "", ValidateRollout),
		Replaces:        splitNames(d.optional(Replaces, "", ValidateContainerNames)),
	}
	d.checkRole()
	r.Domains = d.domains()
	d.checkUnknown()
	if len(d.errs) > 0 {
		sort.SliceStable(d.errs, func(i, j int) bool { return d.errs[i].Label < d.errs[j].Label })
		return Route{}, d.errs
	}
	return r, nil
}

type decoder struct {
	labels map[string]string
	errs   LabelErrors
}

func (d *decoder) fail(label, reason, hint string) {
	d.errs = append(d.errs, &LabelError{Label: label, Value: d.labels[label], Reason: reason, Hint: hint})
}

func (d *decoder) required(key string, validate func(string) error, hint string) string {
	v, ok := d.labels[key]
	if !ok {
		d.fail(key, "is missing", hint)
		return ""
	}
	if err := validate(v); err != nil {
		d.fail(key, err.Error(), hint)
	}
	return v
}

func (d *decoder) optional(key, def string, validate func(string) error) string {
	v, ok := d.labels[key]
	if !ok {
		return def
	}
	if err := validate(v); err != nil {
		d.fail(key, err.Error(), "fix the value or remove the label to use the default")
	}
	return v
}

func (d *decoder) checkRole() {
	v, ok := d.labels[Role]
	switch {
	case !ok:
		d.fail(Role, "is missing", "add dev.haloy.role=app to route this container")
	case v != RoleApp:
		d.fail(Role, "is not a known role", "use dev.haloy.role=app")
	}
}

// domains collects dev.haloy.domain.<i> and .alias.<j> labels in index order.
// A route needs at least one domain, and no name may appear twice.
func (d *decoder) domains() []Domain {
	byIndex, aliases := d.domainLabels()
	for i, as := range aliases {
		dom, ok := byIndex[i]
		if _, set := d.labels[DomainLabel(i)]; !ok && set {
			continue // the invalid domain label is reported already
		}
		if !ok {
			for j := range as {
				d.fail(AliasLabel(i, j), "is an alias of a domain that is not set", "add "+DomainLabel(i)+" with the canonical domain")
			}
			continue
		}
		dom.Aliases = valuesInKeyOrder(as)
	}
	if !d.hasDomainLabel() {
		d.fail(DomainLabel(0), "is missing", "add "+DomainLabel(0)+"=app.example.com: an app without a domain cannot be routed")
	}
	d.checkRepeats(byIndex, aliases)
	out := make([]Domain, 0, len(byIndex))
	for _, i := range slices.Sorted(maps.Keys(byIndex)) {
		out = append(out, *byIndex[i])
	}
	return out
}

// hasDomainLabel reports whether any dev.haloy.domain.* label is set, valid or not.
func (d *decoder) hasDomainLabel() bool {
	for k := range d.labels {
		if strings.HasPrefix(k, DomainPrefix) {
			return true
		}
	}
	return false
}

// domainLabels reads the valid domain labels into canonical domains by index
// and aliases by domain index and alias index.
func (d *decoder) domainLabels() (map[int]*Domain, map[int]map[int]string) {
	byIndex := map[int]*Domain{}
	aliases := map[int]map[int]string{}
	for k, v := range d.labels {
		if !strings.HasPrefix(k, DomainPrefix) {
			continue
		}
		i, j, ok := parseDomainKey(k)
		if !ok {
			d.fail(k, "is not a domain label", "use dev.haloy.domain.<i> or dev.haloy.domain.<i>.alias.<j> with numbers i and j")
			continue
		}
		if err := ValidateDomain(v); err != nil {
			d.fail(k, err.Error(), "use a lower-case host name such as app.example.com")
			continue
		}
		if j < 0 {
			byIndex[i] = &Domain{Canonical: v}
			continue
		}
		if aliases[i] == nil {
			aliases[i] = map[int]string{}
		}
		aliases[i][j] = v
	}
	return byIndex, aliases
}

// checkRepeats reports every domain or alias label, in index order, whose
// name an earlier one already holds. Aliases of unset domains are skipped:
// they are reported already.
func (d *decoder) checkRepeats(byIndex map[int]*Domain, aliases map[int]map[int]string) {
	seen := map[string]string{}
	note := func(label, name string) {
		if first, ok := seen[name]; ok {
			d.fail(label, "repeats the name of "+first, "list each name once")
			return
		}
		seen[name] = label
	}
	for _, i := range slices.Sorted(maps.Keys(byIndex)) {
		note(DomainLabel(i), byIndex[i].Canonical)
		for _, j := range slices.Sorted(maps.Keys(aliases[i])) {
			note(AliasLabel(i, j), aliases[i][j])
		}
	}
}

// parseDomainKey splits dev.haloy.domain.<i>[.alias.<j>]; j is -1 for a canonical domain.
func parseDomainKey(key string) (i, j int, ok bool) {
	rest := strings.TrimPrefix(key, DomainPrefix)
	idx, alias, hasAlias := strings.Cut(rest, ".alias.")
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 || strconv.Itoa(i) != idx {
		return 0, 0, false
	}
	if !hasAlias {
		return i, -1, true
	}
	j, err = strconv.Atoi(alias)
	if err != nil || j < 0 || strconv.Itoa(j) != alias {
		return 0, 0, false
	}
	return i, j, true
}

// checkUnknown reports dev.haloy.* labels that are not part of the contract.
func (d *decoder) checkUnknown() {
	for k := range d.labels {
		if !strings.HasPrefix(k, Prefix) || strings.HasPrefix(k, DomainPrefix) || isFixed(k) {
			continue
		}
		hint := "remove it; known labels are " + strings.Join(fixedLabels, ", ") + " and " + DomainPrefix + "<i>"
		if s := suggest.Closest(k, append(fixedLabels, DomainPrefix+"0")); s != "" {
			hint = "did you mean " + s + "?"
		}
		d.fail(k, "is not a Haloy label", hint)
	}
}

func isFixed(k string) bool {
	for _, f := range fixedLabels {
		if k == f {
			return true
		}
	}
	return false
}

func valuesInKeyOrder(m map[int]string) []string {
	out := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k])
	}
	return out
}
