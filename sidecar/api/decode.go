package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/haloydev/haloy/internal/suggest"
	"github.com/haloydev/haloy/wire"
)

// MaxBodyBytes bounds a request body.
const MaxBodyBytes = 1 << 20

// deployBody is a DeployRequest as sent: the app is kept raw for the
// haloy.yaml decoder.
type deployBody struct {
	App          json.RawMessage   `json:"app"`
	Env          map[string]string `json:"env,omitempty"`
	Timeout      Duration          `json:"timeout,omitzero"`
	DeploymentID string            `json:"deploymentId,omitempty"`
}

// DecodeDeployRequest reads a DeployRequest for app (the name in the URL):
// one JSON object with only known fields, whose app is read by the
// haloy.yaml decoder and validation (JSON being YAML), so the API accepts
// what `docker haloy validate` accepts, with the same errors. An app
// without a name gets app's. Errors are *RequestError values naming the
// field.
func DecodeDeployRequest(app string, r io.Reader) (DeployRequest, error) {
	var body deployBody
	if err := decodeStrict(r, &body, false); err != nil {
		return DeployRequest{}, err
	}
	a, err := decodeApp(app, body.App)
	if err != nil {
		return DeployRequest{}, err
	}
	return DeployRequest{App: a, Env: body.Env, Timeout: body.Timeout, DeploymentID: body.DeploymentID}, nil
}

// DecodeRollbackRequest reads a RollbackRequest; an empty body is an
// empty request.
func DecodeRollbackRequest(r io.Reader) (RollbackRequest, error) {
	var req RollbackRequest
	if err := decodeStrict(r, &req, true); err != nil {
		return RollbackRequest{}, err
	}
	return req, nil
}

// decodeStrict decodes exactly one JSON object into v, refusing unknown
// fields and trailing data.
func decodeStrict(r io.Reader, v any, emptyOK bool) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return readError(err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if emptyOK {
			return nil
		}
		return badRequest("", "the request body is empty", `send a JSON object, e.g. {"app": {"name": "my-app", ...}, "env": {...}}`)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, data, reflect.TypeOf(v).Elem())
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("", "the body has data after its JSON object", "send exactly one JSON object")
	}
	return nil
}

// readError turns a body read failure into a RequestError.
func readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &RequestError{
			Status: http.StatusRequestEntityTooLarge,
			Reason: fmt.Sprintf("the request body is larger than %d bytes", tooBig.Limit),
			Hint:   "send only the app configuration and its resolved environment",
		}
	}
	return badRequest("", "reading the request body: "+err.Error(), "send the body again")
}

// jsonError explains a decoding error, naming the field when it can.
func jsonError(err error, data []byte, into reflect.Type) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var dur *durationError
	switch {
	case errors.As(err, &syntax):
		line, col := position(data, syntax.Offset)
		return badRequest("", fmt.Sprintf("the body is not valid JSON: %s at line %d, column %d", syntax, line, col), "check the JSON syntax near that place")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "the body ends in the middle of its JSON", "send the complete JSON object")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return badRequest("", fmt.Sprintf("the body must be a JSON object, not %s", typ.Value), `send a JSON object such as {"app": {...}}`)
		}
		return badRequest(field, fmt.Sprintf("%s must be %s, not %s", field, jsonKind(typ.Type), typ.Value), fmt.Sprintf("write %s as %s", field, jsonKind(typ.Type)))
	case errors.As(err, &dur):
		return badRequest("timeout", "timeout "+dur.Error(), `write a duration such as "2m" or "90s"`)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return unknownField(strings.Trim(name, `"`), into)
	}
	return badRequest("", "the body could not be read: "+err.Error(), "send a JSON object matching the API's request format")
}

// unknownField names an unknown key with a "did you mean" hint from every
// field name of the request type.
func unknownField(name string, into reflect.Type) error {
	hint := "remove it; see the API's request format in README.md#http-api-and-the-remote-client"
	if near := suggest.Closest(name, fieldNames(into, map[reflect.Type]bool{})); near != "" {
		hint = fmt.Sprintf("did you mean %q?", near)
	}
	return badRequest(name, fmt.Sprintf("unknown field %q", name), hint)
}

// fieldNames lists the JSON names of t's fields and of the structs below.
func fieldNames(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return nil
	}
	seen[t] = true
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			out = append(out, name)
		}
		out = append(out, fieldNames(f.Type, seen)...)
	}
	return out
}

// jsonKind names the JSON type that decodes into t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a " + t.String()
}

// position converts a byte offset to a 1-based line and column.
func position(data []byte, offset int64) (int, int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n') - 1 // offset is just past the bad byte
	return line, col
}

// durationError is a timeout that is not a duration string.
type durationError = wire.DurationError
