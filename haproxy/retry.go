package haproxy

// RetryOn is when HAProxy retries a request on another server (up to
// "retries 3", each retry redispatched): the connection failed
// (conn-failure), the server closed it after taking the request and before
// any byte of an answer (empty-response: a replica killed, crashing, or
// closing its keep-alive connections on SIGTERM), or TLS early data was
// refused (0rtt-rejected). All three keywords exist in HAProxy 2.6 and 3.x.
// A server timeout (response-timeout) is not retried: a slow request would
// run again on every server, each for the whole server timeout.
//
// Safe for which requests: conn-failure is safe for every method, POST
// too: the connection was never made, so no server saw the request (it is
// what a replica that closed its listener on SIGTERM, or an address that
// is gone, costs). empty-response and 0rtt-rejected happen after the
// request may have reached the app, so backends disable them for every
// method but GET, HEAD and OPTIONS (retrySafeMethods, "http-request
// disable-l7-retry", which keeps connection-failure retries). junk-response,
// response-timeout and status codes are not retried at all: the app may
// have acted on the request.
const RetryOn = "conn-failure empty-response 0rtt-rejected"

// retrySafeMethods is the condition under which a request may be retried
// after the server took it: only safe methods (GET, HEAD, OPTIONS), which
// change nothing when sent twice. Other requests are retried only when the
// connection failed, so the server never saw them.
const retrySafeMethods = "METH_GET || METH_OPTIONS"
