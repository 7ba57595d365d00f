package project

import (
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
)

func TestConfigHash(t *testing.T) {
	p, err := FromApp(testApp(), Options{DeploymentID: "20260102030405"})
	if err != nil {
		t.Fatal(err)
	}
	base := p.Services["shop"]
	h0 := mustHash(t, base)
	if len(h0) != 64 {
		t.Fatalf("hash %q is not hex SHA-256", h0)
	}

	scaled := base
	deploy := *base.Deploy
	five := 5
	deploy.Replicas = &five
	scaled.Deploy = &deploy
	scaled.Profiles = []string{"x"}
	scaled.PullPolicy = types.PullPolicyAlways
	scaled.DependsOn = types.DependsOnConfig{"db": {Condition: types.ServiceConditionStarted}}
	if mustHash(t, scaled) != h0 {
		t.Error("replicas, profiles, pull_policy and depends_on must not change the hash")
	}
	if *base.Deploy.Replicas != 1 {
		t.Error("ConfigHash must not clear the caller's deploy.replicas")
	}

	relabelled := base
	relabelled.Labels = types.Labels{"dev.haloy.appName": "other"}
	if mustHash(t, relabelled) == h0 {
		t.Error("different labels must change the hash")
	}
	retagged := base
	retagged.Image = "example/shop:other"
	if mustHash(t, retagged) == h0 {
		t.Error("a different image must change the hash")
	}
}

func mustHash(t *testing.T, s types.ServiceConfig) string {
	t.Helper()
	h, err := ConfigHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
