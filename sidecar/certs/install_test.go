package certs

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/haloydev/haloy/acme"
)

// testFiles is a Files in a temporary folder, owner unchanged.
func testFiles(t *testing.T) Files {
	return Files{Dir: filepath.Join(t.TempDir(), "certs"), HAProxyDir: "/usr/local/etc/haproxy/certs", UID: -1, GID: -1}
}

func TestPrepareMakesPrivateFilesAndKeepsTheFallback(t *testing.T) {
	f := testFiles(t)
	now := time.Now()
	first, err := f.Prepare(now)
	if err != nil {
		t.Fatal(err)
	}
	c, err := acme.ParseBundle(first)
	if err != nil || c.Names()[0] != DefaultCertName {
		t.Fatalf("fallback: %v %v", err, c)
	}
	for _, name := range []string{defaultCertName, crtListName, hostsName} {
		fi, err := os.Stat(filepath.Join(f.Dir, name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v; want mode 0600", name, err, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(f.Dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", fi.Mode().Perm())
	}
	again, _ := f.Prepare(now)
	if string(again) != string(first) {
		t.Error("a usable fallback was replaced")
	}
	later, _ := f.Prepare(now.Add(acme.SelfSignedValidity - 29*24*time.Hour))
	if string(later) == string(first) {
		t.Error("a fallback expiring within 30 days was kept")
	}
}

func TestInstallWritesFilesThenSyncsHAProxy(t *testing.T) {
	f := testFiles(t)
	fallback, err := f.Prepare(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	rt, rl := newFakeRuntime(), &fakeReloader{}
	in := &Installer{Files: f, Runtime: rt, Reloader: rl, Log: discardLog()}
	a := selfSignedCert([]string{"a.example.com", "www.a.example.com"}, time.Now(), time.Hour)
	bundles := []Bundle{{Domain: "a.example.com", PEM: a.Bundle, Hosts: a.Names()}}
	if err := in.Install(context.Background(), fallback, bundles); err != nil {
		t.Fatal(err)
	}
	path := "/usr/local/etc/haproxy/certs/a.example.com.pem"
	want := []string{"set /usr/local/etc/haproxy/certs/default.pem", "set " + path, "add crt-list " + path,
		"add acl a.example.com", "add acl www.a.example.com"}
	if got := rt.takeCalls(); !slices.Equal(got, want) {
		t.Errorf("runtime calls = %q, want %q", got, want)
	}
	checkFile(t, filepath.Join(f.Dir, "a.example.com.pem"), string(a.Bundle))
	checkFile(t, filepath.Join(f.Dir, crtListName), path+"\n")
	checkFile(t, filepath.Join(f.Dir, hostsName), "a.example.com\nwww.a.example.com\n")

	if err := in.Install(context.Background(), fallback, bundles); err != nil {
		t.Fatal(err)
	}
	if got := rt.takeCalls(); len(got) != 0 {
		t.Errorf("an unchanged install sent %q", got)
	}

	renewed := selfSignedCert([]string{"a.example.com"}, time.Now(), time.Hour)
	if err := in.Install(context.Background(), fallback, []Bundle{{Domain: "a.example.com", PEM: renewed.Bundle}}); err != nil {
		t.Fatal(err)
	}
	want = []string{"set " + path, "del acl a.example.com", "del acl www.a.example.com"}
	if got := rt.takeCalls(); !slices.Equal(got, want) {
		t.Errorf("after renewal without hosts: calls = %q, want %q", got, want)
	}
	checkFile(t, filepath.Join(f.Dir, hostsName), "")
	if rl.n != 0 {
		t.Errorf("%d reloads, want none", rl.n)
	}
}

func TestInstallReloadsOnlyWhenTheRuntimeAPIRefuses(t *testing.T) {
	f := testFiles(t)
	fallback, _ := f.Prepare(time.Now())
	a := selfSignedCert([]string{"a.example.com"}, time.Now(), time.Hour)
	bundles := []Bundle{{Domain: "a.example.com", PEM: a.Bundle, Hosts: a.Names()}}

	down := newFakeRuntime()
	down.down = true
	rl := &fakeReloader{}
	in := &Installer{Files: f, Runtime: down, Reloader: rl, Log: discardLog()}
	if err := in.Install(context.Background(), fallback, bundles); err != nil || rl.n != 0 {
		t.Errorf("HAProxy down: err %v, %d reloads; want nil and none (it reads the files when it starts)", err, rl.n)
	}

	refusing := newFakeRuntime()
	refusing.refuse = "add crt-list"
	in.Runtime = refusing
	if err := in.Install(context.Background(), fallback, bundles); err != nil || rl.n != 1 {
		t.Errorf("runtime refused: err %v, %d reloads; want nil and one", err, rl.n)
	}
}

func checkFile(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("%s = %q, %v; want %q", filepath.Base(path), got, err, want)
	}
}

// TestInstallRemovesDomainsNoLongerRouted installs two certificates, then
// only one: the other leaves the hosts list, the crt-list and HAProxy's
// memory (in that order) and its file is deleted; the fallback stays.
func TestInstallRemovesDomainsNoLongerRouted(t *testing.T) {
	f := testFiles(t)
	fallback, _ := f.Prepare(time.Now())
	rt, rl := newFakeRuntime(), &fakeReloader{}
	in := &Installer{Files: f, Runtime: rt, Reloader: rl, Log: discardLog()}
	a := selfSignedCert([]string{"a.example.com"}, time.Now(), time.Hour)
	b := selfSignedCert([]string{"b.example.com"}, time.Now(), time.Hour)
	both := []Bundle{{Domain: "a.example.com", PEM: a.Bundle, Hosts: a.Names()}, {Domain: "b.example.com", PEM: b.Bundle, Hosts: b.Names()}}
	if err := in.Install(context.Background(), fallback, both); err != nil {
		t.Fatal(err)
	}
	rt.takeCalls()
	if err := in.Install(context.Background(), fallback, both[:1]); err != nil {
		t.Fatal(err)
	}
	pathB := "/usr/local/etc/haproxy/certs/b.example.com.pem"
	want := []string{"del acl b.example.com", "del crt-list " + pathB, "del cert " + pathB}
	if got := rt.takeCalls(); !slices.Equal(got, want) {
		t.Errorf("runtime calls = %q, want %q", got, want)
	}
	if _, ok := rt.certs[pathB]; ok || slices.Contains(rt.crtList, pathB) {
		t.Errorf("HAProxy still holds %s: crt-list %q", pathB, rt.crtList)
	}
	if _, err := os.Stat(filepath.Join(f.Dir, "b.example.com.pem")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("b.example.com.pem still exists: %v", err)
	}
	for _, name := range []string{"a.example.com.pem", defaultCertName} {
		if _, err := os.Stat(filepath.Join(f.Dir, name)); err != nil {
			t.Errorf("%s: %v, want it kept", name, err)
		}
	}
	checkFile(t, filepath.Join(f.Dir, crtListName), "/usr/local/etc/haproxy/certs/a.example.com.pem\n")
	checkFile(t, filepath.Join(f.Dir, hostsName), "a.example.com\n")
	if rl.n != 0 {
		t.Errorf("%d reloads, want none", rl.n)
	}
}
