package engine

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

func TestOwnerGone(t *testing.T) {
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("no true command:", err)
	}
	here, self := hostname(), strconv.Itoa(os.Getpid())
	tests := []struct {
		name   string
		labels map[string]string
		want   bool
	}{
		{"this process", map[string]string{lockHostLabel: here, lockPIDLabel: self}, false},
		{"exited process on this host", map[string]string{lockHostLabel: here, lockPIDLabel: strconv.Itoa(dead.Process.Pid)}, true},
		{"another host", map[string]string{lockHostLabel: "elsewhere", lockPIDLabel: strconv.Itoa(dead.Process.Pid)}, false},
		{"old lock without pid", map[string]string{lockOwnerLabel: "somebody"}, false},
		{"garbage pid", map[string]string{lockHostLabel: here, lockPIDLabel: "x"}, false},
	}
	for _, tt := range tests {
		if got := ownerGone(tt.labels); got != tt.want {
			t.Errorf("%s: ownerGone = %v, want %v", tt.name, got, tt.want)
		}
	}
}
