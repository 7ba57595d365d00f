package acme

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// fakeCA is a minimal ACME server on loopback for the account handling:
// a directory, nonces, new accounts and new orders. It refuses every
// order, with accountDoesNotExist for accounts it does not know and with
// unauthorized otherwise, and records each order it gets.
type fakeCA struct {
	*httptest.Server
	// forgetful makes the CA forget each account right after creating it.
	forgetful bool

	mu            sync.Mutex
	accounts      map[string]bool // account URLs the CA knows
	registrations int
	orders        []fakeOrder
}

// fakeOrder is a new-order request as the fake CA saw it.
type fakeOrder struct {
	kid      string // the account URL that signed it
	replaces string // the certificate it replaces (RFC 9773), if any
}

// newFakeCA starts a fakeCA, closed at the end of the test.
func newFakeCA(t *testing.T, forgetful bool) *fakeCA {
	t.Helper()
	ca := &fakeCA{forgetful: forgetful, accounts: make(map[string]bool)}
	mux := http.NewServeMux()
	mux.HandleFunc("/dir", ca.directory)
	mux.HandleFunc("/nonce", func(w http.ResponseWriter, _ *http.Request) { ca.nonce(w) })
	mux.HandleFunc("/new-account", ca.newAccount)
	mux.HandleFunc("/new-order", ca.newOrder)
	ca.Server = httptest.NewTLSServer(mux)
	t.Cleanup(ca.Close)
	return ca
}

// directory serves the ACME directory.
func (ca *fakeCA) directory(w http.ResponseWriter, _ *http.Request) {
	ca.reply(w, http.StatusOK, map[string]string{
		"newNonce": ca.URL + "/nonce", "newAccount": ca.URL + "/new-account", "newOrder": ca.URL + "/new-order",
		"revokeCert": ca.URL + "/revoke", "keyChange": ca.URL + "/key-change", "renewalInfo": ca.URL + "/ari",
	})
}

// nonce sets a fresh Replay-Nonce header.
func (ca *fakeCA) nonce(w http.ResponseWriter) {
	w.Header().Set("Replay-Nonce", base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprint(len(ca.orders), ca.registrations))))
}

// newAccount creates an account.
func (ca *fakeCA) newAccount(w http.ResponseWriter, _ *http.Request) {
	ca.mu.Lock()
	ca.registrations++
	url := fmt.Sprintf("%s/acct/%d", ca.URL, ca.registrations)
	ca.accounts[url] = !ca.forgetful
	ca.mu.Unlock()
	w.Header().Set("Location", url)
	ca.reply(w, http.StatusCreated, map[string]string{"status": "valid"})
}

// newOrder records the order and refuses it.
func (ca *fakeCA) newOrder(w http.ResponseWriter, r *http.Request) {
	o, err := decodeOrder(r)
	if err != nil {
		ca.reply(w, http.StatusBadRequest, map[string]string{"type": "urn:ietf:params:acme:error:malformed", "detail": err.Error()})
		return
	}
	ca.mu.Lock()
	ca.orders = append(ca.orders, o)
	known := ca.accounts[o.kid]
	ca.mu.Unlock()
	if !known {
		ca.reply(w, http.StatusBadRequest, map[string]string{"type": "urn:ietf:params:acme:error:accountDoesNotExist", "detail": "no such account"})
		return
	}
	ca.reply(w, http.StatusForbidden, map[string]string{"type": "urn:ietf:params:acme:error:unauthorized", "detail": "orders are closed"})
}

// reply sends v as JSON with a fresh nonce.
func (ca *fakeCA) reply(w http.ResponseWriter, status int, v any) {
	ca.nonce(w)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// decodeOrder reads the signer and the replaces field of a JWS new-order
// request (the signature is not checked).
func decodeOrder(r *http.Request) (fakeOrder, error) {
	var jws struct{ Protected, Payload string }
	if err := json.NewDecoder(r.Body).Decode(&jws); err != nil {
		return fakeOrder{}, err
	}
	var header struct{ Kid string }
	var payload struct{ Replaces string }
	if err := decodeSegment(jws.Protected, &header); err != nil {
		return fakeOrder{}, err
	}
	if err := decodeSegment(jws.Payload, &payload); err != nil {
		return fakeOrder{}, err
	}
	return fakeOrder{kid: header.Kid, replaces: payload.Replaces}, nil
}

// decodeSegment decodes a base64url JSON segment of a JWS into v.
func decodeSegment(seg string, v any) error {
	data, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// snapshot returns the registrations and orders so far.
func (ca *fakeCA) snapshot() (int, []fakeOrder) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	return ca.registrations, append([]fakeOrder(nil), ca.orders...)
}
