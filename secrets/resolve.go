package secrets

import (
	"fmt"
	"strings"

	"github.com/hashicorp/go-multierror"
)

// Resolve decrypts the named secrets, e.g. all those an app's env refers
// to, and returns them by name. It reports every problem at once: all the
// missing names, each with the command that sets it, and every secret that
// cannot be decrypted. The identity is needed only when some secret exists.
// The returned error is a *multierror.Error; errors.Is finds ErrNotFound and
// the others in it.
func (s *Store) Resolve(names []string) (map[string]string, error) {
	var errs *multierror.Error
	var found []record
	seen := map[string]bool{}
	for _, name := range names {
		if seen[name] {
			continue
		}
		seen[name] = true
		r, err := s.lookup(name, "set it with: "+setCommand+" "+name)
		if err != nil {
			errs = multierror.Append(errs, err)
			continue
		}
		found = append(found, r)
	}
	values, err := s.decryptAll(found)
	errs = multierror.Append(errs, err)
	if len(errs.Errors) > 0 {
		errs.ErrorFormat = listErrors
		return nil, errs
	}
	return values, nil
}

// decryptAll decrypts the records with one loading of the identity.
func (s *Store) decryptAll(recs []record) (map[string]string, error) {
	values := make(map[string]string, len(recs))
	if len(recs) == 0 {
		return values, nil
	}
	ids, err := loadIdentities(s.dir)
	if err != nil {
		return nil, err
	}
	var errs *multierror.Error
	for _, r := range recs {
		v, err := decrypt(r, ids, s.dir)
		errs = multierror.Append(errs, err)
		values[r.Name] = v
	}
	return values, errs.ErrorOrNil()
}

// listErrors formats Resolve's errors: a single one as is, several as a list.
func listErrors(errs []error) string {
	if len(errs) == 1 {
		return errs[0].Error()
	}
	lines := make([]string, len(errs))
	for i, err := range errs {
		lines[i] = "\n  - " + err.Error()
	}
	return fmt.Sprintf("%d problems with secrets:%s", len(errs), strings.Join(lines, ""))
}
