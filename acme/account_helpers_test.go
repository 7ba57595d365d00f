package acme

// loadAccount is loadOwnedAccount of the sidecar's own account.
func (s *Store) loadAccount(directoryURL, email string) (*account, error) {
	return s.loadOwnedAccount(directoryURL, "", email)
}
