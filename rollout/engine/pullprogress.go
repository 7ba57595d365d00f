package engine

import (
	"fmt"
	"io"

	"github.com/haloydev/haloy/internal/termsafe"
	"github.com/moby/moby/api/types/jsonstream"
)

// pullPrinter writes an engine's pull progress as short lines, like
// `docker pull` does when its output is not a terminal: one line per step
// of each layer ("Pulling fs layer", "Downloading (3.2MB)", "Pull
// complete"), never the progress bars.
type pullPrinter struct {
	w    io.Writer
	last map[string]string // each layer's last printed status
}

func newPullPrinter(w io.Writer) *pullPrinter {
	return &pullPrinter{w: w, last: map[string]string{}}
}

// print writes m unless it only moves a progress bar, and returns the
// error m carries.
func (p *pullPrinter) print(m jsonstream.Message) error {
	if m.Error != nil {
		return m.Error
	}
	if m.Status == "" || p.last[m.ID] == m.Status {
		return nil // a progress update of a step already printed
	}
	p.last[m.ID] = m.Status
	line := m.Status
	if m.Progress != nil && m.Progress.Total > 0 {
		line += " (" + humanBytes(m.Progress.Total) + ")"
	}
	if m.ID != "" {
		line = m.ID + ": " + line
	}
	_, err := fmt.Fprintf(p.w, "  %s\n", termsafe.String(line))
	return err
}

// humanBytes formats n bytes like Docker does (kB, MB, GB, powers of 1000).
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%dB", n)
	}
	f, i := float64(n)/unit, 0
	for f >= unit && i < 3 {
		f /= unit
		i++
	}
	return fmt.Sprintf("%.1f%s", f, []string{"kB", "MB", "GB", "TB"}[i])
}
