package engine

import (
	"context"
	"errors"
	"sync"
)

// StopAndRemove stops the containers gracefully, all at once, and only
// then removes them. The stop signal is what tells the sidecar to drain
// their servers (no new requests) while they finish what is in flight; a
// container removed at once vanishes with its address while HAProxy may
// still send it requests, which then hang until the connect timeout.
func (e *Engine) StopAndRemove(ctx context.Context, cs []Container) error {
	errs := make([]error, len(cs))
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e.Stop(ctx, c.ID)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, c := range cs {
		if err := e.Remove(ctx, c.ID); err != nil {
			return err
		}
	}
	return nil
}
