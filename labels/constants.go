package labels

// Prefix starts every Haloy label.
const Prefix = "dev.haloy."

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
	// DomainPrefix starts the domain labels: dev.haloy.domain.<i> is
	// canonical domain i and dev.haloy.domain.<i>.alias.<j> its alias j.
	DomainPrefix = "dev.haloy.domain."
)

// RoleApp is the value of Role on routed application containers.
const RoleApp = "app"

const (
	// DefaultPort is the port routed to when Port is absent.
	DefaultPort = "80"
	// DefaultHealthCheckPath is the health path used when HealthCheckPath is absent.
	DefaultHealthCheckPath = "/"
)
