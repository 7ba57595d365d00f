package contract

// Environment variables init sets on the sidecar.
const (
	// EnvACMEEmail is the default ACME account e-mail.
	EnvACMEEmail = "HALOY_ACME_EMAIL"
	// EnvACMECA is the CA: production, staging, none or a directory URL.
	EnvACMECA = "HALOY_ACME_CA"
	// EnvACMECARoots holds PEM roots trusted for a custom CA's HTTPS API.
	EnvACMECARoots = "HALOY_ACME_CA_ROOTS"
)
