package layout

// Module is the repository's module path.
const Module = "github.com/haloydev/haloy"

// dockerClients are the packages that talk to a Docker engine.
var dockerClients = []string{
	"github.com/moby/moby/client",
	"github.com/docker/docker/client",
	"github.com/docker/cli",
}

// Pure names the packages (and their sub-packages) that must import no
// Docker client: the contracts, the models, the renderers and the
// projection, tested without an engine.
var Pure = []string{
	"labels", "config", "haproxy", "routing", "wire", "contract",
	"rollout/project", "rollout/spec", "rollout/faststart", "rollout/hooks", "secrets", "acme",
	"internal/suggest", "internal/termsafe", "internal/version",
	"sidecar/reconcile", "sidecar/apply", "sidecar/membership",
	"sidecar/ownership", "sidecar/history", "sidecar/certs", "sidecar/observe", "sidecar/follow",
}

// Rule is one "packages under From must not depend on Forbidden" rule.
type Rule struct {
	// Name says what the rule protects, for the failure message.
	Name string
	// From are module-relative package prefixes the rule applies to.
	From []string
	// Forbidden are import path prefixes (module-relative when they have
	// no dot in the first element, else full paths).
	Forbidden []string
}

// Rules returns the repository's layout rules.
func Rules() []Rule {
	return []Rule{
		{Name: "pure packages import no Docker client", From: Pure, Forbidden: dockerClients},
		{Name: "the sidecar links neither docker/cli nor compose-go", From: []string{"sidecar"},
			Forbidden: []string{"github.com/docker/cli", "github.com/compose-spec/compose-go"}},
		{Name: "the rollout the sidecar's API runs links no compose-go", From: []string{"rollout/spec", "rollout/engine", "rollout/deploy"},
			Forbidden: []string{"github.com/compose-spec/compose-go"}},
		{Name: "the plugin's tree does not import the sidecar's", From: []string{"cli-plugin"}, Forbidden: []string{"sidecar"}},
		{Name: "the sidecar's tree does not import the plugin's", From: []string{"sidecar"}, Forbidden: []string{"cli-plugin"}},
		{Name: "neutral packages import neither tree", From: []string{"rollout", "wire", "routing", "contract", "labels", "config", "haproxy"},
			Forbidden: []string{"cli-plugin", "sidecar"}},
		{Name: "the certificate loop lists no containers (it follows the reconcile loop's observations)", From: []string{"sidecar/certs"},
			Forbidden: []string{"sidecar/engine", "sidecar/reconcile"}},
		{Name: "the standalone client links no Docker client and no compose-go", From: []string{"cli-plugin/remote"},
			Forbidden: noDockerNoCompose()},
		{Name: "the command tree imports no Docker client and no compose-go", From: []string{"cli-plugin/tree"},
			Forbidden: noDockerNoCompose()},
	}
}

// noDockerNoCompose are the Docker clients and compose-go: what the
// command tree and the standalone client never link.
func noDockerNoCompose() []string {
	return append([]string{"github.com/compose-spec/compose-go"}, dockerClients...)
}
