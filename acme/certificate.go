package acme

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// Certificate is a parsed PEM bundle: certificate chain and private key.
type Certificate struct {
	// Bundle is the PEM text: the leaf, its chain, then the private key.
	Bundle []byte
	// Leaf is the parsed end-entity certificate.
	Leaf *x509.Certificate
	// Chain holds the DER certificates of the bundle, leaf first.
	Chain [][]byte
}

// Names returns the DNS names the certificate covers.
func (c *Certificate) Names() []string { return c.Leaf.DNSNames }

// NotAfter returns the certificate's expiry.
func (c *Certificate) NotAfter() time.Time { return c.Leaf.NotAfter }

// Issuer returns the issuer's common name, or its full name without one.
func (c *Certificate) Issuer() string {
	if c.Leaf.Issuer.CommonName != "" {
		return c.Leaf.Issuer.CommonName
	}
	return c.Leaf.Issuer.String()
}

// ParseBundle parses a PEM bundle and checks that it holds a certificate
// with DNS names and the private key matching it.
func ParseBundle(bundle []byte) (*Certificate, error) {
	pair, err := tls.X509KeyPair(bundle, bundle)
	if err != nil {
		return nil, fmt.Errorf("parsing certificate bundle: %w", err)
	}
	leaf := pair.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return nil, fmt.Errorf("parsing certificate bundle: %w", err)
		}
	}
	if len(leaf.DNSNames) == 0 {
		return nil, errors.New("parsing certificate bundle: the certificate has no DNS names")
	}
	return &Certificate{Bundle: bundle, Leaf: leaf, Chain: pair.Certificate}, nil
}
