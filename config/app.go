package config

// App is one application as haloy.yaml describes it, after defaults are applied.
type App struct {
	// Name is the app's unique name; it names the Compose project and HAProxy backend.
	Name string `yaml:"name" json:"name"`
	// Source says where the image comes from.
	Source Source `yaml:"source" json:"source"`
	// Domains are the canonical domains with their aliases.
	Domains []Domain `yaml:"domains" json:"domains"`
	// ACMEEmail is the ACME account e-mail for this app's certificates.
	ACMEEmail string `yaml:"acmeEmail,omitempty" json:"acmeEmail,omitempty"`
	// ACMEChallenge is how the CA validates the app's domains: http-01
	// (port 80, the default when empty), tls-alpn-01 (port 443) or dns-01
	// (a TXT record made through ACMEDNSProvider; needed for wildcards).
	ACMEChallenge string `yaml:"acmeChallenge,omitempty" json:"acmeChallenge,omitempty"`
	// ACMEDNSProvider is the DNS provider of a dns-01 app (see
	// labels.DNSProviders). Its credentials are given to the sidecar, never here.
	ACMEDNSProvider string `yaml:"acmeDNSProvider,omitempty" json:"acmeDNSProvider,omitempty"`
	// Env are the container's environment variables.
	Env []EnvVar `yaml:"env,omitempty" json:"env,omitempty"`
	// DeploymentsToKeep is how many deployments are kept for rollback.
	DeploymentsToKeep int `yaml:"deploymentsToKeep" json:"deploymentsToKeep,omitzero"`
	// Port is the container port HAProxy routes to.
	Port string `yaml:"port" json:"port,omitzero"`
	// Replicas is how many containers serve the app.
	Replicas int `yaml:"replicas" json:"replicas,omitzero"`
	// Volumes are Docker volume mounts in the short "source:target[:mode]" form.
	Volumes []string `yaml:"volumes,omitempty" json:"volumes,omitempty"`
	// HealthCheckPath is probed with HTTP GET (any 2xx is healthy) when the
	// image has no HEALTHCHECK.
	HealthCheckPath string `yaml:"healthCheckPath" json:"healthCheckPath,omitzero"`
	// HealthTimeout is how long a new deployment (or one batch of it) may
	// take to become ready before the deploy gives up on it.
	HealthTimeout Duration `yaml:"healthTimeout" json:"healthTimeout,omitzero"`
	// DrainTimeout is how long replaced replicas get to finish in-flight
	// requests after they stop taking new ones, before they are stopped.
	DrainTimeout Duration `yaml:"drainTimeout" json:"drainTimeout,omitzero"`
	// StopGracePeriod is how long a container gets between SIGTERM and
	// SIGKILL when it is stopped.
	StopGracePeriod Duration `yaml:"stopGracePeriod" json:"stopGracePeriod,omitzero"`
	// Update says how a deploy replaces the running replicas.
	Update Update `yaml:"update" json:"update,omitzero"`
	// PreDeploy are shell commands run before the deploy, in the file's folder.
	PreDeploy []string `yaml:"preDeploy,omitempty" json:"preDeploy,omitempty"`
	// PostDeploy are shell commands run after a successful deploy.
	PostDeploy []string `yaml:"postDeploy,omitempty" json:"postDeploy,omitempty"`
}

// Source is where an app's image comes from.
type Source struct {
	// Image names the image.
	Image Image `yaml:"image" json:"image"`
}

// Image is a repository and tag, e.g. my-org/my-app and 1.2.0.
type Image struct {
	// Repository is the image name without tag.
	Repository string `yaml:"repository" json:"repository"`
	// Tag is the image tag (default "latest").
	Tag string `yaml:"tag" json:"tag,omitzero"`
}

// Ref returns "repository:tag".
func (i Image) Ref() string {
	return i.Repository + ":" + i.Tag
}

// Domain is a canonical domain and the aliases redirected to it. In YAML it
// is either a plain string or {domain, aliases}.
type Domain struct {
	// Domain is the canonical host name.
	Domain string `yaml:"domain" json:"domain"`
	// Aliases are redirected (301) to Domain.
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty"`
}

// EnvVar is one environment variable: a plain Value or a SecretName to be
// resolved from the encrypted secrets store at deploy time.
type EnvVar struct {
	// Name is the variable's name.
	Name string `yaml:"name" json:"name"`
	// Value is a plain-text value.
	Value string `yaml:"value,omitempty" json:"value,omitempty"`
	// SecretName names a stored secret whose value is used.
	SecretName string `yaml:"secretName,omitempty" json:"secretName,omitempty"`
}
