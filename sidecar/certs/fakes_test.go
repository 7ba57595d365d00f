package certs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/haloydev/haloy/acme"
	"github.com/haloydev/haloy/routing"
	"github.com/haloydev/haloy/sidecar/observe"
	"github.com/haloydev/haloy/wire/certstatus"
)

// fakeRuntime is an in-memory HAProxy runtime API that records commands.
type fakeRuntime struct {
	mu      sync.Mutex
	certs   map[string]string // path -> fingerprint
	crtList []string
	acl     []string
	calls   []string
	refuse  string // a command prefix to refuse
	down    bool   // every call fails like a missing socket
}

func newFakeRuntime() *fakeRuntime { return &fakeRuntime{certs: map[string]string{}} }

func (f *fakeRuntime) call(cmd string) error {
	f.calls = append(f.calls, cmd)
	if f.down {
		return &net.OpError{Op: "dial", Net: "unix", Err: fmt.Errorf("no such file")}
	}
	if f.refuse != "" && strings.HasPrefix(cmd, f.refuse) {
		return fmt.Errorf("refused %s", cmd)
	}
	return nil
}

func (f *fakeRuntime) SetCertificate(_ context.Context, path string, bundle []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.call("set " + path); err != nil {
		return err
	}
	f.certs[path], _ = fingerprint(bundle)
	return nil
}

func (f *fakeRuntime) CertificateFingerprint(_ context.Context, path string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return "", f.call("show " + path)
	}
	return f.certs[path], nil
}

func (f *fakeRuntime) CrtListEntries(context.Context, string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return nil, f.call("show crt-list")
	}
	return slices.Clone(f.crtList), nil
}

func (f *fakeRuntime) AddCrtListEntry(_ context.Context, _, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.call("add crt-list " + path); err != nil {
		return err
	}
	f.crtList = append(f.crtList, path)
	return nil
}

func (f *fakeRuntime) DelCrtListEntry(_ context.Context, _, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.call("del crt-list " + path); err != nil {
		return err
	}
	f.crtList = slices.DeleteFunc(f.crtList, func(s string) bool { return s == path })
	return nil
}

func (f *fakeRuntime) DeleteCertificate(_ context.Context, path string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if slices.Contains(f.crtList, path) {
		return fmt.Errorf("certificate %s in use, can't be deleted", path)
	}
	if err := f.call("del cert " + path); err != nil {
		return err
	}
	delete(f.certs, path)
	return nil
}

func (f *fakeRuntime) ACLEntries(context.Context, string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return nil, f.call("show acl")
	}
	return slices.Clone(f.acl), nil
}

func (f *fakeRuntime) AddACLEntry(_ context.Context, _, v string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.call("add acl " + v); err != nil {
		return err
	}
	f.acl = append(f.acl, v)
	return nil
}

func (f *fakeRuntime) DelACLEntry(_ context.Context, _, v string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.call("del acl " + v); err != nil {
		return err
	}
	f.acl = slices.DeleteFunc(f.acl, func(s string) bool { return s == v })
	return nil
}

// takeCalls returns the recorded commands and forgets them.
func (f *fakeRuntime) takeCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.calls
	f.calls = nil
	return c
}

// fakeReloader counts reloads.
type fakeReloader struct{ n int }

func (r *fakeReloader) Reload(context.Context) error { r.n++; return nil }

// observer plays the reconcile loop: each change of the containers is a
// pass, published as the real loop publishes it (routing.BuildWith with
// the given domain owners), with HAProxy taking every model.
type observer struct {
	feed    observe.Feed
	mu      sync.Mutex
	cs      []routing.Container
	owners  routing.Owners
	pass    int
	reloads int // HAProxy reloads the observed loop made
	// holdTLSALPN keeps HAProxy's TLS-ALPN-01 layout out, as while it is
	// being applied.
	holdTLSALPN bool
}

// set observes exactly cs from now on.
func (o *observer) set(cs ...routing.Container) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cs = slices.Clone(cs)
	o.publish()
}

// add observes c too from now on.
func (o *observer) add(c routing.Container) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.cs = append(o.cs, c)
	o.publish()
}

// again publishes a pass over the same containers.
func (o *observer) again() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.publish()
}

