// Package wire holds the types that cross between the two binaries: the
// sidecar's status, its HTTP API's requests, operations, events and
// errors, deployment history and domain ownership listings. Both the CLI
// plugin and the sidecar import it; it imports no Docker client and no
// compose-go, so the standalone client can link it alone.
//
// Certificate status lives in the sub-package wire/certstatus.
package wire
