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

// DecodeCache remembers each container's decoded labels between builds:
// decoding (with its validation) is most of a build's work, and a
// container's labels never change. An entry is only used when the labels
// are still equal, so a cache never changes a build's result. The caller
// that builds repeatedly (the reconcile loop) owns one and passes it in
// Input.Decoded; the package itself keeps no state. The zero value is
// ready to use; it is safe for concurrent builds.
type DecodeCache struct {
	mu   sync.Mutex
	byID map[string]decoded
}

// Len is how many containers' labels the cache holds.
func (c *DecodeCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byID)
}

// decodeAll decodes the labels of cs, reusing the results in cache (nil:
// none) and forgetting there the containers no longer present.
func decodeAll(cache *DecodeCache, cs []Container) []decoded {
	if cache == nil {
		cache = &DecodeCache{}
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	out := make([]decoded, len(cs))
	next := make(map[string]decoded, len(cs))
	for i, c := range cs {
		d, ok := cache.byID[c.ID]
		if !ok || !maps.Equal(d.labels, c.Labels) {
			r, err := labels.Decode(c.Labels)
			d = decoded{labels: maps.Clone(c.Labels), route: r, err: err}
		}
		out[i], next[c.ID] = d, d
	}
	cache.byID = next
	return out
}
