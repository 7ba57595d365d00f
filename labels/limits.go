package labels

import (
	"errors"
	"strconv"
	"time"
)

// Caps on one container's dev.haloy.* labels. Labels are untrusted input:
// Decode refuses a container over a cap before it does any per-label work,
// so a container with thousands of labels costs microseconds, not seconds.
const (
	// MaxLabels is the most dev.haloy.* labels one container may carry.
	// It fits the fixed labels plus MaxDomains names with room to spare.
	MaxLabels = 256
	// MaxDomains is the most names (canonical domains plus aliases) one
	// container, or one app in haloy.yaml, may route. Each name is a
	// certificate order and a line in HAProxy's host map; 100 domains with
	// an alias each still fit.
	MaxDomains = 200
	// MaxKeyBytes is the longest dev.haloy.* label key accepted.
	MaxKeyBytes = 128
	// MaxValueBytes is the longest dev.haloy.* label value accepted, but
	// for Replaces.
	MaxValueBytes = 4096
	// MaxReplacesBytes is the longest Replaces value accepted: the CLI
	// lists there every old container a scale-down's last new replica
	// takes over from, and 64 KiB holds over 700 of the longest names.
	MaxReplacesBytes = 64 << 10
	// MaxEmailBytes is the longest ACME e-mail accepted (RFC 5321 path limit).
	MaxEmailBytes = 254
	// MaxDeploymentIDSkew is how far in the future a deployment id may lie:
	// a later id would sort after every real deployment for years.
	MaxDeploymentIDSkew = 5 * time.Minute
)

// ValidateDeploymentIDAt checks id like ValidateDeploymentID and that it is
// not later than now plus MaxDeploymentIDSkew.
func ValidateDeploymentIDAt(id string, now time.Time) error {
	if err := ValidateDeploymentID(id); err != nil {
		return err
	}
	t, _ := time.Parse(DeploymentIDLayout, id)
	if t.After(now.Add(MaxDeploymentIDSkew)) {
		return errors.New("lies in the future (later than now plus " + MaxDeploymentIDSkew.String() + ")")
	}
	return nil
}

// checkCaps reports the caps l breaks, before any per-label work: the
// number of dev.haloy.* labels and of domain labels, then each key and
// value length. It stops
// at the first broken cap of each kind so the report stays short.
func checkCaps(l map[string]string) LabelErrors {
	n, domains, longKey, longValue := 0, 0, "", ""
	for k, v := range l {
		if !hasPrefix(k) {
			continue
		}
		n++
		if len(k) > len(DomainPrefix) && k[:len(DomainPrefix)] == DomainPrefix {
			domains++
		}
		if len(k) > MaxKeyBytes && (longKey == "" || k < longKey) {
			longKey = k
		}
		if len(v) > maxValueBytes(k) && (longValue == "" || k < longValue) {
			longValue = k
		}
	}
	var errs LabelErrors
	if n > MaxLabels {
		errs = append(errs, &LabelError{Label: Prefix + "*",
			Reason: "are " + strconv.Itoa(n) + " labels, more than the " + strconv.Itoa(MaxLabels) + " allowed per container",
			Hint:   "remove the dev.haloy.* labels Haloy does not know"})
	}
	if domains > MaxDomains {
		errs = append(errs, &LabelError{Label: DomainPrefix + "*",
			Reason: "are " + strconv.Itoa(domains) + " domains and aliases, more than the " + strconv.Itoa(MaxDomains) + " allowed per container",
			Hint:   "split the names over several apps"})
	}
	if longKey != "" {
		errs = append(errs, &LabelError{Label: longKey[:MaxKeyBytes] + "...",
			Reason: "is a key longer than " + strconv.Itoa(MaxKeyBytes) + " bytes", Hint: "remove the label"})
	}
	if longValue != "" {
		errs = append(errs, &LabelError{Label: longValue, Value: l[longValue][:64] + "...",
			Reason: "is longer than " + strconv.Itoa(maxValueBytes(longValue)) + " bytes", Hint: "shorten the value"})
	}
	return errs
}

// maxValueBytes is the longest value accepted for label key.
func maxValueBytes(key string) int {
	if key == Replaces {
		return MaxReplacesBytes
	}
	return MaxValueBytes
}

func hasPrefix(k string) bool { return len(k) >= len(Prefix) && k[:len(Prefix)] == Prefix }
