package spec

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The mount types of a Volume.
const (
	// MountVolume is a named Docker volume.
	MountVolume = "volume"
	// MountBind is a host path.
	MountBind = "bind"
)

// Volume is one short "source:target[:options]" volume spec, parsed as
// Compose parses it (rollout/project's tests compare the two).
type Volume struct {
	// Type is MountVolume or MountBind.
	Type string
	// Source is the volume's name or the (absolute) host path.
	Source string
	// Target is the absolute path in the container.
	Target string
	// ReadOnly is the "ro" option.
	ReadOnly bool
	// Bind holds the bind options; Compose sets it for every bind.
	Bind *BindOptions
	// Volume holds the volume options; Compose sets it for every volume.
	Volume *VolumeOptions
}

// BindOptions are a bind mount's options.
type BindOptions struct {
	// SELinux is the relabelling option (z or Z).
	SELinux string
	// Propagation is the mount propagation (rprivate, shared, ...).
	Propagation string
	// CreateHostPath creates a missing host path (always, for the short form).
	CreateHostPath bool
}

// VolumeOptions are a named volume's options.
type VolumeOptions struct {
	// NoCopy does not copy the image's data into a new volume.
	NoCopy bool
}

// ParseVolume parses a short volume spec. It does not resolve relative
// host paths; FromApp does.
func ParseVolume(spec string) (Volume, error) {
	var v Volume
	if spec == "" {
		return v, errors.New("invalid empty volume spec")
	}
	if len(spec) <= 2 {
		return Volume{Type: MountVolume, Target: spec}, nil
	}
	parts, open := sections(spec)
	for i, part := range parts {
		last := i == len(parts)-1
		if last && open {
			break // an unclosed ${ swallows the rest, as in Compose
		}
		switch {
		case part == "":
			return v, fmt.Errorf("invalid spec: %s: empty section between colons", spec)
		case i == 0 && last:
			v.Target = part // an anonymous volume
		case i == 0:
			v.Source = part
		case i == 1:
			v.Target = part
		case !last:
			return v, fmt.Errorf("invalid spec: %s: too many colons", spec)
		default:
			v.options(part)
		}
	}
	v.setType()
	return v, nil
}

// sections splits spec at the colons that are neither inside ${...} nor
// the colon of a Windows drive letter ("C:"); open reports an unclosed ${.
func sections(spec string) (parts []string, open bool) {
	var out []string
	var cur []rune
	depth := 0
	for i, r := range spec {
		switch {
		case r == '$' && i+1 < len(spec) && spec[i+1] == '{':
			depth++
		case r == '}' && depth > 0:
			depth--
		case r == ':' && depth == 0 && !(len(cur) == 1 && unicode.IsLetter(cur[0])):
			out, cur = append(out, string(cur)), nil
			continue
		}
		cur = append(cur, r)
	}
	return append(out, string(cur)), depth > 0
}

// options applies the comma-separated mode options; unknown ones are
// ignored, as Compose ignores them.
func (v *Volume) options(opts string) {
	for _, o := range strings.Split(opts, ",") {
		switch {
		case o == "ro":
			v.ReadOnly = true
		case o == "rw":
			v.ReadOnly = false
		case o == "nocopy":
			v.Volume = &VolumeOptions{NoCopy: true}
		case slices.Contains(propagations, o):
			v.bind().Propagation = o
		case o == "z" || o == "Z":
			v.bind().SELinux = o
		}
	}
}

var propagations = []string{"rprivate", "private", "rshared", "shared", "rslave", "slave"}

func (v *Volume) bind() *BindOptions {
	if v.Bind == nil {
		v.Bind = &BindOptions{}
	}
	return v.Bind
}

// setType makes a spec whose source is a path a bind mount (creating a
// missing host path), and any other a named volume.
func (v *Volume) setType() {
	if !isPath(v.Source) {
		v.Type = MountVolume
		if v.Volume == nil {
			v.Volume = &VolumeOptions{}
		}
		return
	}
	v.Type = MountBind
	v.bind().CreateHostPath = true
}

// isPath reports whether a volume source names a host path: it starts
// with ".", "/" or "~", is a Windows pipe (\\) or starts with a drive letter.
func isPath(s string) bool {
	if s == "" {
		return false
	}
	if strings.ContainsRune("./~", rune(s[0])) || strings.HasPrefix(s, `\\`) {
		return true
	}
	r, size := utf8.DecodeRuneInString(s)
	return len(s) > size && unicode.IsLetter(r) && s[size] == ':'
}

// volumes parses the app's volume specs. Relative bind sources ("./data")
// are resolved against workingDir. It returns the volumes and the sorted
// names of the named volumes.
func volumes(specs []string, workingDir string) ([]Volume, []string, error) {
	var out []Volume
	var named []string
	for _, s := range specs {
		v, err := volume(s, workingDir)
		if err != nil {
			return nil, nil, fmt.Errorf("volume %q: %w", s, err)
		}
		out = append(out, v)
		if v.Type == MountVolume && !slices.Contains(named, v.Source) {
			named = append(named, v.Source)
		}
	}
	slices.Sort(named)
	return out, named, nil
}

func volume(s, workingDir string) (Volume, error) {
	v, err := ParseVolume(s)
	if err != nil {
		return v, err
	}
	switch {
	case v.Source == "":
		return v, errors.New("has no source; use source:target, e.g. data:/var/lib/app")
	case !filepath.IsAbs(v.Target):
		return v, errors.New("target must be an absolute path in the container")
	case v.Type != MountBind:
		return v, nil
	}
	return v, resolveBind(&v, workingDir)
}

// resolveBind makes a relative bind source absolute against workingDir.
func resolveBind(v *Volume, workingDir string) error {
	switch {
	case filepath.IsAbs(v.Source):
		return nil
	case strings.HasPrefix(v.Source, "~"):
		return errors.New("~ is not expanded; use an absolute host path")
	case workingDir == "":
		return errors.New("relative host path needs a working directory; use an absolute host path")
	}
	v.Source = filepath.Join(workingDir, v.Source)
	return nil
}
