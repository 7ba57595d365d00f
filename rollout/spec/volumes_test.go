package spec

import (
	"slices"
	"strings"
	"testing"
)

func TestVolumes(t *testing.T) {
	tests := []struct {
		spec     string
		typ      string
		source   string
		target   string
		readOnly bool
	}{
		{spec: "data:/var/lib/app", typ: MountVolume, source: "data", target: "/var/lib/app"},
		{spec: "data:/var/lib/app:ro", typ: MountVolume, source: "data", target: "/var/lib/app", readOnly: true},
		{spec: "/srv/x:/x", typ: MountBind, source: "/srv/x", target: "/x"},
		{spec: "/srv/x:/x:rw", typ: MountBind, source: "/srv/x", target: "/x"},
		{spec: "./conf:/etc/app:ro", typ: MountBind, source: "/work/app/conf", target: "/etc/app", readOnly: true},
		{spec: "../shared:/shared", typ: MountBind, source: "/work/shared", target: "/shared"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, _, err := volumes([]string{tt.spec}, "/work/app")
			if err != nil {
				t.Fatal(err)
			}
			v := got[0]
			if v.Type != tt.typ || v.Source != tt.source || v.Target != tt.target || v.ReadOnly != tt.readOnly {
				t.Errorf("got type=%s source=%s target=%s ro=%t, want type=%s source=%s target=%s ro=%t",
					v.Type, v.Source, v.Target, v.ReadOnly, tt.typ, tt.source, tt.target, tt.readOnly)
			}
		})
	}
}

func TestVolumesNamed(t *testing.T) {
	_, named, err := volumes([]string{"bb:/b", "/host:/h", "aa:/a", "bb:/b2:ro"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"aa", "bb"}; !slices.Equal(named, want) {
		t.Errorf("named = %v, want %v (sorted, once each, no bind mounts)", named, want)
	}
}

func TestVolumesErrors(t *testing.T) {
	tests := []struct {
		spec       string
		workingDir string
		wantErr    string
	}{
		{spec: "/only-target", wantErr: "has no source"},
		{spec: "data:relative/target", wantErr: "target must be an absolute path"},
		{spec: "data:/b:ro:extra", wantErr: "invalid spec"},
		{spec: "~/data:/data", workingDir: "/w", wantErr: "~ is not expanded"},
		{spec: "./data:/data", wantErr: "needs a working directory"},
		{spec: "", wantErr: "invalid empty volume spec"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, _, err := volumes([]string{tt.spec}, tt.workingDir)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), `volume "`+tt.spec+`"`) {
				t.Errorf("err = %v, want it to name the spec", err)
			}
		})
	}
}
