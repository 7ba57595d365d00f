package follow

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/haloydev/haloy/sidecar/apply"
	"github.com/haloydev/haloy/sidecar/certs"
)

// HAProxy is a node-local HAProxy driven through its master and runtime
// sockets, with the leader's code: certificates through certs.Installer
// (files, crt-list, runtime API), then the model through apply.Applier
// (runtime API for servers, a master-socket reload for structure).
type HAProxy struct {
	// Applier applies models; Serve sets its Settings to the leader's.
	Applier *apply.Applier
	// Installer installs certificates.
	Installer *certs.Installer
	// Fallback is the self-signed bundle served without a certificate.
	Fallback []byte
}

// Serve installs st's certificates, then applies its model. Only the
// follower's goroutine calls it, so setting the applier's settings here
// does not race with an Apply.
func (h *HAProxy) Serve(ctx context.Context, st State) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := h.Installer.Install(ctx, h.Fallback, st.Certificates); err != nil {
		return err
	}
	h.Applier.Settings = st.Settings
	if _, err := h.Applier.Apply(ctx, st.Model); err != nil {
		return fmt.Errorf("applying the model: %w", err)
	}
	return nil
}

// MasterUp is the follower's apply.Validator. The follower renders the
// leader's model with the leader's settings, so its configuration is the
// one the leader's HAProxy validated already; it only tells the applier
// whether a HAProxy runs to reload (apply.ErrHAProxyDown: write the file
// for HAProxy to load when it starts). A reload that fails anyway leaves
// the old worker serving and the applier puts the old file back.
type MasterUp struct {
	// Socket is the master CLI socket's path.
	Socket string
}

// Validate reports apply.ErrHAProxyDown when the master socket does not answer.
func (v MasterUp) Validate(ctx context.Context, _ string) error {
	var d net.Dialer
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c, err := d.DialContext(ctx, "unix", v.Socket)
	if err != nil {
		return fmt.Errorf("%w: %v", apply.ErrHAProxyDown, err)
	}
	return c.Close()
}
