package project

import (
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/rollout/spec"
)

// FromApp builds the Compose project of app: project and service are both
// named after the app, the service runs the deployment's image with the
// app's environment, volumes, replicas and dev.haloy.* labels, and joins the
// external network opts.Network. It is spec.FromApp's service in Compose's
// types, and fails as spec.FromApp does.
func FromApp(app config.App, opts Options) (*types.Project, error) {
	s, err := spec.FromApp(app, opts)
	if err != nil {
		return nil, err
	}
	svc := service(s)
	p := &types.Project{
		Name:         s.Project,
		WorkingDir:   s.WorkingDir,
		Services:     types.Services{svc.Name: svc},
		Networks:     types.Networks{s.Network: {Name: s.Network, External: true}},
		Volumes:      projectVolumes(s.VolumeNames),
		ComposeFiles: s.ConfigFiles,
	}
	return p, nil
}
