package deploy

import (
	"fmt"
	"strings"
)

// Batch is one step of a batched rolling update: the new replicas started
// together and, for each, the old containers it takes over from.
type Batch []Replacement

// Replacement is one new replica and the old containers it replaces.
type Replacement struct {
	// Number is the new replica's number (1-based).
	Number int
	// Replaces names the old containers it takes over from (may be none).
	Replaces []string
}

// PlanBatches splits replicas new replicas into batches of parallelism and
// gives each the old containers (by name, in order) it replaces: new
// replica n replaces old container n; the last new replica also replaces
// every old container beyond the number of replicas.
func PlanBatches(replicas, parallelism int, old []string) []Batch {
	if parallelism < 1 {
		parallelism = replicas
	}
	var out []Batch
	for start := 1; start <= replicas; start += parallelism {
		var b Batch
		for n := start; n < start+parallelism && n <= replicas; n++ {
			b = append(b, Replacement{Number: n, Replaces: replacedBy(n, replicas, old)})
		}
		out = append(out, b)
	}
	return out
}

// replacedBy is what new replica n of replicas takes over from.
func replacedBy(n, replicas int, old []string) []string {
	switch {
	case n > len(old):
		return nil
	case n < replicas:
		return []string{old[n-1]}
	}
	return append([]string(nil), old[n-1:]...)
}

// String renders a batch as "1<-a 2<-b,c 3<-", for tests and progress.
func (b Batch) String() string {
	parts := make([]string, 0, len(b))
	for _, r := range b {
		parts = append(parts, fmt.Sprintf("%d<-%s", r.Number, strings.Join(r.Replaces, ",")))
	}
	return strings.Join(parts, " ")
}

// replaced lists every old container the batch replaces.
func (b Batch) replaced() []string {
	var out []string
	for _, r := range b {
		out = append(out, r.Replaces...)
	}
	return out
}
