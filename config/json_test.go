package config

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// TestAppJSONReadsBackThroughParse pins that an app written as JSON (what
// the clients send to the API) is read by Parse to the same app: JSON is
// YAML, and the API decodes apps with Parse.
func TestAppJSONReadsBackThroughParse(t *testing.T) {
	for _, f := range []string{"testdata/valid-full.yaml", "testdata/valid-minimal.yaml", "testdata/valid-apps.yaml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		apps, err := Parse(f, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apps {
			js, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Parse("app.json", js)
			if err != nil {
				t.Errorf("%s: app %s as JSON does not parse: %v\n%s", f, a.Name, err, js)
				continue
			}
			if !reflect.DeepEqual(back, []App{a}) {
				t.Errorf("%s: app %s read back as %+v, want %+v", f, a.Name, back, a)
			}
		}
	}
}

func TestEnvVarJSONKeepsEmptyValue(t *testing.T) {
	for _, tt := range []struct {
		v    EnvVar
		want string
	}{
		{EnvVar{Name: "A"}, `{"name":"A","value":""}`},
		{EnvVar{Name: "A", Value: "1"}, `{"name":"A","value":"1"}`},
		{EnvVar{Name: "A", SecretName: "s"}, `{"name":"A","secretName":"s"}`},
	} {
		got, err := json.Marshal(tt.v)
		if err != nil || string(got) != tt.want {
			t.Errorf("Marshal(%+v) = %s, %v; want %s", tt.v, got, err, tt.want)
		}
	}
}
