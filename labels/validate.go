package labels

import (
	"errors"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DeploymentIDLayout is the time layout of deployment ids (YYYYMMDDHHMMSS).
const DeploymentIDLayout = "20060102150405"

var (
	appNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,62}$`)
	domainLabel    = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// pathChars are the characters of an RFC 3986 path and query, less the
	// quote and '#' and '\' that would break an haproxy.cfg line.
	pathChars = regexp.MustCompile(`^[A-Za-z0-9._~!$&()*+,;=:@%/?-]*$`)
)

// ValidateAppName checks that name can name a Compose project and an HAProxy backend.
func ValidateAppName(name string) error {
	if name == "" {
		return errors.New("is empty")
	}
	if !appNamePattern.MatchString(name) {
		return errors.New("must be lower-case letters, digits, '-' or '_', start with a letter or digit, at most 63 characters")
	}
	return nil
}

// ValidateDomain checks that name is a lower-case DNS host name with at
// least two labels, optionally starting with "*." for a wildcard.
func ValidateDomain(name string) error {
	if name == "" {
		return errors.New("is empty")
	}
	if name != strings.ToLower(name) {
		return errors.New("must be lower-case")
	}
	host := strings.TrimPrefix(name, "*.")
	if len(host) > 253 {
		return errors.New("is longer than 253 characters")
	}
	parts := strings.Split(host, ".")
	if len(parts) < 2 {
		return errors.New("is not a fully qualified domain name (like app.example.com)")
	}
	for _, p := range parts {
		if !domainLabel.MatchString(p) {
			return errors.New("has an invalid part " + strconv.Quote(p) + " (letters, digits and inner '-' only)")
		}
	}
	return nil
}

// ValidatePort checks that port is a TCP port number from 1 to 65535,
// written in plain decimal (no sign, no leading zero).
func ValidatePort(port string) error {
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != port {
		return errors.New("is not a port number from 1 to 65535")
	}
	return nil
}

// ValidateHealthCheckPath checks that path is an absolute URL path (a query
// is allowed) made of URL characters only, so that it can be written into
// haproxy.cfg unquoted, of at most MaxValueBytes bytes.
func ValidateHealthCheckPath(path string) error {
	if len(path) > MaxValueBytes {
		return errors.New("is longer than " + strconv.Itoa(MaxValueBytes) + " bytes")
	}
	if !strings.HasPrefix(path, "/") {
		return errors.New("must start with '/'")
	}
	if !pathChars.MatchString(path) {
		return errors.New("must contain only URL path characters (no spaces, quotes, '#' or '\\')")
	}
	return nil
}

// ValidateDeploymentID checks that id is a YYYYMMDDHHMMSS time stamp.
func ValidateDeploymentID(id string) error {
	if len(id) != len(DeploymentIDLayout) {
		return errors.New("must be 14 digits, YYYYMMDDHHMMSS")
	}
	if _, err := time.Parse(DeploymentIDLayout, id); err != nil {
		return errors.New("is not a valid YYYYMMDDHHMMSS time stamp")
	}
	return nil
}

// ValidateEmail checks that email is one plain e-mail address (no display
// name, no quoting or spaces) of at most MaxEmailBytes bytes.
func ValidateEmail(email string) error {
	if len(email) > MaxEmailBytes {
		return errors.New("is longer than " + strconv.Itoa(MaxEmailBytes) + " bytes")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email || strings.ContainsAny(email, " \t\r\n\"<>,;") {
		return errors.New("is not an e-mail address")
	}
	return nil
}
