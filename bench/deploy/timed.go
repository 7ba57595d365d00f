package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"
)

// timedOutput collects a command's output, noting when each line arrived.
type timedOutput struct {
	mu    sync.Mutex
	start time.Time
	buf   bytes.Buffer
	lines []string
}

func newTimedOutput() *timedOutput { return &timedOutput{start: time.Now()} }

func (t *timedOutput) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	at := time.Since(t.start)
	t.buf.Write(p)
	for _, l := range strings.SplitAfter(string(p), "\n") {
		if strings.TrimSpace(l) != "" {
			t.lines = append(t.lines, fmt.Sprintf("%7s  %s", at.Round(time.Millisecond), strings.TrimRight(l, "\n")))
		}
	}
	return len(p), nil
}

// String is the output as written.
func (t *timedOutput) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

// timeline is the output's lines, each after the time it arrived.
func (t *timedOutput) timeline() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return "    " + strings.Join(t.lines, "\n    ")
}
