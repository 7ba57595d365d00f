package jsonout

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

type inner struct {
	Names []string `json:"names"`
}

type outer struct {
	List   []inner           `json:"list"`
	Ptr    *inner            `json:"ptr"`
	Map    map[string]inner  `json:"map"`
	When   time.Time         `json:"when"`
	Raw    []byte            `json:"raw"`
	Labels map[string]string `json:"labels"`
	hidden []string
}

func TestWriteNeverPrintsNullLists(t *testing.T) {
	v := outer{List: []inner{{}}, Ptr: &inner{}, Map: map[string]inner{"a": {}}, Labels: map[string]string{"Some_Key": "x"}, hidden: nil}
	var out bytes.Buffer
	if err := Write(&out, v); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Count(got, `"names": []`) != 3 || !strings.Contains(got, `"raw": ""`) {
		t.Errorf("output:\n%s", got)
	}
	if v.List[0].Names != nil || v.Ptr.Names != nil {
		t.Error("Write modified its argument")
	}
	if bad := Check(out.Bytes(), "labels"); len(bad) != 0 {
		t.Errorf("Check = %v, want nothing (labels' keys are data)", bad)
	}
}

func TestCheckFindsKeyStyleAndNulls(t *testing.T) {
	bad := Check([]byte(`{"Canonical":"a","ok":[],"snake_case":1,"list":null,"apps":[{"Name":"x"}]}`))
	want := []string{`key "Canonical"`, `key "snake_case"`, `$.list is null`, `$.apps[0]: key "Name"`}
	for _, w := range want {
		found := false
		for _, b := range bad {
			found = found || strings.Contains(b, w)
		}
		if !found {
			t.Errorf("Check missed %q: %v", w, bad)
		}
	}
	if len(bad) != len(want) {
		t.Errorf("Check = %v, want %d findings", bad, len(want))
	}
}
