package infra

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/haloydev/haloy/labels"
	"github.com/haloydev/haloy/rollout/engine"
)

// UninstallOptions say what `docker haloy uninstall` removes beyond the
// containers and the network.
type UninstallOptions struct {
	// Volumes removes the data volumes (certificates, history, owners).
	Volumes bool
	// Images removes the per-deployment image tags in the history.
	Images bool
}

// Installed is what uninstall found on the engine.
type Installed struct {
	// Infra are the containers of the Compose project "haloy".
	Infra []engine.Container
	// Locks are deploy lock containers.
	Locks []engine.Container
	// Apps are containers with dev.haloy.* labels (app replicas).
	Apps []engine.Container
	// ImageTags are the per-deployment tags recorded in the history.
	ImageTags []string
	// InfraImages are the images the infrastructure containers run.
	InfraImages []string
	// ConfigDir is this machine's secrets folder.
	ConfigDir string
}

// UninstallPlan is what uninstall removes and what it keeps, each named.
type UninstallPlan struct {
	// Containers are removed, in order (the guard first, so it does not
	// bring the sidecar back).
	Containers []engine.Container
	// Network is removed.
	Network string
	// Volumes are removed.
	Volumes []string
	// Images are image tags removed.
	Images []string
	// Kept describes everything left behind, one line each.
	Kept []string
}

// ErrAppsRunning means apps deployed by docker haloy still have containers.
var ErrAppsRunning = fmt.Errorf("apps deployed by docker haloy still have containers")

// PlanUninstall decides what to remove. Apps deployed by docker haloy (their
// containers carry a deployment id) must be stopped first: uninstalling
// would leave them unrouted. Containers of plain Compose stacks with
// dev.haloy.* labels belong to the user and are kept, named.
func PlanUninstall(in Installed, o UninstallOptions) (UninstallPlan, error) {
	if deployed := deployedApps(in.Apps); len(deployed) > 0 {
		return UninstallPlan{}, fmt.Errorf("%w (%s): stop them first with: docker haloy stop %s", ErrAppsRunning, strings.Join(deployed, ", "), strings.Join(deployed, " "))
	}
	p := UninstallPlan{Network: NetworkName, Containers: infraOrder(in.Infra)}
	p.Containers = append(p.Containers, in.Locks...)
	if o.Volumes {
		p.Volumes = []string{HAProxyVolume, SidecarVolume}
	} else {
		p.Kept = append(p.Kept, fmt.Sprintf("volumes %s and %s (certificates, deployment history, domain owners, API token): remove them with --volumes", HAProxyVolume, SidecarVolume))
	}
	if o.Images {
		p.Images = in.ImageTags
	} else if len(in.ImageTags) > 0 {
		p.Kept = append(p.Kept, fmt.Sprintf("%d per-deployment image tag(s) (%s): remove them with --images", len(in.ImageTags), strings.Join(in.ImageTags, ", ")))
	}
	if len(in.InfraImages) > 0 {
		p.Kept = append(p.Kept, "images "+strings.Join(in.InfraImages, ", ")+" (remove with docker image rm if nothing else uses them)")
	}
	for _, c := range in.Apps {
		p.Kept = append(p.Kept, fmt.Sprintf("container %s of app %s (not deployed by docker haloy, e.g. plain Compose: yours to remove)", c.Name, c.Labels[labels.AppName]))
	}
	if in.ConfigDir != "" {
		p.Kept = append(p.Kept, "this machine's secrets folder "+in.ConfigDir+" (no engine command touches it)")
	}
	return p, nil
}

// deployedApps names the apps among cs deployed by docker haloy.
func deployedApps(cs []engine.Container) []string {
	var apps []string
	for _, c := range cs {
		if app := c.Labels[labels.AppName]; c.Labels[labels.DeploymentID] != "" && !slices.Contains(apps, app) {
			apps = append(apps, app)
		}
	}
	sort.Strings(apps)
	return apps
}

// infraOrder sorts the infrastructure containers: guard, sidecar,
// HAProxy, then anything else of the project.
func infraOrder(cs []engine.Container) []engine.Container {
	rank := map[string]int{GuardContainer: 0, SidecarContainer: 1, HAProxyContainer: 2}
	out := slices.Clone(cs)
	sort.SliceStable(out, func(i, j int) bool {
		ri, ok := rank[out[i].Name]
		if !ok {
			ri = 3
		}
		rj, ok := rank[out[j].Name]
		if !ok {
			rj = 3
		}
		return ri < rj
	})
	return out
}
