package engine

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/haloydev/haloy/labels"
)

// Labels of a lock container naming the process holding it.
const (
	lockHostLabel = labels.Lock + ".host"
	lockPIDLabel  = labels.Lock + ".pid"
)

// ownerGone reports whether the lock with labels l was taken by a process
// on this host that no longer runs. A lock taken on another host (through
// a remote Docker context) cannot be checked and waits for its stale time.
func ownerGone(l map[string]string) bool {
	pid, err := strconv.Atoi(l[lockPIDLabel])
	if err != nil || pid <= 0 || l[lockHostLabel] != hostname() {
		return false
	}
	return !processRuns(pid)
}

// processRuns reports whether process pid exists and is not a zombie.
func processRuns(pid int) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !os.IsNotExist(err) // no /proc (macOS): trust kill
	}
	// The state follows the command name in parentheses: "pid (comm) S ...".
	s := string(stat)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}
