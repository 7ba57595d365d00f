package project

import (
	"fmt"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/rollout/spec"
)

// The com.docker.compose.* labels Compose v2 puts on the containers it
// creates (see package spec).
const (
	ProjectLabel         = spec.ProjectLabel
	ServiceLabel         = spec.ServiceLabel
	ContainerNumberLabel = spec.ContainerNumberLabel
	OneoffLabel          = spec.OneoffLabel
	WorkingDirLabel      = spec.WorkingDirLabel
	ConfigFilesLabel     = spec.ConfigFilesLabel
	ConfigHashLabel      = spec.ConfigHashLabel
	VersionLabel         = spec.VersionLabel
	DependsOnLabel       = spec.DependsOnLabel
	ImageLabel           = spec.ImageLabel
	VolumeLabel          = spec.VolumeLabel
)

// ComposeVersion is written to VersionLabel (see spec.ComposeVersion).
const ComposeVersion = spec.ComposeVersion

// ContainerLabels returns the labels replica number (1-based) of service svc
// must carry: the service's own labels (dev.haloy.*) plus the ones Compose v2
// writes, so Compose and Portainer list the container in the app's stack.
//
// ImageLabel is svc.CustomLabels[ImageLabel] when the caller put the image
// ID there after inspecting the image (as Compose does), else svc.Image.
// ContainerLabels panics if svc cannot be marshalled to JSON, which only
// happens when its Extensions hold values JSON cannot encode; FromApp never
// sets any.
func ContainerLabels(p *types.Project, svc types.ServiceConfig, number int) map[string]string {
	hash, err := ConfigHash(svc)
	if err != nil {
		panic(fmt.Sprintf("project: hashing service %s: %v", svc.Name, err))
	}
	return spec.ComposeLabels(svc.Labels, spec.ComposeService{
		Project: p.Name, Service: svc.Name, WorkingDir: p.WorkingDir,
		ConfigFiles: strings.Join(p.ComposeFiles, ","),
		ConfigHash:  hash, DependsOn: dependsOn(svc.DependsOn), Image: imageDigest(svc),
	}, number)
}

// VolumeLabels returns the labels Compose puts on the Docker volume it
// creates for the project volume key, so Compose does not warn that the
// volume was created outside it.
func VolumeLabels(p *types.Project, key string) map[string]string {
	return spec.VolumeLabels(p.Name, key)
}

// dependsOn renders dependencies as Compose does: sorted
// service:condition:restart entries joined by commas ("" for none).
func dependsOn(deps types.DependsOnConfig) string {
	out := make([]string, 0, len(deps))
	for name, d := range deps {
		out = append(out, fmt.Sprintf("%s:%s:%t", name, d.Condition, d.Restart))
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func imageDigest(svc types.ServiceConfig) string {
	if d := svc.CustomLabels[ImageLabel]; d != "" {
		return d
	}
	return svc.Image
}
