package acme

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"
)

// SelfSignedValidity is the lifetime of SelfSigned certificates.
const SelfSignedValidity = 90 * 24 * time.Hour

// SelfSigned generates a self-signed certificate for names (the first is
// the common name) with a fresh ECDSA P-256 key, and returns the PEM
// bundle (certificate, then key) HAProxy can serve until a real
// certificate exists. Nothing is written to disk.
func SelfSigned(names []string) ([]byte, error) {
	now := time.Now()
	return selfSigned(names, now.Add(-time.Hour), now.Add(SelfSignedValidity))
}

// selfSigned generates a self-signed bundle valid from notBefore to notAfter.
func selfSigned(names []string, notBefore, notAfter time.Time) ([]byte, error) {
	if len(names) == 0 {
		return nil, errors.New("self-signed certificate: no names")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("self-signed certificate: generating key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("self-signed certificate: serial number: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: names[0], Organization: []string{"Haloy self-signed"}},
		DNSNames:              names,
		NotBefore:             notBefore,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("self-signed certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("self-signed certificate: encoding key: %w", err)
	}
	bundle := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return append(bundle, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})...), nil
}
