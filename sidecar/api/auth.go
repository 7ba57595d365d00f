package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
)

// tokenPattern characters: a token is base64url text.
const tokenChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// maxTokenLen bounds a presented token; longer ones are malformed.
const maxTokenLen = 256

// authorize checks the request's bearer token against the stored one,
// refusing clients with too many recent failures before it looks at the
// token. It writes the error answer and returns false when refused.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) bool {
	ip := s.clientIP(r)
	if wait, blocked := s.failures.blocked(ip); blocked {
		w.Header().Set("Retry-After", seconds(wait))
		writeError(w, http.StatusTooManyRequests, ErrorBody{
			Error: "too many failed authentication attempts from " + ip,
			Hint:  "wait " + seconds(wait) + " s, then send the token from `docker haloy api token` as Authorization: Bearer <token>",
		})
		return false
	}
	want, err := s.token()
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, ErrorBody{Error: err.Error(), Hint: "restart the sidecar (docker haloy init) to create the token"})
		return false
	}
	got, err := bearer(r)
	if err == nil && !sameToken(got, want) {
		err = errors.New("the bearer token is wrong")
	}
	if err != nil {
		s.failures.fail(ip)
		s.log.Warn("api: refused a request", "client", ip, "method", r.Method, "path", r.URL.Path, "reason", err)
		w.Header().Set("WWW-Authenticate", `Bearer realm="haloy"`)
		writeError(w, http.StatusUnauthorized, ErrorBody{
			Error: err.Error(),
			Hint:  "send Authorization: Bearer <token>; print the token on the server with: docker haloy api token",
		})
		return false
	}
	return true
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (string, error) {
	values := r.Header.Values("Authorization")
	switch {
	case len(values) == 0:
		return "", errors.New("the Authorization header is missing")
	case len(values) > 1:
		return "", errors.New("more than one Authorization header")
	}
	scheme, tok, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", errors.New("the Authorization header is not a bearer token")
	}
	tok = strings.TrimSpace(tok)
	if tok == "" || len(tok) > maxTokenLen || strings.Trim(tok, tokenChars) != "" {
		return "", errors.New("the bearer token is malformed")
	}
	return tok, nil
}

// sameToken compares in constant time; hashing first makes the time
// independent of the lengths too.
func sameToken(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
