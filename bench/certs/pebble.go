package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Pebble's containers on the haloy network.
const (
	pebbleContainer   = "haloy-bench-pebble"
	challSrvContainer = "haloy-bench-challtestsrv"
	pebbleDirectory   = "https://pebble:14000/dir"
)

// startPebble starts pebble-challtestsrv, answering every name with
// HAProxy's address (so Pebble validates through HAProxy :80), and Pebble
// beside it; it returns the file of the root that Pebble's HTTPS API is
// signed with.
func startPebble(ctx context.Context, o options, dir string) (string, error) {
	haproxyIP, err := containerIP(ctx, "haloy-haproxy")
	if err != nil {
		return "", err
	}
	if _, err := dockerCmd(ctx, "run", "-d", "--name", challSrvContainer, "--network", "haloy", "--entrypoint", "/pebble-challtestsrv", o.pebbleImage,
		"-defaultIPv4", haproxyIP, "-defaultIPv6=", "-dnsserver", ":8053", "-management", ":8055",
		"-http01=", "-https01=", "-tlsalpn01=", "-doh="); err != nil {
		return "", err
	}
	dnsIP, err := containerIP(ctx, challSrvContainer)
	if err != nil {
		return "", err
	}
	if _, err := dockerCmd(ctx, "run", "-d", "--name", pebbleContainer, "--network", "haloy", "--network-alias", "pebble",
		"-e", "PEBBLE_VA_NOSLEEP=1", o.pebbleImage, "-config", "/test/config/pebble-config.json", "-dnsserver", dnsIP+":8053"); err != nil {
		return "", err
	}
	minica := filepath.Join(dir, "pebble.minica.pem")
	if _, err := dockerCmd(ctx, "cp", pebbleContainer+":/test/certs/pebble.minica.pem", minica); err != nil {
		return "", err
	}
	return minica, nil
}

// pebbleRoots waits for Pebble's management API and returns the root it
// issues under (a new one at every start of Pebble).
func pebbleRoots(ctx context.Context, minica string) (*x509.CertPool, error) {
	client, err := minicaClient(minica)
	if err != nil {
		return nil, err
	}
	ip, err := containerIP(ctx, pebbleContainer)
	if err != nil {
		return nil, err
	}
	url := "https://" + net.JoinHostPort(ip, "15000") + "/roots/0"
	deadline := time.Now().Add(30 * time.Second)
	for {
		pool, err := fetchRoots(client, url)
		if err == nil || time.Now().After(deadline) {
			return pool, err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// fetchRoots reads the PEM roots at url.
func fetchRoots(client *http.Client, url string) (*x509.CertPool, error) {
	resp, err := client.Get(url)
	if err != nil {
		return nil, fmt.Errorf("fetching pebble's root: %w", err)
	}
	defer resp.Body.Close()
	pem, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading pebble's root: %w", err)
	}
	pool := x509.NewCertPool()
	if resp.StatusCode != http.StatusOK || !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("GET %s: %s %s", url, resp.Status, pem)
	}
	return pool, nil
}

// minicaClient trusts the roots in file for the server name "pebble".
func minicaClient(file string) (*http.Client, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", file, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no certificate in %s", file)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "pebble"}}
	return &http.Client{Timeout: 5 * time.Second, Transport: tr}, nil
}

// containerIP is name's address on the haloy network.
func containerIP(ctx context.Context, name string) (string, error) {
	out, err := dockerCmd(ctx, "inspect", "-f", `{{(index .NetworkSettings.Networks "haloy").IPAddress}}`, name)
	ip := strings.TrimSpace(out)
	if err == nil && net.ParseIP(ip) == nil {
		err = fmt.Errorf("%s has no address on the haloy network: %q", name, ip)
	}
	return ip, err
}

// dockerCmd runs docker args... and returns its output.
func dockerCmd(ctx context.Context, args ...string) (string, error) {
	out, err := exec.CommandContext(ctx, "docker", args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("docker %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}
