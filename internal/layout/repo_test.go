package layout

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

// knownDebt are violations the repository still has, each with the
// reason. The test fails on any other violation, and on a debt that is
// gone (so this list is shortened when it is paid).
var knownDebt = []struct{ rule, pkg, dep, why string }{}

func TestRepositoryKeepsTheLayout(t *testing.T) {
	pkgs := listPackages(t)
	paid := make([]bool, len(knownDebt))
	for _, v := range Check(pkgs, Rules()) {
		if i := debtIndex(v); i >= 0 {
			paid[i] = true
			continue
		}
		t.Errorf("%s", v)
	}
	for i, d := range knownDebt {
		if !paid[i] {
			t.Errorf("known debt %q (%s -> %s) is gone: remove it from knownDebt", d.rule, d.pkg, d.dep)
		}
	}
}

func debtIndex(v Violation) int {
	for i, d := range knownDebt {
		if v.Rule == d.rule && underAny(v.Package, []string{d.pkg}) && strings.HasPrefix(v.Dep, d.dep) {
			return i
		}
	}
	return -1
}

// listPackages runs go list -deps -json on the whole module.
func listPackages(t *testing.T) []Package {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Deps", Module+"/...")
	cmd.Dir = "../.."
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p Package
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decoding go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found %d packages; expected the whole module", len(pkgs))
	}
	return pkgs
}
