package haproxy

import "strconv"

// Health-check cadence of every app server: a check each second, two
// failures mark a server down (about 2 s), one success marks it up again.
// The same parameters are used in the file and by Runtime.AddServer,
// because servers added at runtime do not inherit default-server settings.
const (
	CheckInterval = "1s"
	CheckFall     = 2
	CheckRise     = 1
)

// Server weights. A live server has ServerWeight; a draining one is written
// with weight 0, which sends it no new requests while its in-flight
// requests finish and its health checks go on. Runtime.ReadyServer sets the
// weight back to ServerWeight.
const (
	ServerWeight   = 100
	DrainingWeight = 0
)

// serverArgs is what follows "server <name>" in the file and
// "add server <backend>/<name>" on the runtime API. Idle server
// connections are pooled and reused (a 2.5x throughput difference measured
// here). "pool-max-conn -1" is spelled out because HAProxy gives a server
// added at runtime no idle pool at all by default, so without it every
// request to a new deployment's replica opened a fresh TCP connection;
// "pool-purge-delay 1s" lets a drained server's idle connections go
// soon, since HAProxy refuses "del server" while any remain (see
// Runtime.RemoveServer and ErrServerBusy). "observe layer4 error-limit 1
// on-error mark-down" takes a server out of the balancing at its first
// refused connection, so the request's retries (redispatched, see the
// defaults) go to servers that still accept: a replica Docker is stopping
// closes its listener before the sidecar has marked it draining.
func serverArgs(s Server) string {
	w := ServerWeight
	if s.Draining {
		w = DrainingWeight
	}
	return s.Address + ":" + s.Port +
		" check inter " + CheckInterval +
		" fall " + strconv.Itoa(CheckFall) +
		" rise " + strconv.Itoa(CheckRise) +
		" weight " + strconv.Itoa(w) +
		" observe layer4 error-limit 1 on-error mark-down" +
		" pool-max-conn -1 pool-purge-delay 1s"
}

// BackendName is the HAProxy backend that serves app.
func BackendName(app string) string {
	return "app_" + app
}

// VariantBackendName is the backend of variant key of app. App names
// contain no '.', so it never equals another app's BackendName, and the
// app and key can be read back from it.
func VariantBackendName(app, key string) string {
	return BackendName(app) + "." + key
}
