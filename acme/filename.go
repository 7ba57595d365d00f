package acme

import (
	"errors"
	"strings"

	"github.com/haloydev/haloy/labels"
)

// wildcardFilePrefix stands for "*." in file names: a file name with '*'
// is awkward in shells and HAProxy's crt-list, and "_wildcard" is no valid
// host name label, so it never collides with a real domain's file.
const wildcardFilePrefix = "_wildcard."

// FileName is the base name (without extension) of domain's files in the
// store and in HAProxy's certificate folder: the domain itself, with a
// leading "*." written as "_wildcard.".
func FileName(domain string) string {
	if rest, ok := strings.CutPrefix(domain, "*."); ok {
		return wildcardFilePrefix + rest
	}
	return domain
}

// DomainOfFile is the inverse of FileName.
func DomainOfFile(name string) string {
	if rest, ok := strings.CutPrefix(name, wildcardFilePrefix); ok {
		return "*." + rest
	}
	return name
}

// validateStoreName accepts the names a certificate can be stored under:
// host names, and wildcard names (obtained with DNS-01).
func validateStoreName(name string) error {
	rest, wildcard := strings.CutPrefix(name, "*.")
	if wildcard && strings.Contains(rest, "*") {
		return errors.New("only the first label of a wildcard name may be '*'")
	}
	return labels.ValidateDomain(rest)
}
