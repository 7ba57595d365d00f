package acme

import (
	"context"
	"errors"
	"time"

	"github.com/go-acme/lego/v5/acme/api"
)

// refreshRenewalInfo asks the CA for the renewal window of cert (ACME
// Renewal Information), picks the moment to renew inside it, and saves
// meta. Errors are logged: the RenewBefore margin then applies, and the
// CA is asked again after renewalInfoErrorPoll.
func (m *Manager) refreshRenewalInfo(ctx context.Context, req Request, cert *Certificate, meta Metadata) Metadata {
	now := m.cfg.Now()
	err := m.fetchRenewalInfo(ctx, req, cert, &meta, now)
	switch {
	case errors.Is(err, api.ErrNoARI):
		meta.RenewalWindow, meta.RenewAt = nil, time.Time{}
		meta.RenewalInfoAfter = now.Add(renewalInfoMaxPoll)
	case err != nil:
		m.cfg.Logger.Warn("fetching renewal information", "domain", meta.Domain, "error", err)
		meta.RenewalInfoAfter = now.Add(renewalInfoErrorPoll)
	}
	if err := m.cfg.Store.SaveMetadata(meta); err != nil {
		m.cfg.Logger.Error("saving certificate metadata", "domain", meta.Domain, "error", err)
	}
	return meta
}

// fetchRenewalInfo gets the renewal window of cert and records it in meta.
func (m *Manager) fetchRenewalInfo(ctx context.Context, req Request, cert *Certificate, meta *Metadata, now time.Time) error {
	client, err := m.client(ctx, req)
	if err != nil {
		return err
	}
	info, err := client.Certificate.GetRenewalInfo(ctx, cert.Leaf)
	if err != nil {
		return err
	}
	w := Window{Start: info.SuggestedWindow.Start, End: info.SuggestedWindow.End}
	*meta = withRenewalWindow(*meta, w, now.Add(renewalInfoPoll(info.RetryAfter)))
	return nil
}

// withRenewalWindow records window w in meta. The chosen renewal moment
// is kept while the window stays the same, and chosen anew when it moves.
func withRenewalWindow(meta Metadata, w Window, nextPoll time.Time) Metadata {
	old := meta.RenewalWindow
	if old == nil || !old.Start.Equal(w.Start) || !old.End.Equal(w.End) || meta.RenewAt.IsZero() {
		meta.RenewAt = chooseRenewAt(w)
	}
	meta.RenewalWindow = &w
	meta.RenewalInfoAfter = nextPoll
	return meta
}
