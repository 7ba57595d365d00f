package api

import (
	"encoding/json"
	"net/http"

	"github.com/haloydev/haloy/internal/jsonout"
)

// RequestError is a request the API refuses: which field, what is wrong and
// how to fix it. Status is the HTTP status it is answered with.
type RequestError struct {
	// Status is the HTTP status code.
	Status int
	// Field is the request field at fault ("" for the whole body).
	Field string
	// Reason says what is wrong.
	Reason string
	// Hint says how to fix it.
	Hint string
}

func (e *RequestError) Error() string {
	if e.Hint == "" {
		return e.Reason
	}
	return e.Reason + " (" + e.Hint + ")"
}

// body is the error's JSON answer.
func (e *RequestError) body() ErrorBody {
	return ErrorBody{Error: e.Reason, Field: e.Field, Hint: e.Hint}
}

// badRequest is a 400 RequestError.
func badRequest(field, reason, hint string) *RequestError {
	return &RequestError{Status: http.StatusBadRequest, Field: field, Reason: reason, Hint: hint}
}

// writeJSON answers v as JSON with status, every list that is nil as []
// (never null), as the CLIs print it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(jsonout.NoNilSlices(v))
}

// writeError answers an ErrorBody.
func writeError(w http.ResponseWriter, status int, e ErrorBody) {
	writeJSON(w, status, e)
}
