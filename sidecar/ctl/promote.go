package ctl

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// PromotePath is the endpoint that holds a promotion: a POST of a
// PromoteRequest is answered once the deployment is promoted, and the
// promotion is dropped if the request ends first (the deploy went away).
const PromotePath = "/v1/promotions"

// PromoteRequest names the deployment to promote once it is ready.
type PromoteRequest struct {
	// App is the app's name.
	App string `json:"app"`
	// ID is the registered deployment's id.
	ID string `json:"id"`
}

// promoteHandler answers PromotePath with promote, which blocks until the
// deployment is promoted or the request's context ends.
func promoteHandler(promote func(ctx context.Context, app, id string) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if promote == nil {
			http.Error(w, "this sidecar holds no promotions", http.StatusNotImplemented)
			return
		}
		var req PromoteRequest
		if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&req); err != nil || req.App == "" || req.ID == "" {
			http.Error(w, "the body must be {\"app\": APP, \"id\": DEPLOYMENT-ID}", http.StatusBadRequest)
			return
		}
		if err := promote(r.Context(), req.App, req.ID); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		w.WriteHeader(http.StatusOK)
	}
}

// PromoteWhenReady asks the daemon at socket to route deployment id of app
// as soon as every replica of it is ready, and blocks until it did. When
// ctx ends first the daemon forgets the request: a deploy that went away
// never promotes.
func PromoteWhenReady(ctx context.Context, socket, app, id string) error {
	body, err := json.Marshal(PromoteRequest{App: app, ID: id})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://sidecar"+PromotePath, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := client(socket).Do(req)
	if err != nil {
		return fmt.Errorf("asking the sidecar to promote %s of %s: %w", id, app, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("promoting %s of %s: %s", id, app, strings.TrimSpace(string(msg)))
	}
	return nil
}
