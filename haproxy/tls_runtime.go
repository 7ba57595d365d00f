package haproxy

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
)

// Answers HAProxy gives to the certificate and ACL commands.
const (
	answerNewCert      = "New empty certificate store"
	answerCertExists   = "already exists!"
	answerTransaction  = "Transaction created for certificate"
	answerSuccess      = "Success!"
	answerNoCert       = "Can't display the certificate"
	answerEntryDeleted = "Entry '"       // ... deleted in crtlist '...'!
	answerCertDeleted  = "Certificate '" // ... deleted! (a refusal starts "certificate '")
	fingerprintField   = "SHA1 FingerPrint: "
	crtListCommentMark = "#"
)

// safePath matches file paths and ACL values that cannot smuggle extra
// arguments or commands into a CLI line.
var safePath = regexp.MustCompile(`^[A-Za-z0-9_./*:-]+$`)

// SetCertificate installs bundle (PEM certificate chain and key) in
// HAProxy's certificate store under path, creating the entry when HAProxy
// has none, and commits it: new TLS handshakes use it at once, open
// connections are not touched. A certificate that is new to HAProxy also
// needs AddCrtListEntry before clients can get it.
func (r Runtime) SetCertificate(ctx context.Context, path string, bundle []byte) error {
	if err := checkPaths(path); err != nil {
		return err
	}
	out, err := r.Exec(ctx, "new ssl cert "+path)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(out, answerNewCert) && !strings.HasSuffix(out, answerCertExists) {
		return &CommandError{Command: "new ssl cert " + path, Answer: out}
	}
	if err := r.setCertPayload(ctx, path, bundle); err != nil {
		return err
	}
	out, err = r.Exec(ctx, "commit ssl cert "+path)
	if err == nil && !strings.Contains(out, answerSuccess) {
		err = &CommandError{Command: "commit ssl cert " + path, Answer: out}
	}
	if err != nil {
		r.Exec(ctx, "abort ssl cert "+path)
	}
	return err
}

// setCertPayload opens a transaction for path with the bundle as payload.
func (r Runtime) setCertPayload(ctx context.Context, path string, bundle []byte) error {
	cmd := "set ssl cert " + path
	out, err := send(ctx, r.Socket, cmd, cmd+" <<\n"+payload(bundle)+"\n", DefaultCommandTimeout)
	if err != nil {
		return err
	}
	if !strings.HasPrefix(out, answerTransaction) {
		r.Exec(ctx, "abort ssl cert "+path)
		return &CommandError{Command: cmd, Answer: out}
	}
	return nil
}

// payload returns the PEM text without blank lines (a blank line ends a
// CLI payload) and with a final newline.
func payload(bundle []byte) string {
	var b strings.Builder
	for line := range bytes.Lines(bundle) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		b.Write(bytes.TrimRight(line, "\r\n"))
		b.WriteByte('\n')
	}
	return b.String()
}

// CertificateFingerprint returns the SHA-1 fingerprint (upper-case hex,
// as HAProxy prints it) of the certificate HAProxy serves from path, or
// "" when it has none there.
func (r Runtime) CertificateFingerprint(ctx context.Context, path string) (string, error) {
	if err := checkPaths(path); err != nil {
		return "", err
	}
	out, err := r.Exec(ctx, "show ssl cert "+path)
	if err != nil || strings.HasPrefix(out, answerNoCert) {
		return "", err
	}
	for line := range strings.Lines(out) {
		if fp, ok := strings.CutPrefix(strings.TrimSpace(line), fingerprintField); ok {
			return fp, nil
		}
	}
	return "", nil
}

// CrtListEntries returns the certificate files in HAProxy's crt-list
// crtList (options and SNI filters left out).
func (r Runtime) CrtListEntries(ctx context.Context, crtList string) ([]string, error) {
	if err := checkPaths(crtList); err != nil {
		return nil, err
	}
	cmd := "show ssl crt-list " + crtList
	out, err := r.Exec(ctx, cmd)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(out, crtListCommentMark) {
		return nil, &CommandError{Command: cmd, Answer: out}
	}
	var files []string
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) > 0 && !strings.HasPrefix(f[0], crtListCommentMark) {
			files = append(files, f[0])
		}
	}
	return files, nil
}

