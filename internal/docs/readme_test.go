package docs

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the repository, two folders up.
const root = "../.."

// readmeLink is how code points to a section: README.md#anchor.
var readmeLink = regexp.MustCompile(`README(?:\.md)?#([a-z0-9-]+)`)

// TestREADMELinksExist finds every string literal in the non-test Go
// code that mentions the README and checks that it names a section
// (README.md#anchor) and that the section exists.
func TestREADMELinksExist(t *testing.T) {
	anchors := readmeAnchors(t)
	found := 0
	for _, lit := range readmeLiterals(t) {
		links := readmeLink.FindAllStringSubmatch(lit.text, -1)
		if len(links) == 0 {
			t.Errorf("%s: mentions the README without a section (write README.md#anchor): %s", lit.pos, lit.text)
		}
		for _, l := range links {
			found++
			if !anchors[l[1]] {
				t.Errorf("%s: README.md#%s: no such section in README.md", lit.pos, l[1])
			}
		}
	}
	if found == 0 {
		t.Fatal("no README links found: the scan is broken")
	}
}

// TestREADMEInternalLinksExist checks the README's own [text](#anchor) links.
func TestREADMEInternalLinksExist(t *testing.T) {
	anchors := readmeAnchors(t)
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`\]\(#([a-z0-9_-]+)\)`).FindAllStringSubmatch(string(data), -1)
	for _, l := range links {
		if !anchors[l[1]] {
			t.Errorf("README.md links to #%s: no such section", l[1])
		}
	}
	if len(links) == 0 {
		t.Fatal("no internal links found: the scan is broken")
	}
}

type literal struct {
	pos  string
	text string
}

// readmeLiterals returns the string literals of non-test Go files (not
// comments) that mention the README.
func readmeLiterals(t *testing.T) []literal {
	t.Helper()
	var out []literal
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING && strings.Contains(b.Value, "README") {
				s, err := strconv.Unquote(b.Value)
				if err != nil {
					s = b.Value
				}
				out = append(out, literal{fset.Position(b.Pos()).String(), s})
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readmeAnchors returns the GitHub anchors of README.md's headings.
func readmeAnchors(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	anchors := map[string]bool{}
	inCode := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
		}
		if !inCode && strings.HasPrefix(line, "#") {
			anchors[anchor(strings.TrimLeft(line, "# "))] = true
		}
	}
	return anchors
}

// anchor is GitHub's anchor of a heading: lower case, punctuation
// dropped, spaces to dashes.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

func TestAnchor(t *testing.T) {
	for in, want := range map[string]string{
		"HTTP API and the remote client":      "http-api-and-the-remote-client",
		"Configuration reference: haloy.yaml": "configuration-reference-haloyyaml",
		"Who may join an app (trust model)":   "who-may-join-an-app-trust-model",
		"Beyond HTTP-01":                      "beyond-http-01",
	} {
		if got := anchor(in); got != want {
			t.Errorf("anchor(%q) = %q, want %q", in, got, want)
		}
	}
}
