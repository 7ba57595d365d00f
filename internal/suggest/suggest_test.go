package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"healthCheckPath", "replicas", "domains", "port"}
	tests := []struct{ word, want string }{
		{"healthcheckpath", "healthCheckPath"},
		{"helthCheckPath", "healthCheckPath"},
		{"replica", "replicas"},
		{"domian", "domains"},
		{"prot", "port"},
		{"completelyunrelated", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, known); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Closest("x", nil); got != "" {
		t.Errorf("Closest with no candidates = %q, want empty", got)
	}
}