// AddCrtListEntry adds the certificate file path, already in HAProxy's
// store (see SetCertificate), to crtList; HAProxy then picks it for
// clients whose SNI matches one of its names. Adding a file that is in
// the list already makes a duplicate entry: check CrtListEntries first.
func (r Runtime) AddCrtListEntry(ctx context.Context, crtList, path string) error {
	return r.crtListCommand(ctx, "add", crtList, path, func(out string) bool { return strings.Contains(out, answerSuccess) })
}

// DelCrtListEntry removes the certificate file path from crtList; HAProxy
// stops picking it for new TLS handshakes at once. Open connections keep
// their certificate.
func (r Runtime) DelCrtListEntry(ctx context.Context, crtList, path string) error {
	return r.crtListCommand(ctx, "del", crtList, path, func(out string) bool { return strings.HasPrefix(out, answerEntryDeleted) })
}

// crtListCommand runs "<verb> ssl crt-list crtList path"; ok tells a
// successful answer.
func (r Runtime) crtListCommand(ctx context.Context, verb, crtList, path string, ok func(string) bool) error {
	if err := checkPaths(crtList, path); err != nil {
		return err
	}
	cmd := verb + " ssl crt-list " + crtList + " " + path
	out, err := r.Exec(ctx, cmd)
	if err == nil && !ok(out) {
		err = &CommandError{Command: cmd, Answer: out}
	}
	return err
}

// DeleteCertificate removes path from HAProxy's certificate store. HAProxy
// refuses while a crt-list still uses it: call DelCrtListEntry first.
func (r Runtime) DeleteCertificate(ctx context.Context, path string) error {
	if err := checkPaths(path); err != nil {
		return err
	}
	cmd := "del ssl cert " + path
	out, err := r.Exec(ctx, cmd)
	if err == nil && !strings.HasPrefix(out, answerCertDeleted) {
		err = &CommandError{Command: cmd, Answer: out}
	}
	return err
}

// ACLEntries returns the patterns HAProxy holds for the ACL file file.
func (r Runtime) ACLEntries(ctx context.Context, file string) ([]string, error) {
	if err := checkPaths(file); err != nil {
		return nil, err
	}
	cmd := "show acl " + file
	out, err := r.Exec(ctx, cmd)
	if err != nil {
		return nil, err
	}
	var values []string
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case len(f) == 2 && strings.HasPrefix(f[0], "0x"):
			values = append(values, f[1])
		default:
			return nil, &CommandError{Command: cmd, Answer: out}
		}
	}
	return values, nil
}

// AddACLEntry adds value to the patterns of the ACL file file (in memory;
// write the file too so a reload keeps it). Adding a value twice makes a
// duplicate: check ACLEntries first.
func (r Runtime) AddACLEntry(ctx context.Context, file, value string) error {
	return r.aclCommand(ctx, "add acl", file, value)
}

// DelACLEntry removes value from the patterns of the ACL file file.
func (r Runtime) DelACLEntry(ctx context.Context, file, value string) error {
	return r.aclCommand(ctx, "del acl", file, value)
}

func (r Runtime) aclCommand(ctx context.Context, verb, file, value string) error {
	if err := checkPaths(file, value); err != nil {
		return err
	}
	return r.expect(ctx, fmt.Sprintf("%s %s %s", verb, file, value), "")
}

// checkPaths rejects paths and values that are not plain words.
func checkPaths(paths ...string) error {
	for _, p := range paths {
		if !safePath.MatchString(p) {
			return fmt.Errorf("%q is not a valid HAProxy file path or pattern (letters, digits, '_', '.', '/', '*', ':', '-')", p)
		}
	}
	return nil
}
