//go:build !linux

package acme

import "os/exec"

// configureChild does nothing where the kernel cannot tie a child's life
// to its parent; TestMain still stops the servers on a normal exit.
func configureChild(*exec.Cmd) {}
