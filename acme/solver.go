package acme

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	legoacme "github.com/go-acme/lego/v5/acme"
	"github.com/go-acme/lego/v5/acme/api"
	"github.com/go-acme/lego/v5/challenge"
)

// Polling of an authorization after its challenge was accepted: the first
// look after authzFirstPoll (or the CA's Retry-After), each next wait
// authzPollGrowth times longer, up to authzMaxPoll, for at most
// authzMaxWait.
const (
	authzFirstPoll  = 250 * time.Millisecond
	authzPollGrowth = 1.5
	authzMaxPoll    = 5 * time.Second
	authzMaxWait    = 2 * time.Minute
)

// parallelSolver validates an order's authorizations all at once with
// one challenge type (HTTP-01 or TLS-ALPN-01): for each it presents the
// key authorization, tells the CA to validate and polls the result, from
// authzFirstPoll on. lego's own resolver does the names one after the
// other and looks at each result only after 5 s when the CA sends no
// Retry-After (neither Pebble nor Let's Encrypt does), so a certificate
// for a domain and an alias took over 10 s. It satisfies the resolver
// that certificate.NewCertifier takes.
type parallelSolver struct {
	core     *api.Core
	typ      challenge.Type
	provider challenge.Provider
}

// Solve validates every authorization not yet valid, at the same time;
// it returns the failures of all names, each naming its domain.
func (s *parallelSolver) Solve(ctx context.Context, authzs []legoacme.Authorization) error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, authz := range authzs {
		if authz.Status == legoacme.StatusValid {
			continue // the CA reused a recent validation
		}
		wg.Go(func() {
			if err := s.solve(ctx, authz); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", challenge.GetTargetedDomain(authz), err))
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// solve presents authz's challenge, asks the CA to validate it, waits for
// the result and cleans up.
func (s *parallelSolver) solve(ctx context.Context, authz legoacme.Authorization) error {
	chlg, err := challenge.FindChallenge(s.typ, authz)
	if err != nil {
		return err
	}
	keyAuth, err := s.core.GetKeyAuthorization(chlg.Token)
	if err != nil {
		return fmt.Errorf("computing the key authorization: %w", err)
	}
	domain := authz.Identifier.Value
	if err := s.provider.Present(ctx, domain, chlg.Token, keyAuth); err != nil {
		return fmt.Errorf("presenting the %s challenge: %w", s.typ, err)
	}
	defer s.provider.CleanUp(context.WithoutCancel(ctx), domain, chlg.Token, keyAuth) //nolint:errcheck // nothing to do about it
	accepted, err := s.core.Challenges.New(ctx, chlg.URL)
	if err != nil {
		return fmt.Errorf("starting the %s challenge: %w", s.typ, err)
	}
	switch accepted.Status {
	case legoacme.StatusValid:
		return nil
	case legoacme.StatusInvalid:
		return fmt.Errorf("invalid challenge: %w", accepted.Err())
	}
	return s.await(ctx, accepted.AuthorizationURL, accepted.RetryAfter)
}

// await polls the authorization at url until the CA decided it; first
// after retryAfter when the CA gave one.
func (s *parallelSolver) await(ctx context.Context, url string, retryAfter time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, authzMaxWait)
	defer cancel()
	wait := authzFirstPoll
	if retryAfter > 0 {
		wait = retryAfter
	}
	for {
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("waiting for the CA to validate: %w", ctx.Err())
		case <-timer.C:
		}
		authz, err := s.core.Authorizations.Get(ctx, url)
		if err != nil {
			return fmt.Errorf("reading the authorization: %w", err)
		}
		if done, err := authzDecided(authz); done {
			return err
		}
		wait = min(time.Duration(float64(wait)*authzPollGrowth), authzMaxPoll)
	}
}

// authzDecided tells whether the CA decided authz, and the error if it
// did not validate it.
func authzDecided(authz legoacme.Authorization) (bool, error) {
	switch authz.Status {
	case legoacme.StatusPending, legoacme.StatusProcessing:
		return false, nil
	case legoacme.StatusValid:
		return true, nil
	case legoacme.StatusInvalid:
		for _, chlg := range authz.Challenges {
			if chlg.Status == legoacme.StatusInvalid && chlg.Error != nil {
				return true, fmt.Errorf("invalid authorization: %w", chlg.Err())
			}
		}
		return true, errors.New("invalid authorization")
	default:
		return true, fmt.Errorf("authorization is %s", authz.Status)
	}
}
