// Package observe carries what each reconcile pass observed to every part
// of the sidecar that acts on it. The reconcile loop lists the labelled
// containers, decodes them once and builds the routing model; it then
// publishes one Snapshot on a Feed. The certificate loop takes its
// domains, owners, e-mails and challenges from the latest Snapshot, and
// the status and metrics show it, so nothing lists or decodes the
// containers a second time and every consumer sees the same pass.
package observe
