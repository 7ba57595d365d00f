package tree

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haloydev/haloy/config"
)

func TestScaffoldWritesAValidCommentedFile(t *testing.T) {
	cli := io.Discard
	file := filepath.Join(t.TempDir(), "haloy.yaml")
	if err := runScaffold(cli, "docker haloy", scaffoldOptions{file: file, name: "shop"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	apps, err := config.Parse(file, data)
	if err != nil || len(apps) != 1 || apps[0].Name != "shop" {
		t.Fatalf("scaffolded file parses to %+v, %v; want one app shop", apps, err)
	}
	if !strings.Contains(string(data), "# ") || strings.Contains(string(data), "my-app") {
		t.Errorf("scaffolded file is not the commented example for shop:\n%s", data)
	}
	err = runScaffold(cli, "docker haloy", scaffoldOptions{file: file, name: "other"})
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("scaffold over an existing file: %v, want a refusal naming --force", err)
	}
	if after, _ := os.ReadFile(file); string(after) != string(data) {
		t.Error("the refused scaffold changed the existing file")
	}
	if err := runScaffold(cli, "docker haloy", scaffoldOptions{file: file, name: "other", force: true}); err != nil {
		t.Errorf("scaffold --force: %v", err)
	}
	if err := runScaffold(cli, "docker haloy", scaffoldOptions{file: filepath.Join(t.TempDir(), "x.yaml"), name: "Bad Name"}); err == nil || !strings.Contains(err.Error(), "--name") {
		t.Errorf("scaffold with a bad name: %v, want an error naming --name", err)
	}
}
