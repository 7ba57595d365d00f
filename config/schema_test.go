package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

// schemaDefs names the $defs entry of the schema that describes each
// struct of haloy.yaml.
var schemaDefs = map[reflect.Type]string{
	reflect.TypeFor[App]():    "app",
	reflect.TypeFor[Source](): "source",
	reflect.TypeFor[Image]():  "image",
	reflect.TypeFor[Domain](): "domain",
	reflect.TypeFor[EnvVar](): "envVar",
	reflect.TypeFor[Update](): "update",
}

// TestSchemaMatchesStructs checks that each struct's yaml keys are exactly
// the properties of its schema definition, so the two cannot drift.
func TestSchemaMatchesStructs(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema, &schema); err != nil {
		t.Fatalf("Schema is not JSON: %v", err)
	}
	for _, typ := range structTypes(reflect.TypeFor[App]()) {
		def, ok := schemaDefs[typ]
		if !ok {
			t.Errorf("struct %s has no schema definition: add it to haloy.schema.json and schemaDefs", typ)
			continue
		}
		var props []string
		for p := range schema.Defs[def].Properties {
			props = append(props, p)
		}
		slices.Sort(props)
		if keys := yamlKeys(typ); !slices.Equal(keys, props) {
			t.Errorf("%s yaml keys %v, but $defs.%s.properties %v", typ, keys, def, props)
		}
	}
}

// TestDecoderKnowsEveryKey checks that the decoder has a handler for each
// yaml key of App, by reading a file that sets them all.
func TestDecoderKnowsEveryKey(t *testing.T) {
	apps, err := Parse("example", []byte(ExampleYAML))
	if err != nil {
		t.Fatal(err)
	}
	// ACMEDNSProvider goes only with acmeChallenge: dns-01, so the example
	// shows it as a comment; TestParseDNS01App decodes it.
	commented := map[string]bool{"ACMEDNSProvider": true}
	v := reflect.ValueOf(apps[0])
	for i := range v.NumField() {
		if v.Field(i).IsZero() && !commented[v.Type().Field(i).Name] {
			t.Errorf("ExampleYAML leaves App.%s unset; show every key in the example", v.Type().Field(i).Name)
		}
	}
}

// structTypes lists t and every struct type reachable through its fields.
func structTypes(t reflect.Type) []reflect.Type {
	out := []reflect.Type{t}
	for i := range t.NumField() {
		ft := t.Field(i).Type
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			out = append(out, structTypes(ft)...)
		}
	}
	return out
}

// yamlKeys are the sorted yaml tag names of t's exported fields.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.IsExported() && name != "-" {
			keys = append(keys, name)
		}
	}
	slices.Sort(keys)
	return keys
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("haloy.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("haloy.schema.json")
	if err != nil {
		t.Fatalf("compiling the schema: %v", err)
	}
	return sch
}

// yamlInstance turns YAML into the JSON value a schema validator checks.
func yamlInstance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestSchemaAcceptsValidFiles(t *testing.T) {
	sch := compileSchema(t)
	files, _ := filepath.Glob(filepath.Join("testdata", "valid-*.yaml"))
	inputs := map[string][]byte{"ExampleYAML": []byte(ExampleYAML)}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	for name, data := range inputs {
		if err := sch.Validate(yamlInstance(t, data)); err != nil {
			t.Errorf("schema rejects %s: %v", name, err)
		}
	}
}

func TestSchemaRejectsInvalidFiles(t *testing.T) {
	sch := compileSchema(t)
	tests := map[string]string{
		"unknown key":          minimal + "healthcheckPath: /\n",
		"unknown nested key":   strings.Replace(minimal, "repository:", "repo:", 1),
		"missing name":         strings.Replace(minimal, "name: web\n", "", 1),
		"missing domains":      strings.Replace(minimal, "domains:\n  - web.example.com\n", "", 1),
		"port 70000":           minimal + "port: 70000\n",
		"port 80a":             minimal + "port: 80a\n",
		"replicas 0":           minimal + "replicas: 0\n",
		"upper-case domain":    strings.Replace(minimal, "web.example.com", "Web.example.com", 1),
		"single-label domain":  strings.Replace(minimal, "web.example.com", "web", 1),
		"repository with tag":  strings.Replace(minimal, "acme/web", "acme/web:1", 1),
		"env with both":        minimal + "env: [{name: A, value: x, secretName: y}]\n",
		"env with neither":     minimal + "env: [{name: A}]\n",
		"key beside apps":      "name: x\napps:\n" + indent(minimal),
		"empty apps":           "apps: []\n",
		"timeout without unit": minimal + "healthTimeout: 30\n",
		"negative parallelism": minimal + "update:\n  parallelism: -1\n",
		"unknown order":        minimal + "update:\n  order: rolling\n",
	}
	for name, data := range tests {
		if err := sch.Validate(yamlInstance(t, []byte(data))); err == nil {
			t.Errorf("schema accepts %s", name)
		}
		if _, err := Parse("haloy.yaml", []byte(data)); err == nil {
			t.Errorf("Parse accepts %s, which the schema rejects", name)
		}
	}
}
