package main

import (
	"fmt"
	"net/http"
	"time"
)

// healthcheckTimeout bounds one health probe; Docker's own timeout is
// usually shorter and wins.
const healthcheckTimeout = 5 * time.Second

// probe GETs url and returns nil on a 2xx answer.
func probe(url string) error {
	c := &http.Client{Timeout: healthcheckTimeout}
	resp, err := c.Get(url)
	if err != nil {
		return fmt.Errorf("probing %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("probing %s: status %s", url, resp.Status)
	}
	return nil
}

// healthURL is the /healthz address of the local server listening on port.
func healthURL(port string) string {
	return "http://127.0.0.1:" + port + "/healthz"
}
