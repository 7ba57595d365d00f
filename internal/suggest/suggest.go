// Package suggest finds the closest known word to a mistyped one, for
// "did you mean ...?" hints in error messages.
package suggest

import "strings"

// Closest returns the candidate nearest to word by edit distance (ignoring
// case), or "" when none is close enough to be a plausible typo.
func Closest(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		d := distance(strings.ToLower(word), strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || bestDist > maxTypos(word) {
		return ""
	}
	return best
}

// maxTypos is how many edits still count as a typo of word.
func maxTypos(word string) int {
	return max(2, len(word)/3)
}

// distance is the edit distance between a and b counting insertions,
// deletions, substitutions and swaps of two neighbouring letters.
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
