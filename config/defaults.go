package config

import "time"

// Defaults applied to fields that haloy.yaml leaves out.
const (
	// DefaultDeploymentsToKeep is how many deployments are kept for rollback.
	DefaultDeploymentsToKeep = 5
	// DefaultPort is the container port routed to.
	DefaultPort = "80"
	// DefaultReplicas is how many containers serve an app.
	DefaultReplicas = 1
	// DefaultHealthCheckPath is the HTTP path probed for health.
	DefaultHealthCheckPath = "/"
	// DefaultTag is the image tag used when source.image.tag is left out.
	DefaultTag = "latest"
)

// DefaultFileName is the file Haloy reads when no other is named.
const DefaultFileName = "haloy.yaml"

// ApplyDefaults fills every zero-valued field that has a default. Parse
// applies defaults only to keys the file leaves out, so that an explicit
// "replicas: 0" is reported rather than replaced; ApplyDefaults is for Apps
// built in code.
func (a *App) ApplyDefaults() {
	if a.DeploymentsToKeep == 0 {
		a.DeploymentsToKeep = DefaultDeploymentsToKeep
	}
	if a.Port == "" {
		a.Port = DefaultPort
	}
	if a.Replicas == 0 {
		a.Replicas = DefaultReplicas
	}
	if a.HealthCheckPath == "" {
		a.HealthCheckPath = DefaultHealthCheckPath
	}
	if a.Source.Image.Tag == "" {
		a.Source.Image.Tag = DefaultTag
	}
	a.applyRolloutDefaults()
}

// applyRolloutDefaults fills the zero rollout settings. Validation rejects
// zero durations, so zero always means "not set".
func (a *App) applyRolloutDefaults() {
	setDuration(&a.HealthTimeout, DefaultHealthTimeout)
	setDuration(&a.DrainTimeout, DefaultDrainTimeout)
	setDuration(&a.StopGracePeriod, DefaultStopGracePeriod)
	if a.Update.Order == "" {
		a.Update.Order = DefaultOrder
	}
	if a.Update.FailureAction == "" {
		a.Update.FailureAction = DefaultFailureAction
	}
}

func setDuration(d *Duration, def time.Duration) {
	if *d == 0 {
		*d = Duration(def)
	}
}

// defaultApp is the App that decoding a file starts from.
func defaultApp() App {
	var a App
	a.ApplyDefaults()
	return a
}
