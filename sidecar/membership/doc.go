// Package membership decides which containers may join the app their
// dev.haloy.appName label names. Labels are untrusted: anyone who can start
// a container can copy another app's name and a later deployment id, so
// membership comes from durable state the sidecar keeps on its data volume:
//
//   - apps deployed by docker haloy or the API register each deployment,
//     with its container ids, before its replicas start, and promote it once
//     they are healthy; only registered containers join such an app, and a
//     registered deployment is routed only once promoted;
//   - an app started by plain Compose (or Portainer) is bound to the Compose
//     project and service of the container that first served it; containers
//     of other projects or services are refused;
//   - the sidecar's own API app (haloy-api) accepts only the sidecar's
//     own container;
//   - `docker haloy stop` retires an app (its containers drain, none of its
//     deployments serves) and, once its containers are gone, forgets it, so
//     a later container of that name starts over as a new app.
//
// With Policy.RegisteredOnly, containers of unregistered apps are refused
// too. Decide is pure; Store keeps State in a file.
package membership
