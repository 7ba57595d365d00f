package project

import (
	"fmt"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
)

// FromApp builds the Compose project of app: project and service are both
// named after the app, the service runs the deployment's image with the
// app's environment, volumes, replicas and dev.haloy.* labels, and joins the
// external network opts.Network. It fails when the app name or deployment id
// is invalid, a volume cannot be parsed, or a secret value is missing from
// opts.Env.
func FromApp(app config.App, opts Options) (*types.Project, error) {
	opts, err := normalize(opts)
	if err != nil {
		return nil, err
	}
	if err := checkApp(app, opts); err != nil {
		return nil, err
	}
	svc, vols, err := service(app, opts)
	if err != nil {
		return nil, fmt.Errorf("app %s: %w", app.Name, err)
	}
	p := &types.Project{
		Name:       app.Name,
		WorkingDir: opts.WorkingDir,
		Services:   types.Services{svc.Name: svc},
		Networks:   types.Networks{opts.Network: {Name: opts.Network, External: true}},
		Volumes:    projectVolumes(app.Name, vols),
	}
	if opts.ConfigFile != "" {
		p.ComposeFiles = []string{opts.ConfigFile}
	}
	return p, nil
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
