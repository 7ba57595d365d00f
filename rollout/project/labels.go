package project

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// The com.docker.compose.* labels Compose v2 puts on the containers it
// creates, with the names of docker/compose's pkg/api.
const (
	// ProjectLabel names the Compose project (the app) a container belongs to.
	ProjectLabel = "com.docker.compose.project"
	// ServiceLabel names the service of the container.
	ServiceLabel = "com.docker.compose.service"
	// ContainerNumberLabel is the container's index among the service's replicas.
	ContainerNumberLabel = "com.docker.compose.container-number"
	// OneoffLabel is "True" for `compose run` containers, "False" otherwise.
	OneoffLabel = "com.docker.compose.oneoff"
	// WorkingDirLabel is the absolute path of the project's working directory.
	WorkingDirLabel = "com.docker.compose.project.working_dir"
	// ConfigFilesLabel lists the absolute paths of the project's files, comma separated.
	ConfigFilesLabel = "com.docker.compose.project.config_files"
	// ConfigHashLabel is the hash of the service configuration (see ConfigHash);
	// Compose recreates a container whose hash differs from its file's.
	ConfigHashLabel = "com.docker.compose.config-hash"
	// VersionLabel is the version of Compose that created the container.
	VersionLabel = "com.docker.compose.version"
	// DependsOnLabel lists the service's dependencies as service:condition:restart.
	DependsOnLabel = "com.docker.compose.depends_on"
	// ImageLabel is the digest (image ID) of the container's image; Compose
	// recreates a container whose image digest changed.
	ImageLabel = "com.docker.compose.image"
	// VolumeLabel names the project volume a Docker volume stands for.
	VolumeLabel = "com.docker.compose.volume"
)

// ComposeVersion is written to VersionLabel: the last Compose v2 release
// line whose container labels and config hash this package follows. Compose
// shows it but does not act on it.
const ComposeVersion = "2.40.0"

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
	out := make(map[string]string, len(svc.Labels)+10)
	for k, v := range svc.Labels {
		out[k] = v
	}
	out[ProjectLabel] = p.Name
	out[ServiceLabel] = svc.Name
	out[ContainerNumberLabel] = strconv.Itoa(number)
	out[OneoffLabel] = "False"
	out[WorkingDirLabel] = p.WorkingDir
	out[ConfigFilesLabel] = strings.Join(p.ComposeFiles, ",")
	out[ConfigHashLabel] = hash
	out[VersionLabel] = ComposeVersion
	out[DependsOnLabel] = dependsOn(svc.DependsOn)
	out[ImageLabel] = imageDigest(svc)
	return out
}

// VolumeLabels returns the labels Compose puts on the Docker volume it
// creates for the project volume key, so Compose does not warn that the
// volume was created outside it.
func VolumeLabels(p *types.Project, key string) map[string]string {
	return map[string]string{
		ProjectLabel: p.Name,
		VolumeLabel:  key,
		VersionLabel: ComposeVersion,
	}
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
