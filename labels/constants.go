package labels

// Prefix starts every Haloy label.
const Prefix = "dev.haloy."

// Lock starts the labels of the CLI's deploy lock containers
// (dev.haloy.lock, dev.haloy.lock.owner, ...). They are created, never
// started, and are not routing input: IsHaloy leaves them out.
const Lock = "dev.haloy.lock"

const (
	// Role marks a container's role; RoleApp ("app") containers are routed.
	Role = "dev.haloy.role"
	// AppName names the app: it groups replicas and names the HAProxy backend.
	AppName = "dev.haloy.appName"
	// DeploymentID is the YYYYMMDDHHMMSS id of the deployment a container
	// belongs to. Optional for containers started by plain Compose.
	DeploymentID = "dev.haloy.deployment-id"
	// Port is the container port HAProxy routes to (default DefaultPort).
	Port = "dev.haloy.port"
	// HealthCheckPath is the HTTP path probed for health (default
	// DefaultHealthCheckPath) when the image has no Docker HEALTHCHECK.
	HealthCheckPath = "dev.haloy.health-check-path"
	// ACMEEmail is the ACME account e-mail for the app's certificates
	// (default: the one given to `docker haloy init`).
	ACMEEmail = "dev.haloy.acme.email"
	// ACMEChallenge is the ACME challenge the app's certificates are
	// validated with: ChallengeHTTP01 (default), ChallengeTLSALPN01 or
	// ChallengeDNS01.
	ACMEChallenge = "dev.haloy.acme.challenge"
	// ACMEDNSProvider names the DNS provider (one of DNSProviders) that
	// creates the TXT records of a ChallengeDNS01 app. Required with
	// ChallengeDNS01 and refused without it. Its credentials are never
	// labels: they are given to the sidecar (init --acme-dns-env-file).
	ACMEDNSProvider = "dev.haloy.acme.dns-provider"
	// DomainPrefix starts the domain labels: dev.haloy.domain.<i> is
	// canonical domain i and dev.haloy.domain.<i>.alias.<j> its alias j.
	DomainPrefix = "dev.haloy.domain."
	// Rollout marks a container of a batched rolling update (haloy.yaml
	// update.parallelism > 0) and holds its update order, RolloutStartFirst
	// or RolloutStopFirst. While the newest deployment of an app carries it,
	// the sidecar routes the ready replicas of that deployment and of the
	// deployment it replaces side by side (mixed versions), instead of
	// waiting until the whole new deployment is ready. Absent on ordinary
	// start-first deploys and plain Compose.
	Rollout = "dev.haloy.rollout"
	// Replaces lists, comma-separated, the names of the containers a
	// rolling-update container takes over from. They drain (no new
	// requests) once it is ready (RolloutStartFirst) or as soon as it
	// exists (RolloutStopFirst), so the CLI can stop them without failing
	// a request. Only meaningful together with Rollout.
	Replaces = "dev.haloy.replaces"
)

// Values of Rollout, as in Compose's deploy.update_config.order.
const (
	// RolloutStartFirst: the replaced containers drain once this one is ready.
	RolloutStartFirst = "start-first"
	// RolloutStopFirst: the replaced containers drain as soon as this one exists.
	RolloutStopFirst = "stop-first"
)

// RoleApp is the value of Role on routed application containers.
const RoleApp = "app"

const (
	// DefaultPort is the port routed to when Port is absent.
	DefaultPort = "80"
	// DefaultHealthCheckPath is the health path used when HealthCheckPath is absent.
	DefaultHealthCheckPath = "/"
)
