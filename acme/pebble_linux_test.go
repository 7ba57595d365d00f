package acme

import (
	"os/exec"
	"syscall"
)

// configureChild makes the kernel kill a started server if the test
// binary dies without cleaning up (a panic, a timeout).
func configureChild(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
