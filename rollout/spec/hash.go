package spec

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"
)

// ContainerLabels returns the labels replica number (1-based) of s must
// carry: its own (dev.haloy.*) plus Compose's, config hash included.
func (s Service) ContainerLabels(number int) map[string]string {
	return ComposeLabels(s.Labels, ComposeService{
		Project: s.Project, Service: s.Name, WorkingDir: s.WorkingDir,
		ConfigFiles: strings.Join(s.ConfigFiles, ","),
		ConfigHash:  s.ConfigHash(),
		Image:       cmp.Or(s.ImageID, s.Image),
	}, number)
}

// ConfigHash is the service configuration hash Compose v2 computes for its
// config-hash label: the hex SHA-256 of the service as compose-go marshals
// it to JSON, without what Compose leaves out (deploy.replicas among it).
// So a `docker compose up` of the same project finds the containers
// current. The encoding below follows compose-go's field order and
// omissions for the fields a Haloy service sets; rollout/project's tests
// compare it with compose-go's.
func (s Service) ConfigHash() string {
	data, err := json.Marshal(hashed(s))
	if err != nil { // plain strings, maps and bools always marshal
		panic("spec: marshalling service " + s.Name + ": " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// hashedService is compose-go's JSON form of a service, for the fields a
// Haloy service sets, in compose-go's order.
type hashedService struct {
	Deploy          hashedDeploy         `json:"deploy"`
	Restart         string               `json:"restart,omitempty"`
	Command         []string             `json:"command"`
	Entrypoint      []string             `json:"entrypoint"`
	Environment     map[string]string    `json:"environment,omitempty"`
	Image           string               `json:"image,omitempty"`
	Labels          map[string]string    `json:"labels,omitempty"`
	Networks        map[string]*struct{} `json:"networks,omitempty"`
	StopGracePeriod string               `json:"stop_grace_period,omitempty"`
	Volumes         []hashedVolume       `json:"volumes,omitempty"`
}

type hashedDeploy struct {
	Resources struct{} `json:"resources"`
	Placement struct{} `json:"placement"`
}

type hashedVolume struct {
	Type     string        `json:"type,omitempty"`
	Source   string        `json:"source,omitempty"`
	Target   string        `json:"target,omitempty"`
	ReadOnly bool          `json:"read_only,omitempty"`
	Bind     *hashedBind   `json:"bind,omitempty"`
	Volume   *hashedVolOpt `json:"volume,omitempty"`
}

type hashedBind struct {
	SELinux        string `json:"selinux,omitempty"`
	Propagation    string `json:"propagation,omitempty"`
	CreateHostPath *bool  `json:"create_host_path,omitempty"` // set only when false
}

type hashedVolOpt struct {
	NoCopy bool `json:"nocopy,omitempty"`
}

func hashed(s Service) hashedService {
	h := hashedService{
		Restart: s.Restart, Environment: s.Env, Image: s.Image, Labels: s.Labels,
		StopGracePeriod: time.Duration(s.StopGrace).String(),
	}
	if s.Network != "" {
		h.Networks = map[string]*struct{}{s.Network: nil}
	}
	for _, v := range s.Volumes {
		hv := hashedVolume{Type: v.Type, Source: v.Source, Target: v.Target, ReadOnly: v.ReadOnly}
		if b := v.Bind; b != nil {
			hv.Bind = &hashedBind{SELinux: b.SELinux, Propagation: b.Propagation}
			if !b.CreateHostPath {
				f := false
				hv.Bind.CreateHostPath = &f
			}
		}
		if o := v.Volume; o != nil {
			hv.Volume = &hashedVolOpt{NoCopy: o.NoCopy}
		}
		h.Volumes = append(h.Volumes, hv)
	}
	return h
}
