package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const secretValue = "s3cret-VALUE-7f3a9c"

const secretApp = `name: secretive
source:
  image:
    repository: haloy/testapp
    tag: v1
domains:
  - secretive.example.test
healthCheckPath: /healthz
env:
  - name: DB_PASSWORD
    secretName: db-pass
  - name: PLAIN
    value: visible
`

// TestSecretsReachTheAppAndNoOutput stores a secret with age, deploys an
// app that uses it, checks the container got the value, and searches the
// output of every command for the value: it must appear nowhere.
func TestSecretsReachTheAppAndNoOutput(t *testing.T) {
	requireEngine(t)
	t.Setenv("HALOY_CONFIG_DIR", t.TempDir())
	t.Setenv("HALOY_AGE_IDENTITY", "")
	haloy(t, "secrets", "init")
	set := exec.Command("docker", "haloy", "secrets", "set", "db-pass")
	set.Env = append(os.Environ(), "DOCKER_CONFIG="+env.dockerConfig)
	set.Stdin = strings.NewReader(secretValue + "\n")
	if out, err := set.CombinedOutput(); err != nil {
		t.Fatalf("secrets set from stdin: %v\n%s", err, out)
	}
	file := tempFile(t, "haloy.yaml", secretApp)
	outputs := map[string]string{"deploy": haloy(t, "deploy", file)}
	t.Cleanup(func() { runHaloy("stop", "secretive") })

	inspect := docker(t, "ps", "-q", "--filter", "label=dev.haloy.appName=secretive")
	envs := docker(t, "inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", strings.Fields(inspect)[0])
	if !strings.Contains(envs, "DB_PASSWORD="+secretValue) {
		t.Errorf("the container's environment lacks the decrypted secret:\n%s", envs)
	}
	outputs["status"] = haloy(t, "status")
	outputs["status json"] = haloy(t, "status", "--format", "json")
	outputs["convert"] = haloy(t, "convert", file)
	outputs["rollback list"] = haloy(t, "rollback", "secretive", "--format", "json")
	outputs["secrets list"] = haloy(t, "secrets", "list", "--format", "json")
	outputs["history on the engine"] = docker(t, "exec", "haloy-sidecar", "/haloy-sidecar", "history", "list", "secretive")
	outputs["sidecar log"] = docker(t, "logs", "haloy-sidecar")
	for name, out := range outputs {
		if strings.Contains(out, secretValue) {
			t.Errorf("%s shows the secret's value:\n%s", name, out)
		}
	}
	if strings.Contains(outputs["convert"], "<secret:") || !strings.Contains(outputs["convert"], "(secret db-pass)") || !strings.Contains(outputs["secrets list"], "db-pass") {
		t.Errorf("convert should leave the secret out, naming db-pass in a comment, and list should name db-pass:\n%s\n%s", outputs["convert"], outputs["secrets list"])
	}
}

// TestSecretErrorsStopTheDeployBeforeAnythingStarts checks that a missing
// secret and a wrong key are refused with the name and the fix, and no
// container is started.
func TestSecretErrorsStopTheDeployBeforeAnythingStarts(t *testing.T) {
	requireEngine(t)
	dir := t.TempDir()
	t.Setenv("HALOY_CONFIG_DIR", dir)
	t.Setenv("HALOY_AGE_IDENTITY", "")
	haloy(t, "secrets", "init")
	app := strings.ReplaceAll(secretApp, "secretive", "secretless")
	out, err := runHaloy("deploy", tempFile(t, "haloy.yaml", app))
	if err == nil || !strings.Contains(out, `secret "db-pass" not found`) || !strings.Contains(out, "docker haloy secrets set db-pass") {
		t.Errorf("deploy with a missing secret: err %v, want the name and the fix:\n%s", err, out)
	}
	haloy(t, "secrets", "set", "db-pass", secretValue)
	other := t.TempDir()
	t.Setenv("HALOY_CONFIG_DIR", other)
	haloy(t, "secrets", "init")
	otherKey, rerr := os.ReadFile(filepath.Join(other, "age_identity.txt"))
	if rerr != nil {
		t.Fatal(rerr)
	}
	t.Setenv("HALOY_CONFIG_DIR", dir)
	t.Setenv("HALOY_AGE_IDENTITY", string(otherKey))
	out, err = runHaloy("deploy", tempFile(t, "haloy.yaml", app))
	if err == nil || !strings.Contains(out, "encrypted for another key") || strings.Contains(out, secretValue) {
		t.Errorf("deploy with the wrong key: err %v, want a wrong-key error without the value:\n%s", err, out)
	}
	if ids := docker(t, "ps", "-aq", "--filter", "label=dev.haloy.appName=secretless"); strings.TrimSpace(ids) != "" {
		t.Errorf("containers were started despite the secret errors: %s", ids)
	}
}
