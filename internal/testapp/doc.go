// Command testapp is a tiny static HTTP server used by Haloy's integration
// tests and the quickstart. It reports its version and host name, can be told
// to start late, to be slow or to be unhealthy, serves long-lived streams for
// drain tests, and doubles as its own Docker HEALTHCHECK client, because the
// scratch images it ships in have no shell.
//
// Flags (each has an environment variable for use in images):
//
//	-listen       address to serve on (default ":80"; PORT replaces its port)
//	-version      version reported by every response (APP_VERSION, default "dev")
//	-start-delay  wait this long before listening (START_DELAY, e.g. 2s)
//	-unhealthy    answer /healthz with 503 (UNHEALTHY=1)
//	-slow         delay added to every response (SLOW, e.g. 500ms)
//	-healthcheck  run as a client: GET /healthz on 127.0.0.1 and exit 0 on 2xx
//
// Routes:
//
//	/          "version=<v> host=<hostname>" and the X-App-Version header
//	/healthz   200 "ok", or 503 when unhealthy
//	/slow?d=2s sleeps d (default 1s), then answers like /
//	/stream    a chunked stream, one line every 100ms until the client leaves
//	           (or n lines with ?n=N); /ws is the same stream
//
// On SIGTERM or SIGINT it stops accepting connections and gives in-flight
// requests up to ten seconds to finish.
package main
