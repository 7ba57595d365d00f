package labels

import "testing"

func TestChallengeDefaultsToHTTP01(t *testing.T) {
	r, err := Decode(valid())
	if err != nil {
		t.Fatal(err)
	}
	if r.ACMEChallenge != "" || r.Challenge() != ChallengeHTTP01 {
		t.Errorf("without the label: ACMEChallenge %q, Challenge() %q; want \"\" and %s", r.ACMEChallenge, r.Challenge(), ChallengeHTTP01)
	}
	if _, set := valid()[ACMEChallenge]; set {
		t.Errorf("Encode wrote %s for a route without a challenge", ACMEChallenge)
	}
	r, err = Decode(with(map[string]string{ACMEChallenge: ChallengeTLSALPN01}))
	if err != nil || r.Challenge() != ChallengeTLSALPN01 {
		t.Errorf("with %s=%s: %q, %v", ACMEChallenge, ChallengeTLSALPN01, r.Challenge(), err)
	}
}
