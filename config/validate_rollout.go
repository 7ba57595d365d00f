package config

import (
	"fmt"
	"slices"
	"strings"
)

// validateRollout checks the timeouts and the update: settings.
func (a *App) validateRollout(s *site) {
	s.checkPositive("healthTimeout", a.HealthTimeout, "how long a new deployment may take to become ready, e.g. healthTimeout: 2m")
	s.checkPositive("drainTimeout", a.DrainTimeout, "how long replaced replicas may finish in-flight requests, e.g. drainTimeout: 30s")
	s.checkPositive("stopGracePeriod", a.StopGracePeriod, "how long a container may take to exit after SIGTERM, e.g. stopGracePeriod: 10s")
	u := a.Update
	if u.Parallelism < 0 {
		s.fail("update.parallelism", fmt.Sprintf("update.parallelism is %d", u.Parallelism), "use 0 to replace the whole deployment at once, or the number of replicas to replace at a time")
	}
	s.checkOneOf("update.order", u.Order, []string{OrderStartFirst, OrderStopFirst})
	s.checkOneOf("update.failureAction", u.FailureAction, []string{FailureRollback, FailurePause})
	if u.Order == OrderStopFirst && (u.Parallelism == 0 || u.Parallelism >= a.Replicas) {
		s.fail("update.order", fmt.Sprintf("update.order stop-first with parallelism %d stops all %d replica(s) at once, so nothing would serve", u.Parallelism, a.Replicas),
			"set update.parallelism below replicas (e.g. 1), or use order: start-first")
	}
}

func (s *site) checkPositive(field string, d Duration, hint string) {
	if d <= 0 {
		s.fail(field, fmt.Sprintf("%s is %s", field, d.D()), "use a positive duration: "+hint)
	}
}

func (s *site) checkOneOf(field, value string, allowed []string) {
	if !slices.Contains(allowed, value) {
		s.fail(field, fmt.Sprintf("%s %q is not one of %s", field, value, strings.Join(allowed, ", ")), "write "+lastKey(field)+": "+allowed[0]+" (the default) or "+strings.Join(allowed[1:], ", "))
	}
}
