package project

import (
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/config"
	"github.com/haloydev/haloy/labels"
)

// defaultTag is used when haloy.yaml names no tag.
const defaultTag = "latest"

// service builds the app's one service and returns the names of the named
// volumes it mounts.
func service(app config.App, opts Options) (types.ServiceConfig, []string, error) {
	env, err := environment(app.Env, opts)
	if err != nil {
		return types.ServiceConfig{}, nil, err
	}
	mounts, named, err := volumes(app.Volumes, opts.WorkingDir)
	if err != nil {
		return types.ServiceConfig{}, nil, err
	}
	replicas := max(app.Replicas, 1)
	grace := types.Duration(DefaultStopGracePeriod)
	if app.StopGracePeriod > 0 {
		grace = types.Duration(app.StopGracePeriod)
	}
	svc := types.ServiceConfig{
		Name:    app.Name,
		Restart: RestartPolicy,
		Deploy:  &types.DeployConfig{Replicas: &replicas},
	}
	svc.Image = image(app.Source.Image, opts.DeploymentID)
	svc.Environment = env
	svc.Volumes = mounts
	svc.Labels = labels.Encode(app.Route(opts.DeploymentID))
	svc.Networks = map[string]*types.ServiceNetworkConfig{opts.Network: nil}
	svc.StopGracePeriod = &grace
	return svc, named, nil
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

// projectVolumes declares the named volumes, named <project>_<volume> as
// Compose names them.
func projectVolumes(projectName string, names []string) types.Volumes {
	if len(names) == 0 {
		return nil
	}
	out := types.Volumes{}
	for _, n := range names {
		out[n] = types.VolumeConfig{Name: projectName + "_" + n}
	}
	return out
}
