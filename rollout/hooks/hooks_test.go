package hooks

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunPassesEnvAndDir(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	env := Env{App: "web", DeploymentID: "20261130120000", Image: "web:1"}
	err := Run(context.Background(), "preDeploy", []string{`echo "$HALOY_APP $HALOY_DEPLOYMENT_ID $HALOY_IMAGE" > seen.txt`}, dir, env, &out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "seen.txt"))
	if err != nil || strings.TrimSpace(string(got)) != "web 20261130120000 web:1" {
		t.Errorf("hook wrote %q (%v), want the env in its folder", got, err)
	}
}

func TestRunStopsAtFirstFailure(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	err := Run(context.Background(), "preDeploy", []string{"exit 3", "touch ran.txt"}, dir, Env{}, &out)
	if err == nil || !strings.Contains(err.Error(), `preDeploy hook "exit 3" failed`) {
		t.Fatalf("err = %v, want the failing hook named", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "ran.txt")); err == nil {
		t.Error("a hook after the failing one ran")
	}
}

func TestSetRunsInTheConfigFolder(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	s := For([]string{`echo "pre $HALOY_DEPLOYMENT_ID" > pre.txt`}, []string{`echo post > post.txt`}, filepath.Join(dir, "haloy.yaml"), &out)
	env := Env{App: "web", DeploymentID: "20261130120000"}
	if err := s.RunPre(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	if err := s.RunPost(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	pre, _ := os.ReadFile(filepath.Join(dir, "pre.txt"))
	post, _ := os.ReadFile(filepath.Join(dir, "post.txt"))
	if strings.TrimSpace(string(pre)) != "pre 20261130120000" || strings.TrimSpace(string(post)) != "post" {
		t.Errorf("hooks wrote %q and %q in the haloy.yaml's folder", pre, post)
	}
	var none *Set
	if err := none.RunPre(context.Background(), env); err != nil || !none.Empty() {
		t.Errorf("a nil Set ran something: %v", err)
	}
}
