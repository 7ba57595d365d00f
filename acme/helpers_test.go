package acme

import (
	legoacme "github.com/go-acme/lego/v5/acme"
	"testing"
	"time"
)

// testBundle returns a self-signed bundle for names valid from notBefore to notAfter.
func testBundle(t *testing.T, names []string, notBefore, notAfter time.Time) []byte {
	t.Helper()
	b, err := selfSigned(names, notBefore, notAfter)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// testCert returns a parsed self-signed certificate for names.
func testCert(t *testing.T, names []string, notBefore, notAfter time.Time) *Certificate {
	t.Helper()
	c, err := ParseBundle(testBundle(t, names, notBefore, notAfter))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// fakeClock is a settable clock for Config.Now.
type fakeClock struct{ t time.Time }

// Now returns the clock's time.
func (c *fakeClock) Now() time.Time { return c.t }

// Advance moves the clock forward by d.
func (c *fakeClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// legoAccount is lego's account registration type.
type legoAccount = legoacme.ExtendedAccount
