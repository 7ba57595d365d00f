package acme

import "strconv"

// loadAccount is loadOwnedAccount of the sidecar's own account.
func (s *Store) loadAccount(directoryURL, email string) (*account, error) {
	return s.loadOwnedAccount(directoryURL, "", email)
}

// mustAtoi converts a port number known to be valid.
func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}
