package infra

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// HAProxyAnswerTimeout bounds init's wait for HAProxy's first answer.
const HAProxyAnswerTimeout = 30 * time.Second

// AnswerAddr is the address where HAProxy's published HTTP port can be
// reached from this machine, given the engine's endpoint (DOCKER_HOST
// form): the engine's own host for ssh:// and tcp:// engines, else the
// publish address (127.0.0.1 when published on every address). local is
// false when the engine is remote, where a firewall may hide the port.
func AnswerAddr(dockerHost string, o Options) (addr string, local bool) {
	o.Normalize()
	host := o.PublishAddr
	if host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	local = true
	if u, err := url.Parse(dockerHost); err == nil && (u.Scheme == "ssh" || u.Scheme == "tcp") && u.Hostname() != "" {
		if o.PublishAddr == DefaultPublishAddr || o.PublishAddr == "::" {
			host = u.Hostname()
		}
		local = isLoopback(u.Hostname())
	}
	return net.JoinHostPort(host, strconv.Itoa(o.HTTPPort)), local
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// WaitAnswer waits until an HTTP request to addr gets an HTTP answer (any
// status: with no app routed HAProxy answers 404), trying every 50 ms.
// Accepting a connection is not enough: Docker's port proxy accepts
// before HAProxy listens, then closes without an answer.
func WaitAnswer(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for {
		if last = askOnce(ctx, addr); last == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no HTTP answer on %s within %s: %w", addr, timeout, last)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// askOnce sends one GET / on a fresh connection and reads the status line.
func askOnce(ctx context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	if _, err := fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: haloy-init.invalid\r\nConnection: close\r\n\r\n"); err != nil {
		return err
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return fmt.Errorf("reading the answer: %w", err)
	}
	resp.Body.Close()
	return nil
}
