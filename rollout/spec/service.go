package spec

import (
	"fmt"
	"maps"
	"path/filepath"
	"sort"
	"time"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
)

// defaultTag is used when haloy.yaml names no tag.
const defaultTag = "latest"

// Service is an app's one service for a deployment: what each of its
// replicas is created with.
type Service struct {
	// Project is the Compose project (the app's name).
	Project string
	// Name is the service's name (the app's name).
	Name string
	// WorkingDir and ConfigFiles are recorded in Compose's labels.
	WorkingDir  string
	ConfigFiles []string
	// Image is <repository>:<deployment id> (or :<tag> without an id).
	Image string
	// ImageID, when set, is the image's id, recorded in ImageLabel as
	// Compose records it (else Image is).
	ImageID string
	// Env is the resolved environment by name.
	Env map[string]string
	// Labels are the service's own labels (dev.haloy.*).
	Labels map[string]string
	// Volumes are the parsed volume specs, in the app's order.
	Volumes []Volume
	// VolumeNames maps each named volume of Volumes to its Docker volume's
	// name, <project>_<volume> as Compose names it.
	VolumeNames map[string]string
	// Network is the external network the service joins.
	Network string
	// Restart is the restart policy.
	Restart string
	// StopGrace is how long a replica gets between SIGTERM and SIGKILL.
	StopGrace time.Duration
	// Replicas is how many containers serve the app (at least 1).
	Replicas int
}

// FromApp builds the service of app: it runs the deployment's image with
// the app's environment, volumes, replicas and dev.haloy.* labels, and
// joins the external network opts.Network. It fails when the app name or
// deployment id is invalid, a volume cannot be parsed, or a secret value is
// missing from opts.Env.
func FromApp(app config.App, opts Options) (Service, error) {
	opts, err := normalize(opts)
	if err != nil {
		return Service{}, err
	}
	if err := checkApp(app, opts); err != nil {
		return Service{}, err
	}
	env, err := environment(app.Env, opts)
	if err != nil {
		return Service{}, fmt.Errorf("app %s: %w", app.Name, err)
	}
	vols, names, err := volumes(app.Volumes, opts.WorkingDir)
	if err != nil {
		return Service{}, fmt.Errorf("app %s: %w", app.Name, err)
	}
	s := Service{
		Project: app.Name, Name: app.Name, WorkingDir: opts.WorkingDir,
		Image:   image(app.Source.Image, opts.DeploymentID),
		Env:     env,
		Labels:  labels.Encode(app.Route(opts.DeploymentID)),
		Volumes: vols, Network: opts.Network, Restart: RestartPolicy,
		StopGrace: DefaultStopGracePeriod, Replicas: max(app.Replicas, 1),
	}
	if app.StopGracePeriod > 0 {
		s.StopGrace = app.StopGracePeriod.D()
	}
	if opts.ConfigFile != "" {
		s.ConfigFiles = []string{opts.ConfigFile}
	}
	if len(names) > 0 {
		s.VolumeNames = map[string]string{}
		for _, n := range names {
			s.VolumeNames[n] = app.Name + "_" + n
		}
	}
	return s, nil
}

// WithLabels returns s with extra added to (a copy of) its labels.
func (s Service) WithLabels(extra map[string]string) Service {
	s.Labels = maps.Clone(s.Labels)
	if s.Labels == nil {
		s.Labels = map[string]string{}
	}
	maps.Copy(s.Labels, extra)
	return s
}

// ContainerName is the name of replica number of an app's deployment:
// "<app>-<deploymentID>-<number>", or "<app>-<number>" without a deployment
// id. Replicas of two deployments so never clash while both run.
func ContainerName(app, deploymentID string, number int) string {
	n := fmt.Sprint(number)
	if deploymentID == "" {
		return app + "-" + n
	}
	return app + "-" + deploymentID + "-" + n
}

// Container is replica number (1-based) of s, named name: its labels are
// the service's plus Compose's (see ContainerLabels).
func (s Service) Container(number int, name string) Container {
	grace := s.StopGrace
	c := Container{
		Name: name, Image: s.Image, Env: s.EnvList(),
		Labels:   s.ContainerLabels(number),
		Networks: []Network{{Name: s.Network}},
		Restart:  s.Restart, StopGrace: &grace,
	}
	for _, v := range s.Volumes {
		m := Mount{Type: v.Type, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly}
		if n, ok := s.VolumeNames[v.Source]; ok && v.Type == MountVolume {
			m.Source = n
		}
		c.Mounts = append(c.Mounts, m)
	}
	return c
}

// EnvList is the environment as sorted NAME=value entries.
func (s Service) EnvList() []string {
	out := make([]string, 0, len(s.Env))
	for k, v := range s.Env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// normalize fills the defaults of opts and makes its paths absolute.
func normalize(opts Options) (Options, error) {
	if opts.Network == "" {
		opts.Network = DefaultNetwork
	}
	if opts.ConfigFile != "" {
		abs, err := filepath.Abs(opts.ConfigFile)
		if err != nil {
			return opts, fmt.Errorf("resolving %s: %w", opts.ConfigFile, err)
		}
		opts.ConfigFile = abs
	}
	if opts.WorkingDir == "" && opts.ConfigFile != "" {
		opts.WorkingDir = filepath.Dir(opts.ConfigFile)
	}
	if opts.WorkingDir != "" {
		abs, err := filepath.Abs(opts.WorkingDir)
		if err != nil {
			return opts, fmt.Errorf("resolving %s: %w", opts.WorkingDir, err)
		}
		opts.WorkingDir = abs
	}
	return opts, nil
}

// checkApp rejects what would make an unusable project name or image tag.
func checkApp(app config.App, opts Options) error {
	if err := labels.ValidateAppName(app.Name); err != nil {
		return fmt.Errorf("app name %q %w", app.Name, err)
	}
	if app.Source.Image.Repository == "" {
		return fmt.Errorf("app %s: source.image.repository is empty", app.Name)
	}
	if app.Replicas < 0 {
		return fmt.Errorf("app %s: replicas is %d, must be at least 1", app.Name, app.Replicas)
	}
	if opts.DeploymentID == "" {
		return nil
	}
	if err := labels.ValidateDeploymentID(opts.DeploymentID); err != nil {
		return fmt.Errorf("deployment id %q %w", opts.DeploymentID, err)
	}
	return nil
}

// image is <repository>:<deploymentID> for a deployment, else
// <repository>:<tag>.
func image(img config.Image, deploymentID string) string {
	tag := img.Tag
	switch {
	case deploymentID != "":
		tag = deploymentID
	case tag == "":
		tag = defaultTag
	}
	return img.Repository + ":" + tag
}
