package spec

import "strconv"

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

// ComposeService is what Compose records about a container's service.
type ComposeService struct {
	// Project, Service, WorkingDir and ConfigFiles name the stack.
	Project, Service, WorkingDir, ConfigFiles string
	// ConfigHash is the service's configuration hash.
	ConfigHash string
	// DependsOn is the rendered depends_on ("" for none).
	DependsOn string
	// Image is the image id (or the reference when unknown).
	Image string
}

// ComposeLabels returns own (copied) plus the labels Compose v2 writes on
// replica number (1-based) of the service cs, so Compose and Portainer
// list the container in its stack.
func ComposeLabels(own map[string]string, cs ComposeService, number int) map[string]string {
	out := make(map[string]string, len(own)+10)
	for k, v := range own {
		out[k] = v
	}
	out[ProjectLabel] = cs.Project
	out[ServiceLabel] = cs.Service
	out[ContainerNumberLabel] = strconv.Itoa(number)
	out[OneoffLabel] = "False"
	out[WorkingDirLabel] = cs.WorkingDir
	out[ConfigFilesLabel] = cs.ConfigFiles
	out[ConfigHashLabel] = cs.ConfigHash
	out[VersionLabel] = ComposeVersion
	out[DependsOnLabel] = cs.DependsOn
	out[ImageLabel] = cs.Image
	return out
}

// VolumeLabels returns the labels Compose puts on the Docker volume it
// creates for the project volume key, so Compose does not warn that the
// volume was created outside it.
func VolumeLabels(project, key string) map[string]string {
	return map[string]string{ProjectLabel: project, VolumeLabel: key, VersionLabel: ComposeVersion}
}
