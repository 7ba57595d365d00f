package project

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"
)

// ConfigHash computes the service configuration hash the way Compose v2
// does for its config-hash label: the hex SHA-256 of the service marshalled
// to JSON, leaving out what may change without recreating containers
// (build, pull_policy, scale, deploy.replicas, depends_on, profiles). So a
// `docker compose up` of the same project finds the containers current.
func ConfigHash(svc types.ServiceConfig) (string, error) {
	svc.Build = nil
	svc.PullPolicy = ""
	svc.Scale = nil
	if svc.Deploy != nil {
		deploy := *svc.Deploy
		deploy.Replicas = nil
		svc.Deploy = &deploy
	}
	svc.DependsOn = nil
	svc.Profiles = nil
	data, err := json.Marshal(svc)
	if err != nil {
		return "", fmt.Errorf("marshalling service %s: %w", svc.Name, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}
