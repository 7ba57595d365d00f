package faststart

import (
	"strconv"
	"strings"
)

// atLeast reports whether API version v ("major.minor") is min or later;
// an empty or unreadable v is not.
func atLeast(v, min string) bool {
	got, ok := parse(v)
	want, _ := parse(min)
	if !ok {
		return false
	}
	if got[0] != want[0] {
		return got[0] > want[0]
	}
	return got[1] >= want[1]
}

// parse reads "major.minor" into two numbers.
func parse(v string) ([2]int, bool) {
	major, minor, found := strings.Cut(v, ".")
	a, err1 := strconv.Atoi(major)
	b, err2 := strconv.Atoi(minor)
	if !found || err1 != nil || err2 != nil {
		return [2]int{}, false
	}
	return [2]int{a, b}, true
}
