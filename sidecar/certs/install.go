package certs

import (
	"context"
	"crypto/sha1"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
)

// Runtime is the part of HAProxy's runtime API that installs certificates
// (haproxy.Runtime).
type Runtime interface {
	SetCertificate(ctx context.Context, path string, bundle []byte) error
	CertificateFingerprint(ctx context.Context, path string) (string, error)
	CrtListEntries(ctx context.Context, crtList string) ([]string, error)
	AddCrtListEntry(ctx context.Context, crtList, path string) error
	DelCrtListEntry(ctx context.Context, crtList, path string) error
	DeleteCertificate(ctx context.Context, path string) error
	ACLEntries(ctx context.Context, file string) ([]string, error)
	AddACLEntry(ctx context.Context, file, value string) error
	DelACLEntry(ctx context.Context, file, value string) error
}

// Reloader reloads HAProxy (haproxy.Master).
type Reloader interface {
	Reload(ctx context.Context) error
}

// Bundle is a certificate to serve.
type Bundle struct {
	// Domain is the canonical domain; it names the file.
	Domain string
	// PEM is the certificate chain and key.
	PEM []byte
	// Hosts are the names requests may be redirected to HTTPS for: the
	// certificate's names while it is valid, none otherwise.
	Hosts []string
}

// Installer puts certificates into the shared files and the running HAProxy.
type Installer struct {
	// Files is the shared certificate folder.
	Files Files
	// Runtime changes the running HAProxy.
	Runtime Runtime
	// Reloader reloads HAProxy when the runtime API refuses a change.
	Reloader Reloader
	// Log receives what happened.
	Log *slog.Logger
	// Installed, when set, is told the bundles after each Install that
	// wrote them to the files (the leader publishes them to followers).
	Installed func(bundles []Bundle)
}

// Install makes the files and the running HAProxy serve exactly the given
// bundles (plus the fallback) and redirect exactly their hosts: the
// certificates of domains no longer routed leave the files, the crt-list
// and HAProxy's memory. Files are written first, so a reload or restart at
// any moment finds a consistent state. A HAProxy that is not running is left to read the files when it
// starts; one that refuses a runtime change is reloaded.
func (in *Installer) Install(ctx context.Context, fallback []byte, bundles []Bundle) error {
	hosts, domains := hostsAndDomains(bundles)
	for _, b := range bundles {
		if err := in.Files.WriteBundle(b.Domain, b.PEM); err != nil {
			return err
		}
	}
	if err := in.Files.WriteCrtList(domains); err != nil {
		return err
	}
	if err := in.Files.WriteHosts(hosts); err != nil {
		return err
	}
	if err := in.Files.RemoveBundlesExcept(domains); err != nil {
		return err
	}
	if in.Installed != nil {
		in.Installed(bundles)
	}
	err := in.syncRuntime(ctx, fallback, bundles, hosts)
	if err == nil || haproxyDown(err) {
		return nil
	}
	in.Log.Warn("runtime API refused a certificate change; reloading haproxy", "err", err)
	if rerr := in.Reloader.Reload(ctx); rerr != nil {
		return fmt.Errorf("installing certificates: %w; reloading haproxy: %w", err, rerr)
	}
	return nil
}

// hostsAndDomains returns the sorted, unique hosts and the bundles' domains.
func hostsAndDomains(bundles []Bundle) (hosts, domains []string) {
	for _, b := range bundles {
		hosts = append(hosts, b.Hosts...)
		domains = append(domains, b.Domain)
	}
	slices.Sort(hosts)
	slices.Sort(domains)
	return slices.Compact(hosts), domains
}

// syncRuntime brings the running HAProxy's certificates, crt-list and
// hosts list in line with the files.
func (in *Installer) syncRuntime(ctx context.Context, fallback []byte, bundles []Bundle, hosts []string) error {
	tls := in.Files.TLS(0)
	if err := in.syncCert(ctx, tls.DefaultCert, fallback); err != nil {
		return err
	}
	listed, err := in.Runtime.CrtListEntries(ctx, tls.CrtList)
	if err != nil {
		return err
	}
	wanted := make([]string, 0, len(bundles))
	for _, b := range bundles {
		path := in.Files.haproxyPath(bundleName(b.Domain))
		wanted = append(wanted, path)
		if err := in.syncCert(ctx, path, b.PEM); err != nil {
			return err
		}
		if slices.Contains(listed, path) {
			continue
		}
		if err := in.Runtime.AddCrtListEntry(ctx, tls.CrtList, path); err != nil {
			return err
		}
		in.Log.Info("certificate added to haproxy", "domain", b.Domain)
	}
	if err := in.syncHosts(ctx, tls.HostsFile, hosts); err != nil {
		return err
	}
	return in.removeStale(ctx, tls.CrtList, listed, wanted)
}

// removeStale takes the certificates listed in HAProxy's crt-list but not
// wanted out of the crt-list and then out of HAProxy's memory. Hosts are
// synced before, so no host is redirected to HTTPS without its certificate.
func (in *Installer) removeStale(ctx context.Context, crtList string, listed, wanted []string) error {
	for _, path := range listed {
		if slices.Contains(wanted, path) {
			continue
		}
		if err := in.Runtime.DelCrtListEntry(ctx, crtList, path); err != nil {
			return err
		}
		if err := in.Runtime.DeleteCertificate(ctx, path); err != nil {
			return err
		}
		in.Log.Info("certificate removed from haproxy", "file", path)
	}
	return nil
}

// syncCert loads bundle under path unless HAProxy serves it already.
func (in *Installer) syncCert(ctx context.Context, path string, bundle []byte) error {
	have, err := in.Runtime.CertificateFingerprint(ctx, path)
	if err != nil {
		return err
	}
	want, err := fingerprint(bundle)
	if err != nil || have == want {
		return err
	}
	if err := in.Runtime.SetCertificate(ctx, path, bundle); err != nil {
		return err
	}
	in.Log.Info("certificate loaded into haproxy", "file", path)
	return nil
}

// syncHosts makes HAProxy's hosts list hold exactly hosts.
func (in *Installer) syncHosts(ctx context.Context, file string, hosts []string) error {
	have, err := in.Runtime.ACLEntries(ctx, file)
	if err != nil {
		return err
	}
	for _, h := range hosts {
		if !slices.Contains(have, h) {
			if err := in.Runtime.AddACLEntry(ctx, file, h); err != nil {
				return err
			}
		}
	}
	slices.Sort(have)
	for _, h := range slices.Compact(have) {
		if !slices.Contains(hosts, h) {
			if err := in.Runtime.DelACLEntry(ctx, file, h); err != nil {
				return err
			}
		}
	}
	return nil
}

// fingerprint is the SHA-1 fingerprint of the bundle's first certificate,
// in HAProxy's notation (upper-case hex).
func fingerprint(bundle []byte) (string, error) {
	block, _ := pem.Decode(bundle)
	if block == nil {
		return "", errors.New("certificate bundle holds no PEM block")
	}
	return fmt.Sprintf("%X", sha1.Sum(block.Bytes)), nil
}

// haproxyDown reports whether err says HAProxy's socket did not answer
// (HAProxy not started yet, or restarting).
func haproxyDown(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}
