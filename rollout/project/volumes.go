package project

import (
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/haloydev/haloy/rollout/spec"
)

// volumes turns the service's parsed volumes into Compose's.
func volumes(vols []spec.Volume) []types.ServiceVolumeConfig {
	var out []types.ServiceVolumeConfig
	for _, v := range vols {
		out = append(out, composeVolume(v))
	}
	return out
}

func composeVolume(v spec.Volume) types.ServiceVolumeConfig {
	c := types.ServiceVolumeConfig{Type: v.Type, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly}
	if b := v.Bind; b != nil {
		c.Bind = &types.ServiceVolumeBind{SELinux: b.SELinux, Propagation: b.Propagation, CreateHostPath: types.OptOut(b.CreateHostPath)}
	}
	if o := v.Volume; o != nil {
		c.Volume = &types.ServiceVolumeVolume{NoCopy: o.NoCopy}
	}
	return c
}
