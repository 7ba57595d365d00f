package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Load reads and parses the haloy.yaml at path; see Parse.
func Load(path string) ([]App, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads the apps of one haloy.yaml: either one app (its keys at the
// top level) or an "apps:" list of them. Left-out keys get their defaults
// and every app is validated. On any mistake it returns no apps and Errors
// listing every problem of the file, each with filename, line and a hint.
// A file over MaxFileBytes, or whose aliases expand by more than
// MaxAliasNodes, is refused before its apps are read.
func Parse(filename string, data []byte) ([]App, error) {
	var errs Errors
	if !checkSize(filename, data, &errs) {
		return nil, errs.err()
	}
	root := parseDocument(filename, data, &errs)
	if root == nil || !checkAliases(filename, root, &errs) {
		return nil, errs.err()
	}
	var apps []App
	var sites []*site
	for _, n := range appNodes(filename, root, &errs) {
		s := newSite(filename, deref(n).Line, &errs)
		app := s.decodeApp(n)
		app.validate(s)
		apps, sites = append(apps, app), append(sites, s)
	}
	checkFile(apps, sites)
	if err := errs.err(); err != nil {
		return nil, err
	}
	return apps, nil
}

// parseDocument returns the top node of the file's only YAML document, or
// nil after reporting why there is none.
func parseDocument(file string, data []byte, errs *Errors) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) || (err == nil && len(doc.Content) == 0) {
		errs.add(file, 0, "", "the file is empty", "write one app (name, source, domains) or an apps: list")
		return nil
	}
	if err != nil {
		line, msg := yamlErrorLine(err)
		errs.add(file, line, "", "invalid YAML: "+msg, syntaxHint(data, line))
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		errs.add(file, next.Line, "", "the file holds more than one YAML document", "remove the \"---\" line; list several apps under apps:")
		return nil
	}
	return doc.Content[0]
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlErrorLine splits "yaml: line N: message" into N and message.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, strings.TrimPrefix(msg, "yaml: ")
	}
	n, _ := strconv.Atoi(m[1])
	return n, msg[len(m[0]):]
}

// syntaxHint guesses the fix for a YAML syntax error at line.
func syntaxHint(data []byte, line int) string {
	lines := strings.Split(string(data), "\n")
	for l := max(line-1, 1); l <= min(line+1, len(lines)); l++ {
		if strings.Contains(lines[l-1], "\t") {
			return fmt.Sprintf("line %d has a tab: YAML indents with spaces only", l)
		}
	}
	return "check the indentation and quoting on and above this line"
}

// add appends an error about the file as a whole.
func (es *Errors) add(file string, line int, field, reason, hint string) {
	*es = append(*es, &FieldError{File: file, Line: line, Field: field, Reason: reason, Hint: hint})
}

// appNodes returns the app mappings of the file: the top mapping itself,
// or the items of its apps: list.
func appNodes(file string, root *yaml.Node, errs *Errors) []*yaml.Node {
	root = deref(root)
	if root.Kind != yaml.MappingNode {
		errs.add(file, root.Line, "", "the file must be a mapping of keys to values", "start with name: my-app, or with apps: for several apps")
		return nil
	}
	var list *pair
	for _, p := range pairs(root) {
		if p.key.Value == "apps" {
			list = &p
		}
	}
	if list == nil {
		return []*yaml.Node{root}
	}
	return appList(file, root, list, errs)
}

// appList returns the items of the apps: list, reporting other top-level keys.
func appList(file string, root *yaml.Node, list *pair, errs *Errors) []*yaml.Node {
	for _, p := range pairs(root) {
		if p.key.Value != "apps" && !strings.HasPrefix(p.key.Value, "x-") {
			errs.add(file, p.key.Line, p.key.Value, fmt.Sprintf("key %q is beside apps:", p.key.Value), "move it into each entry of apps, or drop apps: for a one-app file")
		}
	}
	items := deref(list.value)
	if items.Kind != yaml.SequenceNode || len(items.Content) == 0 {
		errs.add(file, list.key.Line, "apps", "apps must be a list of at least one app", "write each app as an entry starting with \"- name: \"")
		return nil
	}
	for i, item := range items.Content {
		if deref(item).Kind != yaml.MappingNode {
			errs.add(file, item.Line, index("apps", i), fmt.Sprintf("apps[%d] is not an app", i), "write each app as a mapping starting with \"- name: \"")
		}
	}
	return mappingsOnly(items.Content)
}

// mappingsOnly drops the nodes that are not mappings (reported already).
func mappingsOnly(nodes []*yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for _, n := range nodes {
		if deref(n).Kind == yaml.MappingNode {
			out = append(out, n)
		}
	}
	return out
}

// checkFile reports what no single app shows: two apps with one name, and
// one domain or alias routed to two apps.
func checkFile(apps []App, sites []*site) {
	checkNames(apps, sites)
	checkDomainOwners(apps, sites)
}

func checkNames(apps []App, sites []*site) {
	first := map[string]int{}
	for i, a := range apps {
		j, ok := first[a.Name]
		switch {
		case a.Name == "":
		case !ok:
			first[a.Name] = i
		default:
			sites[i].fail("name", fmt.Sprintf("app name %q is already used at line %d", a.Name, sites[j].lineOf("name")), "give each app its own name")
		}
	}
}

func checkDomainOwners(apps []App, sites []*site) {
	type owner struct {
		app   int
		field string
	}
	owners := map[string]owner{}
	for i, a := range apps {
		for _, d := range domainFields(a) {
			first, ok := owners[d.name]
			switch {
			case d.name == "":
			case !ok:
				owners[d.name] = owner{i, d.field}
			case first.app != i:
				sites[i].fail(d.field, fmt.Sprintf("%s %q is already routed to app %q at line %d", d.field, d.name, apps[first.app].Name, sites[first.app].lineOf(first.field)), "route each domain to one app only")
			}
		}
	}
}
