package api

import (
	"net/http"
	"testing"
)

// protected lists every endpoint that needs the token, with a body that
// would be accepted.
var protected = []struct{ method, path, body string }{
	{"GET", "/v1/apps", ""},
	{"GET", "/v1/certificates", ""},
	{"GET", "/v1/apps/web/deployments", ""},
	{"POST", "/v1/apps/web/deploy", validDeploy},
	{"POST", "/v1/apps/web/rollback/20260101000000", `{"env": {"DB_PASSWORD": "x"}}`},
	{"POST", "/v1/apps/web/stop", ""},
	{"GET", "/v1/apps/web/deploys/0123456789abcdef", ""},
	{"GET", "/v1/apps/web/deploys/0123456789abcdef/events", ""},
	{"GET", "/v1/nothing-here", ""},
}

func TestProtectedEndpointsRefuseBadTokens(t *testing.T) {
	bad := map[string]string{
		"missing":        "",
		"wrong":          "Bearer " + testToken[:len(testToken)-1] + "x",
		"prefix of it":   "Bearer " + testToken[:10],
		"longer":         "Bearer " + testToken + "a",
		"basic scheme":   "Basic " + testToken,
		"no scheme":      testToken,
		"empty bearer":   "Bearer ",
		"two words":      "Bearer " + testToken + " extra",
		"bad characters": "Bearer " + testToken[:40] + "+/=",
	}
	for _, ep := range protected {
		for name, auth := range bad {
			// A fresh server per case keeps the failure limit out of the way.
			srv, f := testServer(t)
			resp, e := do(t, srv, ep.method, ep.path, auth, ep.body)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s %s with %s token: status %d (%s), want 401", ep.method, ep.path, name, resp.StatusCode, e.Error)
			}
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s with %s token: no WWW-Authenticate header", ep.method, ep.path, name)
			}
			if n := f.callCount(); n != 0 {
				t.Errorf("%s %s with %s token reached the backend (%v)", ep.method, ep.path, name, f.calls)
			}
		}
	}
}

func TestTwoAuthorizationHeadersRefused(t *testing.T) {
	srv, _ := testServer(t)
	req, _ := http.NewRequest("GET", srv.URL+"/v1/apps", nil)
	req.Header.Add("Authorization", "Bearer "+testToken)
	req.Header.Add("Authorization", "Bearer wrong")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status %d, want 401", resp.StatusCode)
	}
}

func TestProtectedEndpointsAcceptTheToken(t *testing.T) {
	for _, ep := range protected {
		srv, _ := testServer(t)
		resp, e := do(t, srv, ep.method, ep.path, "Bearer "+testToken, ep.body)
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusTooManyRequests {
			t.Errorf("%s %s with the token: status %d (%s)", ep.method, ep.path, resp.StatusCode, e.Error)
		}
	}
}

func TestHealthAndVersionNeedNoToken(t *testing.T) {
	srv, _ := testServer(t)
	for _, path := range []string{"/v1/health", "/v1/version"} {
		resp, _ := do(t, srv, "GET", path, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", path, resp.StatusCode)
		}
	}
}

func TestSameToken(t *testing.T) {
	if !sameToken(testToken, testToken) || sameToken(testToken, testToken+"a") || sameToken("", testToken) {
		t.Error("sameToken disagrees with ==")
	}
}
