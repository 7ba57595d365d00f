package routing

import (
	"maps"
	"sync"

	"github.com/haloydev/haloy/labels"
)

// decoded is the result of decoding one container's labels.
type decoded struct {
	labels map[string]string
	route  labels.Route
	err    error
}

// decodeCache remembers each container's decoded labels between passes:
// decoding (with its validation) is most of Build's work, and a
// container's labels never change. An entry is only used when the labels
// are still equal, so the cache never changes Build's result.
var decodeCache = struct {
	sync.Mutex
	byID map[string]decoded
}{byID: map[string]decoded{}}

// decodeAll decodes the labels of cs, reusing earlier results, and forgets
// containers no longer present.
func decodeAll(cs []Container) []decoded {
	decodeCache.Lock()
	defer decodeCache.Unlock()
	out := make([]decoded, len(cs))
	next := make(map[string]decoded, len(cs))
	for i, c := range cs {
		d, ok := decodeCache.byID[c.ID]
		if !ok || !maps.Equal(d.labels, c.Labels) {
			r, err := labels.Decode(c.Labels)
			d = decoded{labels: maps.Clone(c.Labels), route: r, err: err}
		}
		out[i], next[c.ID] = d, d
	}
	decodeCache.byID = next
	return out
}
