package project

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/format"
	"github.com/compose-spec/compose-go/v2/types"
)

// volumes parses the short "source:target[:mode]" specs with compose-go's
// parser. Relative bind sources ("./data") are resolved against workingDir.
// It returns the mounts and the sorted names of the named volumes.
func volumes(specs []string, workingDir string) ([]types.ServiceVolumeConfig, []string, error) {
	var mounts []types.ServiceVolumeConfig
	var named []string
	for _, spec := range specs {
		v, err := volume(spec, workingDir)
		if err != nil {
			return nil, nil, fmt.Errorf("volume %q: %w", spec, err)
		}
		mounts = append(mounts, v)
		if v.Type == types.VolumeTypeVolume && !slices.Contains(named, v.Source) {
			named = append(named, v.Source)
		}
	}
	slices.Sort(named)
	return mounts, named, nil
}

func volume(spec, workingDir string) (types.ServiceVolumeConfig, error) {
	v, err := format.ParseVolume(spec)
	if err != nil {
		return v, err
	}
	switch {
	case v.Source == "":
		return v, errors.New("has no source; use source:target, e.g. data:/var/lib/app")
	case !filepath.IsAbs(v.Target):
		return v, errors.New("target must be an absolute path in the container")
	case v.Type != types.VolumeTypeBind:
		return v, nil
	}
	return v, resolveBind(&v, workingDir)
}

// resolveBind makes a relative bind source absolute against workingDir.
func resolveBind(v *types.ServiceVolumeConfig, workingDir string) error {
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
