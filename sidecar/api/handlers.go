package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/haloydev/haloy/rollout/engine"
	"github.com/haloydev/haloy/sidecar/history"
	"github.com/haloydev/haloy/wire/certstatus"
)

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) versionInfo(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, VersionBody{Version: s.version, Commit: s.commit, API: "v1"})
}

// apps answers the reconcile status: apps, deployments, replicas, health
// and label problems.
func (s *Server) apps(w http.ResponseWriter, r *http.Request) {
	st, err := s.backend.Status(r.Context())
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// certificates answers the certificate status (a report without domains
// when the sidecar has no certificate work).
func (s *Server) certificates(w http.ResponseWriter, _ *http.Request) {
	certs := certstatus.Report{Domains: []certstatus.Domain{}}
	if s.certs != nil {
		certs = s.certs()
	}
	writeJSON(w, http.StatusOK, map[string]any{"certificates": certs})
}

func (s *Server) deployments(w http.ResponseWriter, r *http.Request) {
	entries, err := s.backend.History(r.Context(), r.PathValue("app"))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"app": r.PathValue("app"), "deployments": entries})
}

func (s *Server) deploy(w http.ResponseWriter, r *http.Request) {
	app := r.PathValue("app")
	req, err := DecodeDeployRequest(app, r.Body)
	if err == nil {
		err = s.checkReserved(app)
	}
	if err == nil {
		err = checkDeploy(app, &req)
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	op := s.ops.start(app, "deploy")
	go s.run(op, func() (string, error) { return s.backend.Deploy(s.ctx, req, op) })
	writeJSON(w, http.StatusAccepted, op.snapshot())
}

func (s *Server) rollback(w http.ResponseWriter, r *http.Request) {
	app, id := r.PathValue("app"), r.PathValue("id")
	req, err := DecodeRollbackRequest(r.Body)
	if err == nil {
		err = s.checkReserved(app)
	}
	if err == nil {
		err = checkTimeout(req.Timeout)
	}
	if err == nil {
		err = s.checkRollback(r, app, id, req)
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	op := s.ops.start(app, "rollback")
	go s.run(op, func() (string, error) {
		return s.backend.Rollback(s.ctx, app, id, req.Env, time.Duration(req.Timeout), op)
	})
	writeJSON(w, http.StatusAccepted, op.snapshot())
}

// checkRollback refuses a rollback the backend would refuse, before it is
// started: an unknown deployment, a missing secret value, a host mount.
func (s *Server) checkRollback(r *http.Request, app, id string, req RollbackRequest) error {
	entries, err := s.backend.History(r.Context(), app)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.ID == id {
			if err := checkRemote(e.Snapshot.App); err != nil {
				return err
			}
			return checkEnv(e.Snapshot.App, req.Env)
		}
	}
	return &RequestError{Status: http.StatusNotFound, Field: "id", Reason: "app " + quote(app) + " has no deployment " + quote(id) + " in its history",
		Hint: "list the rollback targets with GET /v1/apps/" + app + "/deployments"}
}

func (s *Server) stop(w http.ResponseWriter, r *http.Request) {
	app := r.PathValue("app")
	if err := s.checkReserved(app); err != nil {
		s.fail(w, err)
		return
	}
	n, err := s.backend.Stop(r.Context(), app)
	if err == nil && n == 0 {
		err = &RequestError{Status: http.StatusNotFound, Field: "app", Reason: "no containers of app " + quote(app) + " found", Hint: "list the apps with GET /v1/apps"}
	}
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, StopResult{App: app, Removed: n})
}

func (s *Server) operation(w http.ResponseWriter, r *http.Request) {
	if op := s.findOp(w, r); op != nil {
		writeJSON(w, http.StatusOK, op.snapshot())
	}
}

// run runs an operation in the background and records its result.
func (s *Server) run(op *operation, do func() (string, error)) {
	id, err := do()
	op.finish(id, err)
	info := op.snapshot()
	s.log.Info("api: operation finished", "op", info.ID, "app", info.App, "kind", info.Kind, "deployment", id, "error", info.Error)
}

func (s *Server) checkReserved(app string) error {
	if s.reserved[app] {
		return &RequestError{Status: http.StatusForbidden, Field: "app", Reason: "app " + quote(app) + " is the API itself", Hint: "manage Haloy's own containers with docker haloy init"}
	}
	return nil
}

func (s *Server) findOp(w http.ResponseWriter, r *http.Request) *operation {
	op := s.ops.get(r.PathValue("app"), r.PathValue("op"))
	if op == nil {
		s.fail(w, &RequestError{Status: http.StatusNotFound, Field: "op", Reason: "no deploy " + quote(r.PathValue("op")) + " of app " + quote(r.PathValue("app")),
			Hint: "use the id the deploy or rollback request answered; the sidecar remembers the last " + strconv.Itoa(keepOps)})
	}
	return op
}

// fail answers err: a RequestError as it says, a missing deployment as
// 404, a held deploy lock as 409, anything else as 500.
func (s *Server) fail(w http.ResponseWriter, err error) {
	var re *RequestError
	switch {
	case errors.As(err, &re):
		writeError(w, re.Status, re.body())
	case errors.Is(err, history.ErrNotFound):
		writeError(w, http.StatusNotFound, ErrorBody{Error: err.Error(), Hint: "list the deployments with GET /v1/apps/{app}/deployments"})
	case errors.Is(err, engine.ErrLocked):
		writeError(w, http.StatusConflict, ErrorBody{Error: err.Error(), Hint: "wait for the running deploy to finish"})
	default:
		s.log.Error("api: request failed", "err", err)
		writeError(w, http.StatusInternalServerError, ErrorBody{Error: err.Error(), Hint: "see the sidecar's log: docker logs haloy-sidecar"})
	}
}

func quote(s string) string {
	return strconv.Quote(s)
}
