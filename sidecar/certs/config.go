package certs

import (
	"fmt"
	"net/url"

	"github.com/haloydev/haloy/acme"
)

// Values of init's --acme-ca besides a directory URL.
const (
	// CAProduction is Let's Encrypt's production CA (the default).
	CAProduction = "production"
	// CAStaging is Let's Encrypt's staging CA: untrusted certificates,
	// generous rate limits.
	CAStaging = "staging"
	// CANone turns ACME off: HTTPS serves the self-signed fallback only.
	CANone = "none"
)

// CA is the certificate authority the loop obtains certificates from.
type CA struct {
	// DirectoryURL is the ACME directory ("" when ACME is off).
	DirectoryURL string
	// Public is true for Let's Encrypt, which refuses reserved names
	// (.test, .localhost, ...): the loop does not ask it for them.
	Public bool
}

// ResolveCA turns an --acme-ca value (production, staging, none or an
// https:// directory URL) into a CA; "" means production.
func ResolveCA(value string) (CA, error) {
	switch value {
	case "", CAProduction:
		return CA{DirectoryURL: acme.LetsEncryptProduction, Public: true}, nil
	case CAStaging:
		return CA{DirectoryURL: acme.LetsEncryptStaging, Public: true}, nil
	case CANone:
		return CA{}, nil
	}
	u, err := url.Parse(value)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return CA{}, fmt.Errorf("ACME CA %q: want production, staging, none or an https:// directory URL", value)
	}
	public := value == acme.LetsEncryptProduction || value == acme.LetsEncryptStaging
	return CA{DirectoryURL: value, Public: public}, nil
}

// Enabled reports whether certificates are obtained at all.
func (c CA) Enabled() bool { return c.DirectoryURL != "" }
