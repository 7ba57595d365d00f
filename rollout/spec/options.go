package spec

import "time"

const (
	// DefaultNetwork is the external Docker network apps join so that
	// HAProxy can reach them.
	DefaultNetwork = "haloy"
	// DefaultStopGracePeriod is how long a container gets between SIGTERM
	// and SIGKILL when it is stopped.
	DefaultStopGracePeriod = 10 * time.Second
	// RestartPolicy is the restart policy of every app container.
	RestartPolicy = "unless-stopped"
)

// Options says how FromApp builds a service beyond what the app describes.
type Options struct {
	// DeploymentID is the YYYYMMDDHHMMSS id of the deployment. When set, the
	// image is <repository>:<DeploymentID> (the deploy tags the image so)
	// and the containers carry dev.haloy.deployment-id. When empty, the
	// image is <repository>:<tag> and no deployment id is labelled, as for
	// a plain Compose stack.
	DeploymentID string
	// Network is the external network the service joins (default
	// DefaultNetwork).
	Network string
	// WorkingDir is the project's working directory, recorded in the
	// com.docker.compose.project.working_dir label and used to resolve
	// relative bind mounts (default: the folder of ConfigFile).
	WorkingDir string
	// ConfigFile is the path of the haloy.yaml the app came from, recorded
	// in the com.docker.compose.project.config_files label.
	ConfigFile string
	// Env holds resolved environment values by variable name. A plain
	// variable takes its value from Env when present, else from haloy.yaml.
	// A variable with a secretName must have its resolved secret value in
	// Env (the caller decrypts secrets), unless OmitSecrets is set.
	Env map[string]string
	// OmitSecrets leaves every variable with a secretName out (and then
	// needs no resolved value): `docker haloy convert` never writes a
	// stand-in value that would deploy a wrong one.
	OmitSecrets bool
}
