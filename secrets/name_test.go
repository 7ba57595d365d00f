package secrets

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateName(t *testing.T) {
	tests := []struct {
		name string
		want string // "" for valid
	}{
		{"db-pass", ""},
		{"API_KEY.v2", ""},
		{"a", ""},
		{strings.Repeat("x", MaxNameLen), ""},
		{"", `invalid secret name: the name is empty (use 1 to 128 of: letters, digits, '_', '.' and '-')`},
		{strings.Repeat("x", MaxNameLen+1), `invalid secret name "xxxxxxxxxxxxxxxxxxxx"...: it is 129 characters long, the limit is 128`},
		{"db pass", `invalid secret name "db pass": ' ' is not allowed (use only letters, digits, '_', '.' and '-')`},
		{"a/b c/d", `invalid secret name "a/b c/d": '/', ' ' are not allowed (use only letters, digits, '_', '.' and '-')`},
		{"pässword", `invalid secret name "pässword": 'ä' is not allowed (use only letters, digits, '_', '.' and '-')`},
		{"tab\there", `invalid secret name "tab\there": '\t' is not allowed (use only letters, digits, '_', '.' and '-')`},
	}
	for _, tt := range tests {
		err := ValidateName(tt.name)
		if tt.want == "" {
			if err != nil {
				t.Errorf("ValidateName(%q) = %v, want nil", tt.name, err)
			}
			continue
		}
		wantErrText(t, err, tt.want)
		if !errors.Is(err, ErrInvalidName) {
			t.Errorf("ValidateName(%q): not ErrInvalidName", tt.name)
		}
	}
}
