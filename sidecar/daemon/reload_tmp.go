package daemon

import (
	"context"
	"io"
	"net"
	"time"
)

// masterReload is a stand-in until haproxy.Master exists.
type masterReload struct{ socket string }

func (m masterReload) Reload(ctx context.Context) error {
	var d net.Dialer
	var c net.Conn
	var err error
	for i := 0; i < 20; i++ {
		if c, err = d.DialContext(ctx, "unix", m.socket); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	c.Write([]byte("reload\n"))
	io.ReadAll(c)
	return nil
}
