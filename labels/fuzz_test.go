package labels

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// FuzzDecode checks that Decode never panics on any labels and that every
// route it accepts survives Encode and Decode unchanged.
func FuzzDecode(f *testing.F) {
	f.Add(labelText(valid()))
	f.Add(labelText(Encode(Route{AppName: "a", Port: "1", Domains: []Domain{
		{Canonical: "a.b", Aliases: []string{"c.d", "*.e.f"}}, {Canonical: "g.h"},
	}})))
	f.Add("role=app\nappName=x\ndomain.0=a.b\ndomain.0.alias.7=c.d\ndomain.5=e.f")
	f.Add("role=App\nappname=x\ndomain.x=a\ndomain.1.alias.0=b.c\nport=0")
	f.Add("health-check-path=/a?b\nacme.email=a@b\ndeployment-id=20240229000000")
	f.Fuzz(func(t *testing.T, text string) {
		l := parseLabelText(text)
		r, err := Decode(l)
		if err != nil {
			if len(err.(LabelErrors)) == 0 {
				t.Fatalf("Decode returned an empty error list for %v", l)
			}
			return
		}
		again, err := Decode(Encode(r))
		if err != nil {
			t.Fatalf("Decode(Encode(%#v)): %v", r, err)
		}
		if !reflect.DeepEqual(again, r) {
			t.Fatalf("round trip changed the route\n got %#v\nwant %#v", again, r)
		}
	})
}

// parseLabelText reads "key=value" lines; each key gets the dev.haloy. prefix
// so that the fuzzer spends its time inside the contract.
func parseLabelText(text string) map[string]string {
	l := map[string]string{}
	for line := range strings.SplitSeq(text, "\n") {
		k, v, _ := strings.Cut(line, "=")
		l[Prefix+k] = v
	}
	return l
}

// labelText writes labels in the form parseLabelText reads.
func labelText(l map[string]string) string {
	lines := make([]string, 0, len(l))
	for k, v := range l {
		lines = append(lines, strings.TrimPrefix(k, Prefix)+"="+v)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