// reloaded publishes a pass over the same containers that reloaded HAProxy.
func (o *observer) reloaded() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reloads++
	o.publish()
}

// publish publishes an applied pass over o.cs; o.mu must be held.
func (o *observer) publish() {
	res := routing.BuildWith(o.cs, routing.Input{Owners: o.owners})
	o.pass++
	o.feed.Publish(observe.Snapshot{Pass: o.pass, Containers: len(o.cs), Routing: res,
		TLSALPNRouted: res.Model.TLSALPN() && !o.holdTLSALPN, Applied: true, Reloads: o.reloads})
}

// restart forgets every certificate and crt-list entry, as a new HAProxy
// process that read the files before they were written would.
func (f *fakeRuntime) restart() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.certs, f.crtList = map[string]string{}, nil
}

// fakeIssuer hands out self-signed certificates, or fails for some domains.
type fakeIssuer struct {
	mu       sync.Mutex
	now      func() time.Time
	lifetime time.Duration
	certs    map[string]*acme.Certificate
	fail     map[string]string // domain -> error text
	status   map[string]certstatus.Domain
	renewed  []string
	requests []acme.Request
	slow     map[string]chan struct{} // domain -> closed when its order may finish
	held     map[string]*acme.HeldBackError
}

func newFakeIssuer(now func() time.Time) *fakeIssuer {
	return &fakeIssuer{now: now, lifetime: 90 * 24 * time.Hour, certs: map[string]*acme.Certificate{},
		fail: map[string]string{}, status: map[string]certstatus.Domain{}, slow: map[string]chan struct{}{},
		held: map[string]*acme.HeldBackError{}}
}

func (f *fakeIssuer) Ensure(_ context.Context, req acme.Request) (acme.Result, error) {
	return f.obtain(req, false)
}

func (f *fakeIssuer) Renew(_ context.Context, req acme.Request) (acme.Result, error) {
	return f.obtain(req, true)
}

func (f *fakeIssuer) obtain(req acme.Request, force bool) (acme.Result, error) {
	f.mu.Lock()
	wait := f.slow[req.Canonical]
	f.mu.Unlock()
	if wait != nil {
		<-wait
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, req)
	res := acme.Result{Domain: req.Canonical, Certificate: f.certs[req.Canonical]}
	if hb := f.held[req.Canonical]; hb != nil {
		return res, fmt.Errorf("certificate for %s: %w", req.Canonical, hb)
	}
	if msg, ok := f.fail[req.Canonical]; ok {
		st := f.status[req.Canonical]
		st.Domain, st.Failures, st.LastError = req.Canonical, st.Failures+1, msg
		st.NextAttempt = f.now().Add(10 * time.Minute)
		f.status[req.Canonical] = st
		return res, fmt.Errorf("obtaining certificate for %s: %s", req.Canonical, msg)
	}
	if res.Certificate != nil && !force {
		return res, nil
	}
	cert := selfSignedCert(append([]string{req.Canonical}, req.Aliases...), f.now(), f.lifetime)
	f.certs[req.Canonical] = cert
	f.status[req.Canonical] = certstatus.Domain{Domain: req.Canonical, Names: cert.Names(), NotAfter: cert.NotAfter()}
	if force {
		f.renewed = append(f.renewed, req.Canonical)
	}
	return acme.Result{Domain: req.Canonical, Certificate: cert, Obtained: true}, nil
}

func (f *fakeIssuer) Current(domain string) *acme.Certificate {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.certs[domain]
}

func (f *fakeIssuer) Status() []certstatus.Domain {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []certstatus.Domain
	for _, s := range f.status {
		out = append(out, s)
	}
	return out
}

// selfSignedCert is a parsed certificate for names valid from now for lifetime.
func selfSignedCert(names []string, now time.Time, lifetime time.Duration) *acme.Certificate {
	b, err := acme.SelfSigned(names)
	if err != nil {
		panic(err)
	}
	c, err := acme.ParseBundle(b)
	if err != nil {
		panic(err)
	}
	c.Leaf.NotBefore, c.Leaf.NotAfter = now, now.Add(lifetime) // only the schedule reads these
	return c
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
