package labels

import (
	"errors"
	"regexp"
	"strings"
)

// containerName is a Docker container name.
var containerName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

// ValidateRollout checks a Rollout value.
func ValidateRollout(v string) error {
	if v != RolloutStartFirst && v != RolloutStopFirst {
		return errors.New("must be " + RolloutStartFirst + " or " + RolloutStopFirst)
	}
	return nil
}

// ValidateContainerNames checks a comma-separated list of container names,
// the value of Replaces.
func ValidateContainerNames(v string) error {
	for _, n := range strings.Split(v, ",") {
		if !containerName.MatchString(n) {
			return errors.New("must be container names separated by commas, without spaces")
		}
	}
	return nil
}

// splitNames splits a comma-separated list; "" is none.
func splitNames(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}
