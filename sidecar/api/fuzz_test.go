package api

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecodeDeployRequest checks that any body either decodes and
// validates, or is refused with a RequestError that says what and how to
// fix it; never a panic or a bare error.
func FuzzDecodeDeployRequest(f *testing.F) {
	for _, seed := range []string{
		validDeploy, "", "{}", "[]", "null", `{"app": {"name": "web",}}`, `{"app": {"replicas": "x"}}`,
		`{"app": {"name": "web"}, "timeout": "-1s"}`, `{"env": {"A": 1}}`, `{"app": {"volumes": ["/:/h"]}}`,
		validDeploy + "{}", `{"app":{"name":"web","env":[{"name":"A","value":"1","secretName":"b"}]}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodeDeployRequest("web", bytes.NewReader(body))
		if err == nil {
			err = checkDeploy("web", &req)
		}
		if err == nil {
			if req.App.Name != "web" || req.App.Replicas < 1 || req.App.Port == "" {
				t.Fatalf("accepted an incomplete app: %+v", req.App)
			}
			return
		}
		var re *RequestError
		if !errors.As(err, &re) {
			t.Fatalf("error %v (%T) is not a RequestError", err, err)
		}
		if re.Status < 400 || re.Reason == "" || re.Hint == "" {
			t.Fatalf("RequestError without status, reason or hint: %+v", re)
		}
	})
}
