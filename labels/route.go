package labels

// Route is what the labels of one application container say about routing it.
type Route struct {
	// AppName groups replicas and names the HAProxy backend.
	AppName string
	// DeploymentID is the deployment the container belongs to ("" for plain Compose).
	DeploymentID string
	// Port is the container port traffic goes to.
	Port string
	// HealthCheckPath is the HTTP path probed when the image has no HEALTHCHECK.
	HealthCheckPath string
	// ACMEEmail is the ACME account e-mail ("" means the sidecar's default).
	ACMEEmail string
	// ACMEChallenge is the ACME challenge for the app's certificates ("" means
	// ChallengeHTTP01; see Challenge).
	ACMEChallenge string
	// ACMEDNSProvider is the DNS provider of a ChallengeDNS01 app ("" otherwise).
	ACMEDNSProvider string
	// Domains are the canonical domains, in label index order, with their aliases.
	Domains []Domain
	// Rollout is RolloutStartFirst or RolloutStopFirst for a container of a
	// batched rolling update, else "".
	Rollout string
	// Replaces names the containers this one takes over from in a rolling update.
	Replaces []string
}

// Domain is a canonical domain and the aliases that redirect to it.
type Domain struct {
	// Canonical is the name the app is served under.
	Canonical string `json:"canonical"`
	// Aliases are redirected (301) to Canonical.
	Aliases []string `json:"aliases,omitempty"`
}

// Names returns the canonical domain followed by its aliases.
func (d Domain) Names() []string {
	return append([]string{d.Canonical}, d.Aliases...)
}
